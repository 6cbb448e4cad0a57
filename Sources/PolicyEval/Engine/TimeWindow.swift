import Collections

/// Instants in ascending order, for counting windows: counts are two binary searches and
/// old instants drop off the front, so no event ever re-scans the history.
struct TimeWindow: Sendable, Codable, Equatable {
    private(set) var times = Deque<Instant>()

    init() {}

    mutating func insert(_ t: Instant) {
        if let last = times.last, t < last {
            times.insert(t, at: firstIndex(after: t))  // rare: an episode starting before the previous one
        } else {
            times.append(t)
        }
    }

    /// Forgets instants before `horizon`.
    mutating func prune(before horizon: Instant) {
        while let first = times.first, first < horizon { times.removeFirst() }
    }

    /// How many instants lie in (from, to].
    func count(after from: Instant, upTo to: Instant) -> Int {
        max(0, firstIndex(after: to) - firstIndex(after: from))
    }

    /// The index of the first instant later than `t`.
    private func firstIndex(after t: Instant) -> Int {
        var lo = 0, hi = times.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if times[mid] <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
