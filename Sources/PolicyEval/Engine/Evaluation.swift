/// Whole-incident evaluation: the batch form of a session.
public enum Evaluation {
    /// Evaluates every event up to `asOf` and reports as of then. Events after `asOf`
    /// are left out, each with a warning in the report's diagnostics.
    public static func evaluate(_ incident: Incident, policy: Policy, asOf: Instant, traceRule: String? = nil) throws(EvaluationError) -> (Report, [TraceEntry]) {
        var session = Session(policy: policy, incidentID: incident.id, zone: incident.zone, subject: incident.subject)
        session.checksDuplicateIDs = false  // an Incident's ids were checked when it was read
        session.reportsChanges = false
        session.state.reserve(forEvents: incident.events.count)
        if let id = traceRule, !session.trace(rule: id) {
            throw EvaluationError("policy '\(policy.id)' has no rule '\(id)'")
        }
        // Each event read in place: binding it to a name would copy it (its id and data counted).
        for i in incident.events.indices {
            if incident.events[i].time > asOf {
                session.warn(incident.events[i].id, "is after the evaluation instant \(asOf) and is left out")
                continue
            }
            guard policy.eventMatters[incident.events[i].type] else {
                try session.noteSkipped(incident.events[i])
                continue
            }
            try session.ingest(incident.events[i])
        }
        try session.advance(to: asOf)  // on the session itself, so `explain` sees the deadlines pass
        let report = session.buildReport(asOf: asOf)  // advanced already: no copy to advance
        return (report, session.trace)
    }

    public static func evaluate(_ incident: Incident, policy: Policy, asOf: Instant) throws(EvaluationError) -> Report {
        try evaluate(incident, policy: policy, asOf: asOf, traceRule: nil).0
    }
}

extension Vocabulary {
    /// Events that change facts or episodes matter even to a policy with no rule on them.
    func affectsState(_ type: EventTypeID) -> Bool {
        !events[type].sets.isEmpty || episodes.contains { $0.openedBy == type || $0.closedBy == type || $0.riskChangedBy == type }
    }
}
