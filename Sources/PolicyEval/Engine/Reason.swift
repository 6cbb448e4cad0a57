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

/// What stays the same for every snapshot of one condition: its counting and latest terms,
/// the child's birth date and the zone. Held by reference, so that an input made for each
/// snapshot counts one reference, not the zone's and each list's.
final class SnapshotTerms: Sendable {
    let terms: [CountTerm]
    let latestTerms: [Int]
    let born: LocalDate?
    let zone: Zone

    init(terms: [CountTerm], latestTerms: [Int], born: LocalDate?, zone: Zone) {
        self.terms = terms
        self.latestTerms = latestTerms
        self.born = born
        self.zone = zone
    }
}

/// A snapshot read back as a condition's input, for the explainer. It reads the snapshot in
/// place (a report explains a snapshot for every duty, and copying each in and out, every list
/// in it counted and freed, was a quarter of an explanation), so it exists only inside
/// `reading`, for as long as its body runs: the body must not keep it.
struct SnapshotInput: TimedInput {
    private let place: UnsafePointer<ConditionSnapshot>
    private unowned(unsafe) let shared: SnapshotTerms

    /// `body` given `snapshot` as an input (with `shared`'s terms, birth date and zone, which it
    /// holds while `body` runs).
    static func reading<R>(_ snapshot: ConditionSnapshot, _ shared: SnapshotTerms, _ body: (SnapshotInput) -> R) -> R {
        withExtendedLifetime(shared) {
            withUnsafePointer(to: snapshot) { body(SnapshotInput(place: $0, shared: shared)) }
        }
    }

    private init(place: UnsafePointer<ConditionSnapshot>, shared: SnapshotTerms) {
        self.place = place
        self.shared = shared
    }

    var instant: Instant { place.pointee.at }
    var born: LocalDate? { shared.born }
    var zone: Zone { shared.zone }
    var episodeStart: Instant? { place.pointee.episodeStart }
    var episodeEnd: Instant? { place.pointee.episodeEnd }
    /// As `TimedInput` works it out, with the zone read in place (`zone` hands back a copy).
    var episodeOvernight: Bool? {
        guard let start = place.pointee.episodeStart else { return nil }
        return shared.zone.isOvernight(from: start, to: place.pointee.episodeEnd ?? place.pointee.at)
    }
    func eventField(_ index: Int) -> Value? { index < place.pointee.data.count ? place.pointee.data[index] : nil }
    var eventType: EventTypeID? { place.pointee.eventType }
    var eventTime: Instant? { place.pointee.eventTime }
    func fact(_ index: Int) -> Bool? { place.pointee.facts[index] }
    var episodeRisk: String? { place.pointee.episodeRisk }
    func count(_ type: EventTypeID, window: Int64) -> Int { value(of: .events(type, window: window)) }
    func episodes(kind: String, window: Int64) -> Int { value(of: .episodes(kind, window: window)) }
    func historyCount(_ term: Int) -> Int { value(of: .history(term)) }
    func latest(_ term: Int) -> [Value?]? {
        guard let k = shared.latestTerms.firstIndex(of: term), k < place.pointee.latest.count else { return nil }
        return place.pointee.latest[k]
    }

    private func value(of term: CountTerm) -> Int {
        shared.terms.firstIndex(of: term).map { place.pointee.counts[$0] } ?? 0
    }
}
