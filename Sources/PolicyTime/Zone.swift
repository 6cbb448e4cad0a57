import Foundation

/// An IANA time zone (Europe/London by default), for every local-clock question:
/// local dates, midnights, office hours, "overnight". A value; never the system zone.
public struct Zone: Sendable, Hashable {
    public let identifier: String
    private let tz: TimeZone
    let transitions: Transitions

    public init(identifier: String) throws(TimeError) {
        if let refusal = Zone.refusal(of: identifier) { throw refusal }
        // Most incidents are in the default zone: its table is read from the system once.
        if identifier == "Europe/London", let (tz, transitions) = Zone.london {
            self.identifier = identifier
            self.tz = tz
            self.transitions = transitions
            return
        }
        guard let tz = TimeZone(identifier: identifier) else {
            throw TimeError("is not a time zone name; use an IANA name like \"Europe/London\"")
        }
        self.identifier = identifier
        self.tz = tz
        self.transitions = Transitions(identifier, tz)
    }

    private static let london: (TimeZone, Transitions)? = TimeZone(identifier: "Europe/London").map { ($0, Transitions("Europe/London", $0)) }

    /// The tz database's zone names (canonical), for suggestions.
    public static var knownNames: [String] { TimeZone.knownTimeZoneIdentifiers }

    /// Names without a region that the tz database keeps as links and that mean one thing.
    private static let plainNames: Set<String> = ["UTC", "GMT", "GB", "Eire", "Etc/UTC", "Etc/GMT"]

    /// Why a name is not accepted even where Foundation would read it: abbreviations
    /// ("BST" reads as Bangladesh, "IST" as India) and fixed offsets whose sign is the
    /// reverse of what people expect (`Etc/GMT+5` is five hours behind UTC).
    public static func refusal(of name: String) -> TimeError? {
        if name.isEmpty { return TimeError("an empty time zone name; use an IANA name like \"Europe/London\"") }
        let upper = name.uppercased()
        for prefix in ["ETC/GMT", "GMT", "UTC", "ETC/UTC"] where upper.hasPrefix(prefix) && upper.count > prefix.count {
            let next = upper[upper.index(upper.startIndex, offsetBy: prefix.count)]
            if next == "+" || next == "-" {
                return TimeError("is a fixed offset, and ambiguous (in the tz database Etc/GMT+5 means five hours behind UTC); name the place's zone, like \"Europe/London\"")
            }
        }
        if !name.contains("/"), !plainNames.contains(name) {
            let uk = ["BST", "GMT", "WET", "WEST", "UK", "BDST"].contains(upper)
            return TimeError("is not a time zone name but an abbreviation or code, which can mean several places; "
                             + (uk ? "for the UK use \"Europe/London\"" : "use an IANA name like \"Europe/London\""),
                             suggestion: uk ? "Europe/London" : nil)
        }
        return nil
    }

    public static func == (a: Zone, b: Zone) -> Bool { a.identifier == b.identifier }
    public func hash(into h: inout Hasher) { h.combine(identifier) }

