/// The report as JSON, exactly per the report-format contract (fields in a fixed
/// order; extra fields only after the contract's). Same report, same bytes.
public enum ReportJSON {
    public static func render(_ r: Report) -> String {
        func instant(_ t: Instant?) -> String { t.map { JSON.quote($0.description) } ?? "null" }
        let summary = JSON.object(ObligationStatus.allCases.map { ($0.rawValue, String(r.count($0))) }
                                  + [("escalations", String(r.escalations.count)),
                                     ("indeterminate_notifications", String(r.indeterminateNotifications.count))])
        let obligations = r.obligations.map { o -> String in
            "    " + JSON.object([
                ("rule", JSON.quote(o.rule)),
                ("citation", citation(o.citation)),
                ("action", JSON.quote(o.action)),
                ("responsible", JSON.stringOrNull(o.responsible)),
                ("triggered_by", JSON.quote(o.triggeredBy)),
                ("triggered_at", instant(o.triggeredAt)),
                ("due", instant(o.due)),
                ("due_date", JSON.stringOrNull(o.dueDate?.description)),
                ("status", JSON.quote(o.status.rawValue)),
                ("satisfied_by", JSON.stringOrNull(o.satisfiedBy)),
                ("because", JSON.array(o.because.map(JSON.quote))),
                ("satisfied_at", instant(o.satisfiedAt)),
                ("cancelled_by", JSON.stringOrNull(o.cancelledBy)),
                ("immediately", o.immediately ? "true" : "false"),
                ("window_opens", instant(o.windowOpens)),
                ("occurrence", String(o.occurrence)),
                ("unknown", JSON.array(o.unknown.map(JSON.quote))),
                ("closed_by", JSON.stringOrNull(o.closedBy)),
            ])
        }
        func escalation(_ e: Report.Escalation, unknown: Bool) -> String {
            "    " + JSON.object([
                ("rule", JSON.quote(e.rule)), ("citation", citation(e.citation)), ("at", instant(e.at)),
                ("notify", JSON.array(e.notify.map(JSON.quote))), ("because", JSON.array(e.because.map(JSON.quote))),
            ] + (unknown ? [("unknown", JSON.array(e.unknown.map(JSON.quote)))] : []))
        }
        let escalations = r.escalations.map { escalation($0, unknown: false) }
        let indeterminate = r.indeterminateNotifications.map { escalation($0, unknown: true) }
        let diagnostics = r.diagnostics.map { d -> String in
            "    " + JSON.object([("severity", JSON.quote(d.severity.rawValue)), ("event", JSON.stringOrNull(d.event)),
                                  ("message", JSON.quote(d.message))])
        }
        func list(_ items: [String]) -> String { items.isEmpty ? "[]" : "[\n" + items.joined(separator: ",\n") + "\n  ]" }
        return """
        {
          "policy": \(JSON.object([("id", JSON.quote(r.policy.id)), ("version", JSON.quote(r.policy.version)), ("title", JSON.quote(r.policy.title))])),
          "incident": \(JSON.quote(r.incident)),
          "as_of": \(instant(r.asOf)),
          "summary": \(summary),
          "obligations": \(list(obligations)),
          "escalations": \(list(escalations)),
          "diagnostics": \(list(diagnostics)),
          "indeterminate_notifications": \(list(indeterminate))
        }

        """
    }

    static func citation(_ c: Report.Citation) -> String {
        JSON.object([("document", JSON.quote(c.document)), ("section", JSON.quote(c.section))])
    }
}
