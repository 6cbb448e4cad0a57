/// `policyeval explain --rule ID`: every event one rule looked at, each condition
/// and its value, each deadline computed, and the duties that resulted.
public enum ExplainCommand {
    public struct Options: Sendable {
        public var input: IncidentInput
        public var rule: String
        public var asOf: String?
        public init(input: IncidentInput, rule: String, asOf: String?) {
            self.input = input
            self.rule = rule
            self.asOf = asOf
        }
    }

    public static func run(_ o: Options, now: Instant) -> CommandResult {
        let loaded: (Incident, PolicyVersions, [ReportDiagnostic], Instant)
        switch o.input.load(asOf: o.asOf, now: now) {
        case .failure(let f): return f.result
        case .success(let v): loaded = v
        }
        let (incident, versions, _, asOf) = loaded
        // Versions side by side: the rule as the latest version that has it words it; each duty follows its own version.
        let policy = versions.all.last { $0.rule(id: o.rule) != nil } ?? versions.latest
        guard let rule = policy.rule(id: o.rule) else {
            let near = Suggestion.closest(to: o.rule, among: policy.rules.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
            return .badInput("policy '\(policy.id)' has no rule \(Shown.code(o.rule))\(near)")
        }
        // Versions side by side: each version's own steps, under a heading saying which duties follow it.
        var report: Report, traces: [(heading: String?, entries: [TraceEntry])] = []
        do {
            if versions.areSeveral {
                report = try Evaluation.evaluate(incident, versions: versions, asOf: asOf)
                for v in report.versions {
                    guard let p = versions.all.first(where: { $0.version == v.version }), p.rule(id: o.rule) != nil else { continue }
                    let from = v.effective.map { " from \(incident.zone.describeDate($0))" } ?? ""
                    let until = v.until.map { " until \(incident.zone.describeDate($0))" } ?? ""
                    let (_, t) = try Evaluation.evaluate(incident, policy: p, asOf: asOf, traceRule: o.rule)
                    traces.append(("Version \(v.version): its duties are those that arose\(from)\(until); its steps over the whole record:", t))
                }
            } else {
                let t: [TraceEntry]
                (report, t) = try Evaluation.evaluate(incident, policy: policy, asOf: asOf, traceRule: o.rule)
                traces = [(nil, t)]
            }
        } catch {
            return .badInput("\(o.input.incidentPath ?? o.input.eventsPath ?? "the incident"): \(error.description)")
        }
        let z = incident.zone
        // Values from the record and the rule file, escaped as in the text report.
        let e = Shown.escaped
        var out = "Rule \(e(rule.id)) (\(e(policy.source)) §\(e(rule.cite)))\n"
        // A note written as a block of lines is one paragraph here.
        if let note = rule.note { out += "Note: \(e(note.split(separator: "\n").joined(separator: " ")))\n" }
        out += "Incident \(e(incident.id)), as of \(z.describe(asOf))\n\n"
        for (k, (heading, trace)) in traces.enumerated() {
            if let heading { out += (k > 0 ? "\n" : "") + "\(e(heading))\n" }
            if trace.isEmpty { out += "No event of a type this rule looks at.\n" }
            for t in trace {
                out += "  \(t.at.map { z.describe($0) } ?? "-"): \(e(t.text))\n"
            }
        }
        let mine = report.obligations.filter { $0.rule == rule.id }
        let told = report.escalations.filter { $0.rule == rule.id }
        let notices = told.filter { $0.kind == .notification }.count, raised = told.count - notices
        out += "\nResult: \(mine.count) dut\(mine.count == 1 ? "y" : "ies"), \(notices) notification\(notices == 1 ? "" : "s"), \(raised) escalation\(raised == 1 ? "" : "s")\n"
        for ob in mine {
            let due = ob.dueDate.map { "end of \(z.describeDate($0))" } ?? (ob.due == .noDeadline ? "with no date yet" : z.describe(ob.due))
            out += "  [\(ob.status.rawValue)] \(e(ob.action)) due \(due), triggered by \(e(ob.triggeredBy))\(ob.policyVersion.map { " (version \(e($0)))" } ?? "")\n"
            if let by = ob.satisfiedBy, let at = ob.satisfiedAt { out += "      done: \(e(by)) at \(z.describe(at))\n" }
            if let by = ob.cancelledBy { out += "      cancelled by \(e(by))\n" }
            if let by = ob.closedBy { out += "      closed by \(e(by)) while overdue: the breach stands\n" }
            for b in ob.because { out += "      because \(e(b))\n" }
        }
        for n in told { out += "  [\(n.kind.rawValue)] notify \(e(n.notify.joined(separator: ", "))) at \(z.describe(n.at))\n" }
        for n in report.indeterminateNotifications where n.rule == rule.id {
            out += "  [indeterminate] would notify \(e(n.notify.joined(separator: ", "))) at \(z.describe(n.at)): turns on \(e(n.unknown.joined(separator: ", ")))\n"
        }
        return CommandResult(stdout: out, exitCode: 0)
    }
}