    /// Seconds east of UTC at an instant: from the zone's transition table (built once,
    /// 1970 to 2100), so per-event conversions do not go through ICU.
    public func offset(at t: Instant) -> Int64 {
        if let o = transitions.offset(at: t.seconds) { return o }
        return Int64(tz.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t.seconds))))
    }

    /// The offset at `t` and the span of time around it with that same offset (`from`
    /// included, `until` not), from the transition table; nil outside its years (1970 to 2100).
    public func offsetSpan(at t: Instant) -> (offset: Int64, from: Int64, until: Int64)? {
        transitions.interval(at: t.seconds)
    }

    /// Seconds since the epoch of the local wall clock at `t`, as if it were UTC.
    func wall(_ t: Instant) -> Int64 { t.seconds + offset(at: t) }

    public func localDate(of t: Instant) -> LocalDate {
        let w = wall(t)
        return LocalDate(daysSinceEpoch: Int((w >= 0 ? w : w - 86_399) / 86_400))
    }

    /// Local minute of the day at `t`.
    public func localMinute(of t: Instant) -> Int {
        let w = wall(t)
        return Int(((w % 86_400) + 86_400) % 86_400) / 60
    }

    /// The instant a local date and clock time happen. In the autumn overlap, the
    /// first of the two; in the spring gap, the clock time moves forward by the gap.
    public func instant(_ date: LocalDate, _ minuteOfDay: Int) -> Instant {
        let local = Int64(date.daysSinceEpoch) * 86_400 + Int64(minuteOfDay) * 60
        // Most days are nowhere near a clock change: one lookup settles them.
        if let (o, from, until) = transitions.interval(at: local), local - o - from > 2 * 86_400, until - (local - o) > 2 * 86_400 {
            return Instant(secondsSinceEpoch: local - o)
        }
        return instantNearAChange(date, minuteOfDay)
    }

    /// `instant(_:_:)` worked out with care for the days around a clock change.
    func instantNearAChange(_ date: LocalDate, _ minuteOfDay: Int) -> Instant {
        let local = Int64(date.daysSinceEpoch) * 86_400 + Int64(minuteOfDay) * 60
        let o1 = offset(at: Instant(secondsSinceEpoch: local))
        let t1 = local - o1
        let o2 = offset(at: Instant(secondsSinceEpoch: t1))
        if o2 == o1 {
            // Also valid with the other offset around a transition? Prefer the earlier instant.
            let before = offset(at: Instant(secondsSinceEpoch: t1 - 3 * 3600))
            if before != o1, offset(at: Instant(secondsSinceEpoch: local - before)) == before { return Instant(secondsSinceEpoch: min(t1, local - before)) }
            return Instant(secondsSinceEpoch: t1)
        }
        let t2 = local - o2
        if offset(at: Instant(secondsSinceEpoch: t2)) == o2 { return Instant(secondsSinceEpoch: t2) }
        // In a gap: neither offset gives this wall time; use the offset before the gap.
        return Instant(secondsSinceEpoch: local - min(o1, o2))
    }

    public func startOfDay(_ d: LocalDate) -> Instant { instant(d, 0) }

    /// The first of the local clock times strictly after `t`.
    public func nextLocalTime(_ times: [LocalTime], after t: Instant) -> Instant {
        var day = localDate(of: t)
        for _ in 0..<3 {
            for time in times.sorted() {
                let candidate = instant(day, time.minuteOfDay)
                if candidate > t { return candidate }
            }
            day = day.adding(days: 1)
        }
        return t
    }

    /// At least 6 hours long, and overlapping some local 00:00–06:00.
    public func isOvernight(from start: Instant, to end: Instant, minimum: Int64 = 6 * 3600,
                            window: (from: Int, to: Int) = (0, 360)) -> Bool {
        guard end.seconds - start.seconds >= minimum else { return false }
        // Most episodes are nowhere near a clock change: with one offset from two days before the
        // start to two days after the end, the nights are plain arithmetic, with one table lookup
        // instead of one for every date and window edge (`isOvernightCarefully` gives the same).
        let (s, e) = (start.seconds, end.seconds)
        if let (o, from, until) = transitions.interval(at: s), s - 3 * 86_400 >= from, e + 3 * 86_400 < until {
            let first = Zone.floorDays(s + o) - 1, last = Zone.floorDays(e + o)
            var day = first
            while day <= last {
                let a = day * 86_400 + Int64(window.from) * 60 - o, b = day * 86_400 + Int64(window.to) * 60 - o
                if s < b && e > a { return true }
                day += 1
            }
            return false
        }
        return isOvernightCarefully(from: start, to: end, window: window)
    }

    private static func floorDays(_ wall: Int64) -> Int64 { (wall >= 0 ? wall : wall - 86_399) / 86_400 }

    /// `isOvernight` for an episode of at least the minimum length, date by date through the zone's table.
    func isOvernightCarefully(from start: Instant, to end: Instant, window: (from: Int, to: Int) = (0, 360)) -> Bool {
        var day = localDate(of: start).adding(days: -1)
        let last = localDate(of: end)
        while day <= last {
            let a = instant(day, window.from), b = instant(day, window.to)
            if start < b && end > a { return true }
            day = day.adding(days: 1)
        }
        return false
    }

    /// "GMT", "BST", or an offset like "UTC+02:00" where the zone has no familiar name.
    public func abbreviation(at t: Instant) -> String {
        let o = offset(at: t)
        if identifier == "Europe/London" { return o == 0 ? "GMT" : "BST" }
        if o == 0 { return "UTC" }
        if let a = tz.abbreviation(for: Date(timeIntervalSince1970: TimeInterval(t.seconds))), a.first?.isLetter == true, !a.hasPrefix("GMT") { return a }
        let h = abs(o) / 3600, m = abs(o) % 3600 / 60
        return "UTC\(o < 0 ? "-" : "+")\(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m)"
    }

    /// "Sat 14 Mar 2026 22:10 GMT".
    public func describe(_ t: Instant) -> String {
        if identifier == "Europe/London" { return shortString(Zone.maxDescriptionBytes) { writeDescription(of: t, to: $0)! } }
        return shortString(Zone.maxDescriptionBytes) { writeLocalTime(of: t, offset: offset(at: t), to: $0) } + abbreviation(at: t)
    }

    /// "Wed 18 Mar 2026".
    public func describeDate(_ d: LocalDate) -> String { d.words }
}

