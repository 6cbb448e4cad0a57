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
