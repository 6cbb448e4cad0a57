/// Why a duty or an escalation arose, kept as data while evaluating. Words are made
/// only when a report is read (`ReasonWords`): a long record opens many duties, and
/// formatting instants and values for each as it fires would cost more than the rest
/// of evaluation together.
enum Reason: Sendable, Codable, Equatable {
    /// The event that fired the rule.
    case event(type: EventTypeID, id: String, at: Instant)
    /// An episode threshold crossed: the rule whose trigger it is, the episode's start and opener.
    case threshold(rule: Int, start: Instant, openedBy: String, at: Instant)
    /// Another rule's duty fell overdue (its deadline, where known).
    case overdue(target: Int, due: Deadline?, at: Instant)
    /// The parts of a true condition that made it true, with the values it saw.
    indirect case condition(ConditionRef, ConditionSnapshot)  // boxed: the other reasons stay small
    /// A fact or field the record does not give, on which the duty turns.
    case unknown(String)
    /// The next occurrence of a recurring duty (due at a set check time, where one came sooner).
    case occurrence(rule: Int, number: Int, after: String, checkpoint: Instant?)
    /// The next occurrence of a fixed schedule (`repeat.each`), due one interval after the previous one's due.
    case scheduled(rule: Int, number: Int, previousDue: Deadline)
    /// A first duty due at a set check time that comes sooner than its span.
    case checkpoint(at: Instant, instead: String, from: Instant)
    /// The deadline counts from an earlier event than the trigger (`from`).
    case countedFrom(type: EventTypeID, id: String, at: Instant)
    /// An escalation: the duty was not done by its deadline...
    case notDone(rule: Int, due: Deadline, triggeredBy: String)
    /// ...and, for a later step, still not done some time after.
    case stillNotDone(rule: Int, step: Int)
    /// The date or time the triggering event gives, which a deadline case reads (`before`, `at`).
    case recordDate(rule: Int, deadline: Int, value: Deadline)
    /// A duty with no deadline of its own: due only when one of its rule's `before` events comes.
    case noDeadline(rule: Int)
    /// The same thing scheduled again: this duty replaces the one the earlier event opened.
    case moved(from: String, due: Deadline)
    /// An event the rule lists in `before` came while the duty was undone.
    case cameFirst(type: EventTypeID, id: String, at: Instant)
    /// A fact the subject's facts already give when the record starts (`{fact: cp_plan, is: true}`).
    case startingFact(fact: Int, value: Bool)
    /// Words given directly (a report edited by its caller).
    case text(String)
}

/// Which condition of a rule a reason explains.
enum ConditionRef: Sendable, Codable, Equatable {
    case trigger(rule: Int)
    case deadlineCase(rule: Int, index: Int)

    func condition(in policy: Policy) -> Condition? {
        switch self {
        case .trigger(let r): return policy.rules[r].condition
        case .deadlineCase(let r, let k): return policy.rules[r].obligation?.within[k].condition
        }
    }
}

/// What a condition read at the instant it held: enough to put it into words later
/// without keeping the session's history.
struct ConditionSnapshot: Sendable, Codable, Equatable {
    var at: Instant
    var data: [Value?]
    /// The type of the event in scope, for `event.type`.
    var eventType: EventTypeID? = nil
    /// The instant of the event in scope, for `time_of(event)`.
    var eventTime: Instant? = nil
    var facts: [Bool?]
    var episodeStart: Instant?
    var episodeEnd: Instant?
    var episodeRisk: String?
    /// The kind of the episode in scope (its index in the vocabulary), where there is one.
    var episodeKind: Int? = nil
    /// The values of the condition's counting terms (`Condition.counts`), in order.
    var counts: [Int]
    /// The data of the latest events it read (`Condition.latestTerms`), in order; nil for none.
    var latest: [[Value?]?] = []
}

/// A snapshot read back as a condition's input, for the explainer.
struct SnapshotInput: TimedInput {
    let snapshot: ConditionSnapshot
    let terms: [CountTerm]
    let latestTerms: [Int]
    let born: LocalDate?
    let zone: Zone

    var instant: Instant { snapshot.at }
    var episodeStart: Instant? { snapshot.episodeStart }
    var episodeEnd: Instant? { snapshot.episodeEnd }
    func eventField(_ index: Int) -> Value? { index < snapshot.data.count ? snapshot.data[index] : nil }
    var eventType: EventTypeID? { snapshot.eventType }
    var eventTime: Instant? { snapshot.eventTime }
    func fact(_ index: Int) -> Bool? { snapshot.facts[index] }
    var episodeRisk: String? { snapshot.episodeRisk }
    func count(_ type: EventTypeID, window: Int64) -> Int { value(of: .events(type, window: window)) }
    func episodes(kind: String, window: Int64) -> Int { value(of: .episodes(kind, window: window)) }
    func historyCount(_ term: Int) -> Int { value(of: .history(term)) }
    func latest(_ term: Int) -> [Value?]? {
        guard let k = latestTerms.firstIndex(of: term), k < snapshot.latest.count else { return nil }
        return snapshot.latest[k]
    }

    private func value(of term: CountTerm) -> Int {
        terms.firstIndex(of: term).map { snapshot.counts[$0] } ?? 0
    }
}
