/// The report as JSON, exactly per the report-format contract (fields in a fixed
/// order; extra fields only after the contract's). Same report, same bytes.
public enum ReportJSON {
    /// The report as one string (the bytes `write` gives, joined).
    public static func render(_ r: Report) -> String {
        // Chunk by chunk (each ends between entries, so is whole UTF-8): the bytes are not held twice.
        var text = ""
        text.reserveCapacity(1024 + 700 * r.obligations.count + 400 * (r.escalations.count + r.indeterminateNotifications.count))
        write(r) { text += String(decoding: $0, as: UTF8.self) }
        return text
    }

    /// The report as UTF-8, handed to `sink` in chunks of about `chunkSize` bytes as it is
    /// written (the chunk is only valid during the call): a long record's report is never
    /// held whole in memory. The bytes are `render`'s. An error thrown by `sink` stops the
    /// writing and is thrown on.
    public static func write<E: Error>(_ r: Report, chunkSize: Int = 1 << 16,
                                       to sink: (UnsafeRawBufferPointer) throws(E) -> Void) throws(E) {
        let w = JSONBytes(capacity: min(chunkSize, 1 << 20) + 4096, keeping: true)
        func flush(_ w: JSONBytes, always: Bool = false) throws(E) {
            guard always ? !w.isEmpty : w.count >= chunkSize else { return }
            let done: Result<Void, E> = w.withBytes { chunk in
                do throws(E) { try sink(chunk); return .success(()) } catch { return .failure(error) }
            }
            try done.get()
            w.clear()
        }
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
        w.raw(",\n  \"as_of\": "); w.instant(r.asOf)
        w.raw(",\n  \"summary\": ")
        let statuses = ObligationStatus.allCases
        var counts = [Int](repeating: 0, count: statuses.count)
        // Read in place (an entry taken out of the array is copied and freed).
        r.obligations.withUnsafeBufferPointer { list in
            for i in list.indices { counts[statuses.firstIndex(of: list[i].status)!] += 1 }
        }
        for (k, status) in statuses.enumerated() {
            w.raw(k == 0 ? "{\"" : ", \""); w.plain(status.rawValue); w.raw("\": "); w.int(counts[k])
        }
        w.key("escalations"); w.int(r.escalations.count)
        w.key("indeterminate_notifications"); w.int(r.indeterminateNotifications.count)
        // The contract's `escalations` counts both kinds; these say how many of each.
        w.key("notifications"); w.int(r.count(.notification))
        w.key("overdue_escalations"); w.int(r.count(.escalation))
        w.endObject()

        w.raw(",\n  \"obligations\": ")
        if r.obligations.isEmpty { w.raw("[]") } else {
            w.raw("[\n")
            var heads = RuleHeads()
            // Read in place, a chunk's worth at a time (an entry taken out of the array would be
            // copied and freed, field by field: a fifth of the writing).
            var next = 0
            while next < r.obligations.count {
                next = r.obligations.withUnsafeBufferPointer { list in
                    var i = next
                    while i < list.count {
                        w.raw(i == 0 ? "    " : ",\n    ")
                        obligation(w, list.baseAddress! + i, &heads)
                        i += 1
                        if w.count >= chunkSize { break }
                    }
                    return i
                }
                try flush(w)
            }
            w.raw("\n  ]")
        }
        w.raw(",\n  \"escalations\": ")
        try escalations(w, r.escalations, unknown: false, chunkSize: chunkSize, flush)
        w.raw(",\n  \"diagnostics\": ")
        if r.diagnostics.isEmpty { w.raw("[]") } else {
            w.raw("[\n")
            for (i, d) in r.diagnostics.enumerated() {
                w.raw(i == 0 ? "    " : ",\n    ")
                w.key("severity", first: true); w.string(d.severity.rawValue)
                w.key("event"); w.stringOrNull(d.event)
                w.key("message"); w.string(d.message)
                w.endObject()
                try flush(w)
            }
            w.raw("\n  ]")
        }
        w.raw(",\n  \"indeterminate_notifications\": ")
        try escalations(w, r.indeterminateNotifications, unknown: true, chunkSize: chunkSize, flush)
        w.raw("\n}\n")
        try flush(w, always: true)
    }

