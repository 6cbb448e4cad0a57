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
        public var rule: String
        public var citation: Citation
        /// The event type that discharges it (the first, where several do).
        public var action: String
        public var actions: [String]
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
            get { words.words(reasons) }
            set { reasons = newValue.map(Reason.text) }
        }
        var reasons: [Reason]
        let words: ReasonWords
        /// For `indeterminate`: what the record does not say.
        public var unknown: [String]
        public var note: String?
    }

    public struct Escalation: Sendable, Equatable {
        public var rule: String
        public var citation: Citation
        public var at: Instant
        public var notify: [String]
        public var because: [String] {
            get { words.words(reasons) }
            set { reasons = newValue.map(Reason.text) }
        }
        var reasons: [Reason]
        let words: ReasonWords
    }

    public var policy: PolicyInfo
    public var incident: String
    public var zone: Zone
    public var asOf: Instant
    public var obligations: [Obligation]
    public var escalations: [Escalation]
    public var diagnostics: [ReportDiagnostic]
    /// Role descriptions, for the text report; the JSON report gives role ids.
    public var roleNames: [String: String] = [:]

    public func count(_ status: ObligationStatus) -> Int { obligations.filter { $0.status == status }.count }

    /// Exit status of `check`: 1 when anything is overdue, late or early.
    public var hasBreaches: Bool { obligations.contains { [.overdue, .late, .early].contains($0.status) } }
}

extension Session {
    func buildReport(asOf: Instant) -> Report {
        let vocabulary = policy.vocabulary
        let words = ReasonWords(policy: policy, zone: zone, born: state.subject.born)
        var obligations: [Report.Obligation] = state.obligations.map { o in
            let rule = policy.rules[o.rule]
            let actions = rule.obligation?.actions.map { vocabulary.events[$0].name } ?? []
            var satisfiedBy: String?, satisfiedAt: Instant?, cancelledBy: String?
            switch o.state {
            case .discharged(let by, let at): (satisfiedBy, satisfiedAt) = (by, at)
            case .cancelled(let by, _): cancelledBy = by
            case .open: break
            }
            var immediately = false
            if case .instant = o.due, rule.obligation?.within.contains(where: { $0.span.isImmediately }) == true, o.occurrence == 1 {
                immediately = true
            }
            return Report.Obligation(
                rule: rule.id, citation: .init(document: policy.source, section: rule.cite),
                action: actions.first ?? "", actions: actions, responsible: o.responsible,
                triggeredBy: o.triggeredBy, triggeredAt: o.triggeredAt,
                due: o.due.displayInstant(in: zone), dueDate: o.due.date, immediately: immediately,
                windowOpens: o.windowOpens, status: o.status(asOf: asOf),
                satisfiedBy: satisfiedBy, satisfiedAt: satisfiedAt, cancelledBy: cancelledBy,
                occurrence: o.occurrence, reasons: o.because, words: words, unknown: o.indeterminate ?? [], note: rule.note)
        }
        obligations.sort { a, b in
            (a.due, a.rule, a.triggeredBy, a.occurrence) < (b.due, b.rule, b.triggeredBy, b.occurrence)
        }
        var escalations = state.escalations.map { e in
            Report.Escalation(rule: policy.rules[e.rule].id, citation: .init(document: policy.source, section: policy.rules[e.rule].cite),
                              at: e.at, notify: e.notify, reasons: e.because, words: words)
        }
        escalations.sort { ($0.at, $0.rule) < ($1.at, $1.rule) }
        return Report(
            policy: .init(id: policy.id, version: policy.version, title: policy.title),
            incident: state.incidentID, zone: zone, asOf: asOf,
            obligations: obligations, escalations: escalations, diagnostics: state.diagnostics,
            roleNames: policy.vocabulary.roles.merging(policy.localRoles) { _, local in local })
    }
}
