/// The answer for one incident as of one instant (the report-format contract).
public struct Report: Sendable, Equatable {
    public struct PolicyInfo: Sendable, Equatable {
        public var id: String
        public var version: String
        public var title: String
    }

    public struct Citation: Sendable, Equatable {
        public var document: String
        public var section: String
    }

    public struct Obligation: Sendable, Equatable {
        /// The rule's id, citation, actions and note: the same for every duty of the rule,
        /// so shared (a report of a long record holds hundreds of thousands of entries).
        public var rule: String {
            get { shared.facts.rule }
            set { shared = shared.editing { $0.rule = newValue } }
        }
        public var citation: Citation {
            get { shared.facts.citation }
            set { shared = shared.editing { $0.citation = newValue } }
        }
        /// The event type that discharges it (the first, where several do).
        public var action: String {
            get { shared.facts.action }
            set { shared = shared.editing { $0.action = newValue } }
        }
        public var actions: [String] {
            get { shared.facts.actions }
            set { shared = shared.editing { $0.actions = newValue } }
        }
        public var responsible: String?
        public var triggeredBy: String
        public var triggeredAt: Instant
        /// For a date deadline, the end of `dueDate` in the incident's zone.
        public var due: Instant
        public var dueDate: LocalDate?
        /// True where the rule says "immediately".
        public var immediately: Bool
        public var windowOpens: Instant?
        public var status: ObligationStatus
        public var satisfiedBy: String?
        public var satisfiedAt: Instant?
        public var cancelledBy: String?
        public var occurrence: Int
        /// The facts that made the rule fire, in words a practitioner reads (made when read).
        public var because: [String] {
            get { reasons.words(shared) }
            set { reasons = EntryReasons(newValue) }
        }
        /// For `indeterminate`: what the record does not say.
        public var unknown: [String]
        public var note: String? {
            get { shared.facts.note }
            set { shared = shared.editing { $0.note = newValue } }
        }
        /// For an overdue duty whose closing event came while it was overdue: that event.
        public var closedBy: String?
        /// Where versions of the policy sit side by side: the version this duty followed (the one
        /// in force on the day it arose); nil for a policy with one version.
        public var policyVersion: String? = nil

        var shared: SharedEntryFacts
        var reasons: EntryReasons

        /// Every public field (a field added to the entry must be added here too).
        public static func == (a: Obligation, b: Obligation) -> Bool {
            a.shared.facts == b.shared.facts && a.responsible == b.responsible && a.triggeredBy == b.triggeredBy
                && a.triggeredAt == b.triggeredAt && a.due == b.due && a.dueDate == b.dueDate && a.immediately == b.immediately
                && a.windowOpens == b.windowOpens && a.status == b.status && a.satisfiedBy == b.satisfiedBy
                && a.satisfiedAt == b.satisfiedAt && a.cancelledBy == b.cancelledBy && a.occurrence == b.occurrence
                && a.unknown == b.unknown && a.closedBy == b.closedBy && a.policyVersion == b.policyVersion
                && EntryReasons.same(a.reasons, a.shared, b.reasons, b.shared)
        }
    }

    public struct Escalation: Sendable, Equatable {
        /// Why someone is to be told: the rule fired (`notification`: "inform the IRO"), or a
        /// duty of the rule is overdue (`escalation`: the rule's `escalate` steps).
        public enum Kind: String, Sendable, Equatable, CaseIterable {
            case notification, escalation
        }

        public var rule: String {
            get { shared.facts.rule }
            set { shared = shared.editing { $0.rule = newValue } }
        }
        public var citation: Citation {
            get { shared.facts.citation }
            set { shared = shared.editing { $0.citation = newValue } }
        }
        public var at: Instant
        public var notify: [String]
        public var kind: Kind
        public var because: [String] {
            get { reasons.words(shared) }
            set { reasons = EntryReasons(newValue) }
        }
        /// For an indeterminate notification: the facts or fields the record does not give.
        public var unknown: [String] = []
        /// For an escalation, the instant its duty arose (which version of the policy it follows).
        var dutyTriggeredAt: Instant? = nil

