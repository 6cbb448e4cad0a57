/// The report for a practitioner: overdue first, then pending by due time, then
/// the rest; local times with the zone's abbreviation; citations. Every value from the
/// record or the rule file is written as `Shown.escaped` shows it (`JSONBytes.shown`), so
/// that none can start a line of its own (an incident id holding a newline) or act on the
/// terminal.
public enum ReportText {
    /// The report as one string (the bytes `write` gives, joined).
    public static func render(_ r: Report) -> String {
        var text = ""
        text.reserveCapacity(1024 + 330 * r.obligations.count + 250 * (r.escalations.count + r.indeterminateNotifications.count))
        write(r) { text += String(decoding: $0, as: UTF8.self) }
        return text
    }

    /// The report as UTF-8, handed to `sink` in chunks of about `chunkSize` bytes (each ends
    /// between entries; valid only during the call), as `ReportJSON.write` does.
    public static func write<E: Error>(_ r: Report, chunkSize: Int = 1 << 16,
                                       to sink: (UnsafeRawBufferPointer) throws(E) -> Void) throws(E) {
        let z = r.zone
        let w = JSONBytes(capacity: min(chunkSize, 1 << 20) + 4096, keeping: true)
        func flush(always: Bool = false) throws(E) {
            guard always ? !w.isEmpty : w.count >= chunkSize else { return }
            let done: Result<Void, E> = w.withBytes { chunk in
                do throws(E) { try sink(chunk); return .success(()) } catch { return .failure(error) }
            }
            try done.get()
            w.clear()
        }
        w.shown(r.policy.title); w.raw(" ("); w.shown(r.policy.id); w.raw(" "); w.shown(r.policy.version); w.raw(")\n")
        w.raw("Incident "); w.shown(r.incident); w.raw(", as of "); w.words(r.asOf, in: z); w.raw("\n")
        if !r.versions.isEmpty {
            // Versions side by side: which one each duty follows, by the day it arose.
            w.raw("Versions, by the day each duty arose: ")
            for (k, v) in r.versions.enumerated() {
                if k > 0 { w.raw("; ") }
                w.shown(v.version); w.raw(" (")
                if let from = v.effective { w.raw("from "); w.plain(z.describeDate(from)) } else { w.raw("from the start") }
                if let until = v.until { w.raw(" until "); w.plain(z.describeDate(until)) }
                if let replaces = v.replaces { w.raw(", replacing "); w.shown(replaces) }
                w.raw("): "); w.int(v.obligations); w.raw(v.obligations == 1 ? " duty" : " duties")
            }
            w.raw("\n")
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
            w.raw("No duties apply.\n")
        } else {
            w.plain((counts.isEmpty ? "No duties apply" : counts.joined(separator: ", ")) + (tells.isEmpty ? "" : "; " + tells.joined(separator: ", ")) + "\n")
        }

        let groups: [(StaticString, [ObligationStatus])] = [
            ("OVERDUE", [.overdue]), ("PENDING", [.pending]), ("INDETERMINATE", [.indeterminate]),
            ("LATE OR EARLY", [.late, .early]), ("MET", [.met]), ("CANCELLED", [.cancelled]),
        ]
        // Each group's entries by index, found in one pass: a long record's report is not copied per group.
        var byStatus = [ObligationStatus: [Int]]()
        for (i, o) in r.obligations.enumerated() { byStatus[o.status, default: []].append(i) }
        var because = TextPhrases(w)
        for (title, statuses) in groups {
            let items = statuses.count == 1 ? byStatus[statuses[0]] ?? [] : statuses.flatMap { byStatus[$0] ?? [] }.sorted()
            guard !items.isEmpty else { continue }
            w.raw("\n"); w.raw(title); w.raw("\n")
            for i in items {
                let o = r.obligations[i]
                let facts = o.shared.facts
                w.raw("  ["); w.plain(o.status.rawValue); w.raw("] ")
                for (k, action) in facts.actions.enumerated() {
                    if k > 0 { w.raw(" or ") }
                    w.shown(action)
                }
                w.raw(" ")
                if o.immediately { w.raw("immediately, ") }
                if let date = o.dueDate {
                    w.raw("by the end of "); w.write(max: LocalDate.maxWordsBytes) { date.writeWords(to: $0) }
                } else if o.due == .noDeadline {
                    w.raw("with no date yet")
                } else {
                    w.raw("by "); w.words(o.due, in: z)
                }
                if let who = o.responsible { w.raw(" — "); w.shown(r.roleName(who)) }
                w.raw("\n      rule "); w.shown(facts.rule); w.raw(", "); w.shown(facts.citation.document); w.raw(" §"); w.shown(facts.citation.section)
                if let v = o.policyVersion { w.raw(" (version "); w.shown(v); w.raw(")") }
                if case .scheduled(_, let number, _)? = o.reasons.list(o.shared).first {
                    // A later occurrence of a fixed schedule arose on the schedule, not at its trigger's time.
                    w.raw("; occurrence "); w.shown(String(number)); w.raw(" on the schedule triggered by "); w.shown(o.triggeredBy)
                    w.raw(", arose "); w.words(o.triggeredAt, in: z); w.raw("\n")
                } else {
                    w.raw("; triggered by "); w.shown(o.triggeredBy); w.raw(" at "); w.words(o.triggeredAt, in: z); w.raw("\n")
                }
                if let by = o.satisfiedBy, let at = o.satisfiedAt { w.raw("      done: "); w.shown(by); w.raw(" at "); w.words(at, in: z); w.raw("\n") }
                if let by = o.cancelledBy { w.raw("      cancelled by "); w.shown(by); w.raw("\n") }
                if let by = o.closedBy { w.raw("      closed by "); w.shown(by); w.raw(" while overdue: the breach stands\n") }
                for reason in o.reasons.list(o.shared) { o.shared.words.compose(reason, into: &because) }
                try flush()
            }
        }
        func notifications(_ title: StaticString, _ list: [Report.Escalation], _ verb: StaticString) throws(E) {
            guard !list.isEmpty else { return }
            w.raw("\n"); w.raw(title); w.raw("\n")
            for e in list {
                w.raw("  "); w.words(e.at, in: z); w.raw(": "); w.raw(verb); w.raw(" ")
                for (k, role) in e.notify.enumerated() {
                    if k > 0 { w.raw("; ") }
                    w.shown(r.roleName(role))
                }
                let facts = e.shared.facts
                w.raw("\n      rule "); w.shown(facts.rule); w.raw(", "); w.shown(facts.citation.document); w.raw(" §"); w.shown(facts.citation.section); w.raw("\n")
                for reason in e.reasons.list(e.shared) { e.shared.words.compose(reason, into: &because) }
                try flush()
            }
        }
        try notifications("NOTIFICATIONS TO MAKE", r.escalations.filter { $0.kind == .notification }, "notify")
        try notifications("ESCALATIONS (duties overdue)", r.escalations.filter { $0.kind == .escalation }, "notify")
        try notifications("INDETERMINATE NOTIFICATIONS (the record does not say whether they are needed)", r.indeterminateNotifications, "would notify")
        if !r.diagnostics.isEmpty {
            w.raw("\nNOTES ON THE RECORD\n")
            for d in r.diagnostics {
                w.raw("  "); w.plain(d.severity.rawValue); w.raw(": ")
                if let event = d.event { w.raw("event "); w.shown(event); w.raw(": ") }
                w.shown(d.message); w.raw("\n")
                try flush()
            }
        }
        try flush(always: true)
    }
}

/// Reasons as lines of the text report: "      because …".
struct TextPhrases: PhraseSink {
    let out: JSONBytes

    init(_ out: JSONBytes) { self.out = out }

    mutating func begin() { out.raw("      because ") }
    mutating func fixed(_ s: StaticString) { out.raw(s) }
    mutating func text(_ s: String) { out.shown(s) }
    mutating func int(_ n: Int) { out.int(n) }
    mutating func instant(_ t: Instant, in zone: Zone) { out.words(t, in: zone) }
    mutating func date(_ d: LocalDate) { out.write(max: LocalDate.maxWordsBytes) { d.writeWords(to: $0) } }
    mutating func end() { out.byte(0x0A) }
}

extension Report {
    /// A role's description for people ("Independent reviewing officer"), else its id in words.
    func roleName(_ id: String) -> String { roleNames[id] ?? id.replacingUnderscores }
}
