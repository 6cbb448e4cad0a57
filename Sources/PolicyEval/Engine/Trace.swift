/// One step of `explain`: what a rule looked at and what it concluded.
public struct TraceEntry: Sendable, Equatable {
    public var at: Instant?
    public var text: String
}

extension Session {
    /// Replays nothing: records, from now on, every step of one rule.
    public mutating func trace(rule id: String) -> Bool {
        guard let r = policy.rules.firstIndex(where: { $0.id == id }) else { return false }
        tracedRule = r
        return true
    }

    public var traceEntries: [TraceEntry] { trace }

    /// Callers check `tracedRule` first, so the text is built only for a traced rule.
    mutating func traceLine(_ rule: Int, _ text: String, at instant: Instant? = nil) {
        guard tracedRule == rule else { return }
        trace.append(TraceEntry(at: instant ?? state.clock, text: text))
    }

    mutating func traceEvent(_ event: Event) {
        guard let r = tracedRule else { return }
        let g = policy.graph
        // An episode's opening and closing events matter to its threshold rules too.
        let episodeEvent = policy.vocabulary.episodes.contains {
            ($0.openedBy == event.type || $0.closedBy == event.type) && (g.thresholds[$0.kind]?.contains(r) ?? false)
        }
        // So do the events that set the fact a fact trigger watches.
        let factEvent = policy.vocabulary.events[event.type].sets.contains { g.factTriggers[$0.0].contains(r) }
        guard episodeEvent || factEvent || g.triggers[event.type].contains(r) || g.discharges[event.type].contains(r) || g.cancels[event.type].contains(r)
                || g.precedes[event.type].contains(r) || policy.historyReaders[event.type].contains(r)
        else { return }
        trace.append(TraceEntry(at: event.time, text: "looked at \(event.id) \(policy.vocabulary.events[event.type].name) at \(describe(event.time))"))
    }
}

/// An event as counts and history read it, kept while a rule is traced.
struct TracedEvent: Sendable {
    var id: String
    var type: EventTypeID
    var time: Instant
    var data: [Value?]
}

/// An episode's start, kept while a rule is traced.
struct TracedEpisode: Sendable {
    var kind: Int
    var start: Instant
    var openedBy: String
}

extension Session {
    /// After a traced condition: for each count, episodes, exists or latest term it reads,
    /// which events it counted (ids and times), as the record stood when it was read.
    mutating func traceCounts(_ r: Int, _ c: Condition, at now: Instant, episode: EpisodeRecord?) {
        guard tracedRule == r else { return }
        for line in countedWords(c, at: now, episode: episode) { traceLine(r, line, at: now) }
    }

    func countedWords(_ c: Condition, at now: Instant, episode: EpisodeRecord?) -> [String] {
        var out: [String] = []
        func list(_ events: [TracedEvent]) -> String {
            events.isEmpty ? "none" : events.map { "\($0.id) (\(describe($0.time)))" }.joined(separator: ", ")
        }
        func add(_ line: String) { if !out.contains(line) { out.append(line) } }
        c.expr.visitLeaves { leaf in
            switch leaf {
            case .count(let type, let name, let window, let text):
                let counted = tracedRecord.filter { $0.type == type && $0.time > now + (-window) && $0.time <= now }
                add("  counted count(\(name), within: \(text)) = \(counted.count): \(list(counted))")
            case .episodes(let kind, let window, let text):
                guard let k = policy.vocabulary.episodes.firstIndex(where: { $0.kind == kind }) else { return }
                let end = episode?.kind == k ? episode!.start : now
                let counted = tracedEpisodes.filter { $0.kind == k && $0.start > end + (-window) && $0.start <= end }
                let items = counted.isEmpty ? "none" : counted.map { "\($0.openedBy) (started \(describe($0.start)))" }.joined(separator: ", ")
                add("  counted episodes(\(kind), within: \(text)) = \(counted.count), up to \(describe(end)): \(items)")
            case .exists(let t, _), .historyCount(let t, _):
                let counted = historyEvents(t, at: now)
                let name = leaf.isExists ? "exists" : "count"
                add("  counted \(name)(\(historyText(t))) = \(counted.count): \(list(counted))")
            case .latestField(let t, _, _, _, _, _, _), .latestTime(let t, _, _, _):
                let latest = historyEvents(t, at: now).last
                add("  read latest(\(historyText(t))): \(latest.map { "\($0.id) (\(describe($0.time)))" } ?? "none in the record")")
            default: break
            }
        }
        return out
    }

    /// A history term as written, less its function: "missing.reported, since: looked_after.started".
    private func historyText(_ t: Int) -> String {
        let term = policy.historyTerms[t]
        var parts = [policy.vocabulary.events[term.type].name]
        switch term.span {
        case .all: break
        case .since(let anchor): parts.append("since: \(policy.vocabulary.events[anchor].name)")
        case .within: parts.append("within: " + (term.label.split(separator: " ").dropFirst().first.map(String.init) ?? ""))
        }
        if let f = term.filter { parts.append("where: \(f.source)") }
        return parts.joined(separator: ", ")
    }

    /// The events a history term counts at an instant, in the record's order.
    private func historyEvents(_ t: Int, at now: Instant) -> [TracedEvent] {
        let term = policy.historyTerms[t]
        var start = 0
        if case .since(let anchor) = term.span {
            guard let last = tracedRecord.lastIndex(where: { $0.type == anchor }) else { return [] }
            start = last + 1
        }
        return tracedRecord[start...].filter { e in
            guard e.type == term.type else { return false }
            if case .within(let w) = term.span, !(e.time > now + (-w) && e.time <= now) { return false }
            if let f = term.filter, f.evaluate(RecordedEventInput(data: e.data, eventType: e.type, eventTime: e.time, dateZone: inputContext.zone)) != .yes { return false }
            return true
        }
    }
}

extension Expr {
    var isExists: Bool { if case .exists = self { true } else { false } }

    /// Calls `body` for every leaf and term, in reading order.
    func visitLeaves(_ body: (Expr) -> Void) {
        switch self {
        case .not(let x), .negate(let x), .member(let x, _), .said(let x), .saidOrUnknown(let x), .shiftDate(let x, _, _, _, _),
             .inOfficeHours(let x, _, _), .dateOf(let x): x.visitLeaves(body)
        case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .add(let a, let b), .subtract(let a, let b),
             .contains(let a, let b):
            a.visitLeaves(body)
            b.visitLeaves(body)
        default: body(self)
        }
    }
}