        var shared: SharedEntryFacts
        var reasons: EntryReasons

        /// Every public field: its rule's id and citation, not the rule's other facts (note,
        /// actions), which it does not show (a field added must be added here too).
        public static func == (a: Escalation, b: Escalation) -> Bool {
            a.rule == b.rule && a.citation == b.citation && a.at == b.at && a.notify == b.notify && a.kind == b.kind && a.unknown == b.unknown
                && EntryReasons.same(a.reasons, a.shared, b.reasons, b.shared)
        }
    }

    /// One version of a policy used in a report, where versions sit side by side.
    public struct VersionUse: Sendable, Equatable {
        public var version: String
        public var effective: LocalDate?
        public var replaces: String?
        /// The day the next version took effect: this one governs duties that arose before it
        /// (and on or after `effective`; the earliest version also those before). nil for the latest.
        public var until: LocalDate?
        /// How many of the report's obligations follow it.
        public var obligations: Int
    }

    public var policy: PolicyInfo
    /// Every version of the policy, where several sit side by side; empty for a policy with one.
    public var versions: [VersionUse] = []
    public var incident: String
    public var zone: Zone
    public var asOf: Instant
    public var obligations: [Obligation]
    /// Everyone to be told, in order: the rules' notifications and the escalations of overdue
    /// duties (the contract's `escalations`; each entry says which `kind` it is).
    public var escalations: [Escalation]
    /// Notifications whose rule turns on a fact or field the record does not give: who
    /// would be told, and what the record would have to say.
    public var indeterminateNotifications: [Escalation] = []
    public var diagnostics: [ReportDiagnostic]
    /// Role descriptions, for the text report; the JSON report gives role ids.
    public var roleNames: [String: String] = [:]

    public func count(_ status: ObligationStatus) -> Int { obligations.filter { $0.status == status }.count }

    public func count(_ kind: Escalation.Kind) -> Int { escalations.filter { $0.kind == kind }.count }

    /// Exit status of `check`: 1 when anything is overdue, late or early.
    public var hasBreaches: Bool { obligations.contains { [.overdue, .late, .early].contains($0.status) } }
}

