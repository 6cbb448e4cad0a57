/// The report for a practitioner: overdue first, then pending by due time, then
/// the rest; local times with the zone's abbreviation; citations. Every value from the
/// record or the rule file is written through `Shown.escaped`, so that none can start a
/// line of its own (an incident id holding a newline) or act on the terminal.
public enum ReportText {
    public static func render(_ r: Report) -> String {
        let z = r.zone
        let e = Shown.escaped
        var out = ""
        out.reserveCapacity(1024 + 330 * r.obligations.count + 250 * (r.escalations.count + r.indeterminateNotifications.count))
        out += "\(e(r.policy.title)) (\(e(r.policy.id)) \(e(r.policy.version)))\n"
        out += "Incident \(e(r.incident)), as of \(z.describe(r.asOf))\n"
        if !r.versions.isEmpty {
            // Versions side by side: which one each duty follows, by the day it arose.
            let parts = r.versions.map { v in
                let from = v.effective.map { "from \(z.describeDate($0))" } ?? "from the start"
                let until = v.until.map { " until \(z.describeDate($0))" } ?? ""
                let replaces = v.replaces.map { ", replacing \(e($0))" } ?? ""
                return "\(e(v.version)) (\(from)\(until)\(replaces)): \(v.obligations) dut\(v.obligations == 1 ? "y" : "ies")"
            }
            out += "Versions, by the day each duty arose: \(parts.joined(separator: "; "))\n"
        }
        let counts = ObligationStatus.allCases.compactMap { s -> String? in
            let n = r.count(s)
            return n == 0 ? nil : "\(n) \(s.rawValue)"
        }
        // Duties (which can be met or missed) are counted apart from the people to tell.
        let told = [(r.count(.notification), "notification"), (r.count(.escalation), "escalation"),
                    (r.indeterminateNotifications.count, "indeterminate notification")]
        let tells = told.filter { $0.0 > 0 || !counts.isEmpty && $0.1 != "indeterminate notification" }
            .map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }
        if counts.isEmpty && tells.isEmpty {
            out += "No duties apply.\n"
        } else {
            out += (counts.isEmpty ? "No duties apply" : counts.joined(separator: ", ")) + (tells.isEmpty ? "" : "; " + tells.joined(separator: ", ")) + "\n"
        }

        let groups: [(String, [ObligationStatus])] = [
            ("OVERDUE", [.overdue]), ("PENDING", [.pending]), ("INDETERMINATE", [.indeterminate]),
            ("LATE OR EARLY", [.late, .early]), ("MET", [.met]), ("CANCELLED", [.cancelled]),
        ]
        // Each group's entries by index, found in one pass: a long record's report is not copied per group.
        var byStatus = [ObligationStatus: [Int]]()
        for (i, o) in r.obligations.enumerated() { byStatus[o.status, default: []].append(i) }
        for (title, statuses) in groups {
            let items = statuses.count == 1 ? byStatus[statuses[0]] ?? [] : statuses.flatMap { byStatus[$0] ?? [] }.sorted()
            guard !items.isEmpty else { continue }
            out += "\n\(title)\n"
            for i in items {
                let o = r.obligations[i]
                let due = o.dueDate.map { "by the end of \(z.describeDate($0))" }
                    ?? (o.due == .noDeadline ? "with no date yet" : "by \(z.describe(o.due))")
                let who = o.responsible.map { " — \(e(r.roleName($0)))" } ?? ""
                out += "  [\(o.status.rawValue)] \(e(o.actions.joined(separator: " or "))) \(o.immediately ? "immediately, " : "")\(due)\(who)\n"
                let version = o.policyVersion.map { " (version \(e($0)))" } ?? ""
                out += "      rule \(e(o.rule)), \(e(o.citation.document)) §\(e(o.citation.section))\(version); triggered by \(e(o.triggeredBy)) at \(z.describe(o.triggeredAt))\n"
                if let by = o.satisfiedBy, let at = o.satisfiedAt { out += "      done: \(e(by)) at \(z.describe(at))\n" }
                if let by = o.cancelledBy { out += "      cancelled by \(e(by))\n" }
                if let by = o.closedBy { out += "      closed by \(e(by)) while overdue: the breach stands\n" }
                for b in o.because { out += "      because \(e(b))\n" }
            }
        }
        func notifications(_ title: String, _ list: [Report.Escalation], _ verb: String) {
            guard !list.isEmpty else { return }
            out += "\n\(title)\n"
            for n in list {
                out += "  \(z.describe(n.at)): \(verb) \(e(n.notify.map(r.roleName).joined(separator: "; ")))\n"
                out += "      rule \(e(n.rule)), \(e(n.citation.document)) §\(e(n.citation.section))\n"
                for b in n.because { out += "      because \(e(b))\n" }
            }
        }
        notifications("NOTIFICATIONS TO MAKE", r.escalations.filter { $0.kind == .notification }, "notify")
        notifications("ESCALATIONS (duties overdue)", r.escalations.filter { $0.kind == .escalation }, "notify")
        notifications("INDETERMINATE NOTIFICATIONS (the record does not say whether they are needed)", r.indeterminateNotifications, "would notify")
        if !r.diagnostics.isEmpty {
            out += "\nNOTES ON THE RECORD\n"
            for d in r.diagnostics { out += "  \(d.severity.rawValue): \(d.event.map { "event \(e($0)): " } ?? "")\(e(d.message))\n" }
        }
        return out
    }
}

extension Report {
    /// A role's description for people ("Independent reviewing officer"), else its id in words.
    func roleName(_ id: String) -> String { roleNames[id] ?? id.replacingUnderscores }
}
