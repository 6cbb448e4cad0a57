/// The report as JSON, exactly per the report-format contract (fields in a fixed
/// order; extra fields only after the contract's). Same report, same bytes.
public enum ReportJSON {
    public static func render(_ r: Report) -> String {
        var w = JSONWriter(capacity: 1024 + 900 * r.obligations.count + 500 * (r.escalations.count + r.indeterminateNotifications.count))
        w.raw("{\n  \"policy\": ")
        w.key("id", first: true); w.string(r.policy.id)
        w.key("version"); w.string(r.policy.version)
        w.key("title"); w.string(r.policy.title)
        if !r.versions.isEmpty {
            // Versions side by side: each, and which duties follow it (added after the contract's fields).
            w.key("versions"); w.raw("[")
            for (i, v) in r.versions.enumerated() {
                if i > 0 { w.raw(", ") }
                w.key("version", first: true); w.string(v.version)
                w.key("effective"); w.stringOrNull(v.effective?.description)
                w.key("replaces"); w.stringOrNull(v.replaces)
                w.key("until"); w.stringOrNull(v.until?.description)
                w.key("obligations"); w.int(v.obligations)
                w.endObject()
            }
            w.raw("]")
        }
        w.endObject()
        w.raw(",\n  \"incident\": "); w.string(r.incident)
        w.raw(",\n  \"as_of\": "); w.string(r.asOf.description)
        w.raw(",\n  \"summary\": ")
        var counts = [Int](repeating: 0, count: ObligationStatus.allCases.count)
        for o in r.obligations { counts[ObligationStatus.allCases.firstIndex(of: o.status)!] += 1 }
        for (k, status) in ObligationStatus.allCases.enumerated() {
            w.raw(k == 0 ? "{\"" : ", \""); w.raw(status.rawValue); w.raw("\": "); w.int(counts[k])
        }
        w.key("escalations"); w.int(r.escalations.count)
        w.key("indeterminate_notifications"); w.int(r.indeterminateNotifications.count)
        // The contract's `escalations` counts both kinds; these say how many of each.
        w.key("notifications"); w.int(r.count(.notification))
        w.key("overdue_escalations"); w.int(r.count(.escalation))
        w.endObject()
        w.raw(",\n  \"obligations\": ")
        list(&w, r.obligations) { w, o in
            w.key("rule", first: true); w.string(o.rule)
            w.key("citation"); citation(&w, o.citation)
            w.key("action"); w.string(o.action)
            w.key("responsible"); w.stringOrNull(o.responsible)
            w.key("triggered_by"); w.string(o.triggeredBy)
            w.key("triggered_at"); w.string(o.triggeredAt.description)
            w.key("due"); w.string(o.due.description)
            w.key("due_date"); w.stringOrNull(o.dueDate?.description)
            w.key("status"); w.string(o.status.rawValue)
            w.key("satisfied_by"); w.stringOrNull(o.satisfiedBy)
            w.key("because"); w.strings(o.because)
            w.key("satisfied_at"); w.stringOrNull(o.satisfiedAt?.description)
            w.key("cancelled_by"); w.stringOrNull(o.cancelledBy)
            w.key("immediately"); w.bool(o.immediately)
            w.key("window_opens"); w.stringOrNull(o.windowOpens?.description)
            w.key("occurrence"); w.int(o.occurrence)
            w.key("unknown"); w.strings(o.unknown)
            w.key("closed_by"); w.stringOrNull(o.closedBy)
            if let v = o.policyVersion { w.key("policy_version"); w.string(v) }
            w.endObject()
        }
        func escalation(_ w: inout JSONWriter, _ e: Report.Escalation, unknown: Bool) {
            w.key("rule", first: true); w.string(e.rule)
            w.key("citation"); citation(&w, e.citation)
            w.key("at"); w.string(e.at.description)
            w.key("notify"); w.strings(e.notify)
            w.key("because"); w.strings(e.because)
            w.key("kind"); w.string(e.kind.rawValue)
            if unknown { w.key("unknown"); w.strings(e.unknown) }
            w.endObject()
        }
        w.raw(",\n  \"escalations\": ")
        list(&w, r.escalations) { escalation(&$0, $1, unknown: false) }
        w.raw(",\n  \"diagnostics\": ")
        list(&w, r.diagnostics) { w, d in
            w.key("severity", first: true); w.string(d.severity.rawValue)
            w.key("event"); w.stringOrNull(d.event)
            w.key("message"); w.string(d.message)
            w.endObject()
        }
        w.raw(",\n  \"indeterminate_notifications\": ")
        list(&w, r.indeterminateNotifications) { escalation(&$0, $1, unknown: true) }
        w.raw("\n}\n")
        return w.text
    }

    /// `[]`, or one item a line, each indented four spaces.
    private static func list<T>(_ w: inout JSONWriter, _ items: [T], _ item: (inout JSONWriter, T) -> Void) {
        guard !items.isEmpty else { return w.raw("[]") }
        w.raw("[\n")
        for (i, x) in items.enumerated() {
            w.raw(i == 0 ? "    " : ",\n    ")
            item(&w, x)
        }
        w.raw("\n  ]")
    }

    private static func citation(_ w: inout JSONWriter, _ c: Report.Citation) {
        w.key("document", first: true); w.string(c.document)
        w.key("section"); w.string(c.section)
        w.endObject()
    }
}