/// A zone's offset changes, read once from the system's time zone data. Immutable.
final class Transitions: Sendable {
    static let from: Int64 = 0                // 1970-01-01
    static let until: Int64 = 4_102_444_800  // 2100-01-01
    /// Instants at which the offset changes, and the offset from each on.
    let instants: [Int64]
    let offsets: [Int64]
    let initial: Int64

    /// From the system's tz file when it can be read plainly (`ZoneFile`), otherwise from `tz`.
    convenience init(_ identifier: String, _ tz: TimeZone) {
        if let (initial, instants, offsets) = ZoneFile.table(identifier) {
            self.init(initial: initial, instants: instants, offsets: offsets)
        } else {
            self.init(tz)
        }
    }

    init(initial: Int64, instants: [Int64], offsets: [Int64]) {
        self.initial = initial
        self.instants = instants
        self.offsets = offsets
    }

    /// Through Foundation's TimeZone (ICU), change by change.
    init(_ tz: TimeZone) {
        func offset(_ t: Int64) -> Int64 { Int64(tz.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t)))) }
        var instants: [Int64] = [], offsets: [Int64] = []
        var t = Transitions.from
        initial = offset(t)
        while let next = tz.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: TimeInterval(t))) {
            let n = Int64(next.timeIntervalSince1970)
            guard n > t, n < Transitions.until else { break }
            instants.append(n)
            offsets.append(offset(n))
            t = n
        }
        self.instants = instants
        self.offsets = offsets
    }

    /// nil outside the table's years.
    func offset(at t: Int64) -> Int64? { interval(at: t)?.offset }

    /// The offset at `t` and the span of time around it with that same offset; nil outside the table's years.
    func interval(at t: Int64) -> (offset: Int64, from: Int64, until: Int64)? {
        guard t >= Transitions.from, t < Transitions.until else { return nil }
        let lo = changes(through: t)
        return (lo == 0 ? initial : offsets[lo - 1], lo == 0 ? Transitions.from : instants[lo - 1],
                lo < instants.count ? instants[lo] : Transitions.until)
    }

    /// How many changes come at or before `t`. Changes come about evenly (twice a year where
    /// clocks go forward and back), so a guess from the first and last is a step or two from
    /// the answer: read every time an episode's nights are counted, it is cheaper than the
    /// search. A guess further out (an irregular table) falls back to the search.
    func changes(through t: Int64) -> Int {
        let n = instants.count
        guard n > 1 else { return changesBySearch(through: t) }
        let first = instants[0], last = instants[n - 1]
        if t < first { return 0 }
        if t >= last { return n }
        // first <= t < last, so the answer lies in 1...n-1 and stays there as the guess moves.
        var lo = Int((t - first) * Int64(n - 1) / (last - first)) + 1
        for _ in 0..<4 {
            if instants[lo - 1] > t { lo -= 1 } else if instants[lo] <= t { lo += 1 } else { return lo }
        }
        return changesBySearch(through: t)
    }

    /// `changes(through:)` by binary search: the general path, and what the guess must agree with.
    func changesBySearch(through t: Int64) -> Int {
        var lo = 0, hi = instants.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if instants[mid] <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