    /// One obligation, `{...}` (the caller writes what separates entries).
    /// Read in place through `o` (an entry passed by value is copied field by field). Each
    /// key with what surrounds it is one literal: one copy, not three.
    private static func obligation(_ w: JSONBytes, _ o: UnsafePointer<Report.Obligation>, _ heads: inout RuleHeads) {
        heads.write(o.pointee.shared, to: w)
        w.raw(", \"responsible\": "); w.stringOrNull(o.pointee.responsible)
        w.raw(", \"triggered_by\": "); w.string(o.pointee.triggeredBy)
        w.raw(", \"triggered_at\": "); w.instant(o.pointee.triggeredAt)
        w.raw(", \"due\": "); w.instant(o.pointee.due)
        w.raw(", \"due_date\": "); w.date(o.pointee.dueDate)
        w.raw(", \"status\": "); status(w, o.pointee.status)
        w.raw(", \"satisfied_by\": "); w.stringOrNull(o.pointee.satisfiedBy)
        w.raw(", \"because\": "); because(w, o.pointee.reasons, o.pointee.shared)
        w.raw(", \"satisfied_at\": "); w.instant(o.pointee.satisfiedAt)
        w.raw(", \"cancelled_by\": "); w.stringOrNull(o.pointee.cancelledBy)
        w.raw(", \"immediately\": "); w.bool(o.pointee.immediately)
        w.raw(", \"window_opens\": "); w.instant(o.pointee.windowOpens)
        w.raw(", \"occurrence\": "); w.int(o.pointee.occurrence)
        w.raw(", \"unknown\": "); w.strings(o.pointee.unknown)
        w.raw(", \"closed_by\": "); w.stringOrNull(o.pointee.closedBy)
        if let v = o.pointee.policyVersion { w.key("policy_version"); w.string(v) }
        w.endObject()
    }

    private static func escalation(_ w: JSONBytes, _ e: Report.Escalation, unknown: Bool) {
        let facts = e.shared.facts
        w.key("rule", first: true); w.string(facts.rule)
        w.key("citation"); citation(w, facts.citation)
        w.key("at"); w.instant(e.at)
        w.key("notify"); w.strings(e.notify)
        w.key("because"); because(w, e.reasons, e.shared)
        w.key("kind")
        switch e.kind {
        case .notification: w.raw("\"notification\"")
        case .escalation: w.raw("\"escalation\"")
        }
        if unknown { w.key("unknown"); w.strings(e.unknown) }
        w.endObject()
    }

    /// A status, quoted (its name: nothing to escape).
    private static func status(_ w: JSONBytes, _ s: ObligationStatus) {
        switch s {
        case .met: w.raw("\"met\"")
        case .late: w.raw("\"late\"")
        case .early: w.raw("\"early\"")
        case .overdue: w.raw("\"overdue\"")
        case .pending: w.raw("\"pending\"")
        case .cancelled: w.raw("\"cancelled\"")
        case .indeterminate: w.raw("\"indeterminate\"")
        }
    }

    /// Every obligation of a rule begins alike, `{"rule": ..., "citation": {...}, "action": ...`:
    /// those bytes are written once per rule and copied for each of its obligations (a long
    /// record's report holds thousands per rule, and escaping the same strings again for each
    /// was a tenth of the writing).
    private struct RuleHeads {
        private var last: SharedEntryFacts?
        private var lastBytes: [UInt8] = []
        // Found by identity among the few rules a report has (a dictionary's generic type
        // would cost the runtime a conformance scan the first time it is made).
        private var owners: [SharedEntryFacts] = []
        private var heads: [[UInt8]] = []

        mutating func write(_ shared: SharedEntryFacts, to w: JSONBytes) {
            if last !== shared {
                if let k = owners.firstIndex(where: { $0 === shared }) {
                    lastBytes = heads[k]
                } else {
                    let head = JSONBytes(capacity: 256)
                    let facts = shared.facts
                    head.key("rule", first: true); head.string(facts.rule)
                    head.key("citation"); citation(head, facts.citation)
                    head.key("action"); head.string(facts.action)
                    lastBytes = head.withBytes { Array($0) }
                    owners.append(shared)
                    heads.append(lastBytes)
                }
                last = shared
            }
            lastBytes.withUnsafeBufferPointer { w.bytes($0) }
        }
    }

    /// `[]`, or one entry a line, each indented four spaces.
    private static func escalations<E: Error>(_ w: JSONBytes, _ list: [Report.Escalation], unknown: Bool, chunkSize: Int,
                                              _ flush: (JSONBytes, Bool) throws(E) -> Void) throws(E) {
        guard !list.isEmpty else { return w.raw("[]") }
        w.raw("[\n")
        // Read in place, a chunk's worth at a time, as the obligations are.
        var next = 0
        while next < list.count {
            next = list.withUnsafeBufferPointer { list in
                var i = next
                while i < list.count {
                    w.raw(i == 0 ? "    " : ",\n    ")
                    escalation(w, list[i], unknown: unknown)
                    i += 1
                    if w.count >= chunkSize { break }
                }
                return i
            }
            try flush(w, false)
        }
        w.raw("\n  ]")
    }

    private static func citation(_ w: JSONBytes, _ c: Report.Citation) {
        w.key("document", first: true); w.string(c.document)
        w.key("section"); w.string(c.section)
        w.endObject()
    }

    /// An entry's reasons in words, straight into the bytes.
    private static func because(_ w: JSONBytes, _ reasons: EntryReasons, _ shared: SharedEntryFacts) {
        w.byte(0x5B)
        var phrases = JSONPhrases(w)
        let words = shared.words
        // Read in place (a reason taken out of the log is copied and freed).
        reasons.list(shared).withUnsafeBufferPointer { list in
            for i in list.indices { words.compose(list[i], into: &phrases) }
        }
        w.byte(0x5D)
    }
}