extension Session {
    func buildReport(asOf: Instant) -> Report {
        let vocabulary = policy.vocabulary
        let words = ReasonWords(policy: policy, zone: zone, born: state.subject.born)
        let log = state.reasons
        // Per rule, what every one of its entries shares, made once.
        let rank = policy.ruleRankByID
        let saysImmediately = policy.rules.map { $0.obligation?.within.contains { $0.span.isImmediately } == true }
        let shared = policy.rules.map { rule in
            let actions = rule.obligation?.actions.map { vocabulary.events[$0].name } ?? []
            let facts = SharedEntryFacts.Facts(rule: rule.id, citation: Report.Citation(document: policy.source, section: rule.cite),
                                               action: actions.first ?? "", actions: actions, note: rule.note)
            return SharedEntryFacts(facts: facts, log: log, words: words)
        }

        // Ordered by due, rule, trigger, occurrence (the report contract). Sorted as small
        // integer keys first, without reading the records (a long record's duties lie far apart
        // in memory); only runs of the same due instant and rule are then ordered by trigger.
        let records = state.obligations
        // `due` is the second before the duty is overdue: the due instant, or the last second of a due date.
        var order = records.indices.map { EntryKey(at: records[$0].overdueAt + (-1), rank: rank[records[$0].rule], index: $0) }
        order.sort()
        var runStart = 0
        for k in order.indices where k + 1 == order.count || !order[k + 1].sameInstantAndRule(as: order[k]) {
            if k > runStart {
                order[runStart...k].sort { a, b in
                    let (x, y) = (a.index, b.index)
                    if records[x].triggeredBy != records[y].triggeredBy { return records[x].triggeredBy < records[y].triggeredBy }
                    if records[x].occurrence != records[y].occurrence { return records[x].occurrence < records[y].occurrence }
                    return x < y
                }
            }
            runStart = k + 1
        }
        // Entries are made reading the records in their own order and each is written to its
        // place in the report: a long record's duties are read once, front to back.
        var place = [Int32](repeating: 0, count: records.count)
        for (k, key) in order.enumerated() { place[key.index] = Int32(k) }
        let obligations = [Report.Obligation](unsafeUninitializedCapacity: records.count) { buffer, initialized in
            for (i, o) in records.enumerated() {
                var satisfiedBy: String?, satisfiedAt: Instant?, cancelledBy: String?, closedBy: String?
                switch o.state {
                case .discharged(let by, let at): (satisfiedBy, satisfiedAt) = (by, at)
                case .cancelled(let by, _): cancelledBy = by
                case .lapsed(let by, _): closedBy = by
                case .open: break
                }
                var immediately = false
                if case .instant = o.due, saysImmediately[o.rule], o.occurrence == 1 { immediately = true }
                (buffer.baseAddress! + Int(place[i])).initialize(to: Report.Obligation(
                    responsible: o.responsible, triggeredBy: o.triggeredBy, triggeredAt: o.triggeredAt,
                    due: o.overdueAt + (-1), dueDate: o.due.date, immediately: immediately,
                    windowOpens: o.windowOpens, status: o.status(asOf: asOf),
                    satisfiedBy: satisfiedBy, satisfiedAt: satisfiedAt, cancelledBy: cancelledBy,
                    occurrence: o.occurrence, unknown: o.indeterminate ?? [], closedBy: closedBy,
                    shared: shared[o.rule], reasons: EntryReasons(o.because)))
            }
            initialized = records.count
        }
        let raised = state.escalations
        // Ordered by instant, then rule, then as raised: small keys again.
        let escalationOrder = raised.indices.map { EntryKey(at: raised[$0].at, rank: rank[raised[$0].rule], index: $0) }.sorted().map(\.index)
        var escalations: [Report.Escalation] = [], indeterminate: [Report.Escalation] = []
        for i in escalationOrder {
            let e = raised[i]
            var entry = Report.Escalation(at: e.at, notify: e.notify, kind: e.obligation == nil ? .notification : .escalation, unknown: e.unknown ?? [],
                                          shared: shared[e.rule], reasons: EntryReasons(e.because))
            entry.dutyTriggeredAt = e.obligation.map { records[$0].triggeredAt }
            if e.unknown == nil { escalations.append(entry) } else { indeterminate.append(entry) }
        }
        return Report(
            policy: .init(id: policy.id, version: policy.version, title: policy.title),
            incident: state.incidentID, zone: zone, asOf: asOf,
            obligations: obligations, escalations: escalations, indeterminateNotifications: indeterminate,
            diagnostics: state.diagnostics,
            roleNames: policy.vocabulary.roles.merging(policy.localRoles) { _, local in local })
    }
}

/// A report entry's place in order as two integers: its instant, then its rule's rank
/// and its index packed together (the index breaks ties, so the order is total).
private struct EntryKey: Comparable {
    var at: Instant
    private var rankAndIndex: Int64

    init(at: Instant, rank: Int, index: Int) {
        self.at = at
        rankAndIndex = Int64(rank) << 32 | Int64(index)
    }

    var index: Int { Int(rankAndIndex & 0xFFFF_FFFF) }

    func sameInstantAndRule(as other: EntryKey) -> Bool { at == other.at && rankAndIndex >> 32 == other.rankAndIndex >> 32 }

    static func < (a: EntryKey, b: EntryKey) -> Bool { a.at != b.at ? a.at < b.at : a.rankAndIndex < b.rankAndIndex }
}
