/// A compiled policy: one local protocol, validated against the vocabulary and
/// ready to evaluate. Built only by `PolicyCompiler`.
public struct Policy: Sendable {
    public var id: String
    public var title: String
    /// nil where the source document names no authority (`note` says so).
    public var authority: String?
    public var version: String
    /// The source document's title, used in every citation.
    public var source: String
    /// The day this version took effect (`effective: 2024-04-01`), in the incident's zone.
    public var effective: LocalDate?
    /// The version this one replaces (`replaces: "2020-01"`).
    public var replaces: String? = nil
    /// Where `policy`, `version`, `effective` and `replaces` are written, for messages about versions.
    var headerLocations: [String: SourceLocation] = [:]
    public var calendar: HolidayCalendar
    public var officeHours: OfficeHours?
    /// What `immediately` allows, in seconds.
    public var immediate: Int64
    public var note: String?
    /// Roles this policy declares beyond the vocabulary's.
    public var localRoles: [String: String]
    public var rules: [Rule]
    public var vocabulary: Vocabulary
    public var file: String
    /// The decision graph built from the rules.
    public var graph: DecisionGraph
    /// Event types some condition counts, and the longest counting window: the
    /// only history a session must keep.
    var countedTypes: Set<EventTypeID>
    var longestWindow: Int64
    /// Per event type: whether it can change anything this policy reads.
    var eventMatters: [Bool] = []
    /// Per event type: its place among the counted types (a session keeps one window
    /// of times for each), or -1.
    var countSlot: [Int] = []
    /// Per event type: the episode kind (index into the vocabulary's episodes) it belongs
    /// to by name (`missing.found` to `missing`), or -1.
    var episodeOfType: [Int] = []
    /// How many trigger conditions are shared between rules (memoised per event).
    var sharedConditions = 0
    /// Per event type: the rules whose duty counts `from` it, or is answered by it and counts
    /// from an earlier event; a session remembers, for each such rule, the latest of each.
    var fromRules: [[Int]] = []
    /// Per rule, its duty behind one reference: the engine reads a duty's parts for every
    /// rule an event fires, and reading them from a value in an array copied the whole duty.
    var duties: [DutyRef?] = []
    /// What conditions read of the earlier record (`latest`, `exists`, `count` with `since` or
    /// `where`): a session keeps one slot for each.
    var historyTerms: [HistoryTerm] = []
    /// Per event type: the history terms that remember it.
    var historyByType: [[Int]] = []
    /// Per event type: the history terms counted since the latest event of that type.
    var historyAnchors: [[Int]] = []
    /// Per event type: the rules whose conditions read it in the earlier record (for `explain`).
    var historyReaders: [[Int]] = []

    /// The rule with this id, if any.
    public func rule(id: String) -> Rule? { rules.first { $0.id == id } }

    /// Each rule's place in the order of rule ids, for sorting report entries by rule.
    var ruleRankByID: [Int] {
        var rank = [Int](repeating: 0, count: rules.count)
        for (place, r) in rules.indices.sorted(by: { rules[$0].id < rules[$1].id }).enumerated() { rank[r] = place }
        return rank
    }
}

/// Something chosen by office hours at the instant it applies, or always the same.
public enum Routed<Value: Sendable & Equatable>: Sendable, Equatable {
    case always(Value)
    case byOfficeHours(inHours: Value, outOfHours: Value)
}

/// One rule of a policy: what makes it fire, the duty that follows, who is told,
/// and the citation of the paragraph it encodes.
public struct Rule: Sendable {
    /// What makes the rule fire.
    public enum Trigger: Sendable {
        /// Each event of these types.
        case event([EventTypeID])
        /// An episode still open after this long (elapsed, or calendar-bound like 20wd).
        case threshold(episode: String, span: TimeSpan, text: String)
        /// An obligation of another rule (by index) becoming overdue.
        case overdue(rule: Int)
        /// A fact about the child (by index) changing to a value, by whichever event sets it.
        case becomes(fact: Int, value: Bool)
        /// A fact coming to hold a value (`{fact: cp_plan, is: true}`): as `becomes`, and also at
        /// the record's first event when the subject's facts already give that value.
        case holds(fact: Int, value: Bool)
    }

    /// A `date` or `time` field of the triggering event that a deadline reads.
    public struct RecordField: Sendable, Equatable {
        public var index: Int
        public var name: String
        /// A `time` field (an instant); otherwise a `date`, meaning by the end of that local day.
        public var isTime: Bool
        public var optional: Bool
        /// Where the field sits in each firing event type's data, where the types differ (a rule
        /// fired by several types); empty where it is at `index` in all of them. A type not listed
        /// has no such field: its duty is indeterminate, naming the field.
        public var places: [EventTypeID: Int] = [:]

        /// The field's index in an event of this type; nil where the type has no such field.
        public func index(for type: EventTypeID?) -> Int? {
            if places.isEmpty { return index }
            return type.flatMap { places[$0] }
        }
    }

    /// How a deadline is counted.
    public enum Reckoning: Sendable, Equatable {
        /// `span` after the trigger (or the `from` event): `within: 72h`.
        case after
        /// `span` before a date or time the triggering event gives, the date something is
        /// scheduled for: `within: {before: event.date, by: 3wd}`.
        case before(RecordField)
        /// At the date or time the triggering event gives: `within: {at: event.review_date}`.
        case at(RecordField)
        /// No deadline of its own (a duty with `before` and no `within`): due only when one of
        /// the `before` events comes.
        case open

        /// The field a deadline read from the record reads.
        public var field: RecordField? {
            switch self {
            case .before(let f), .at(let f): f
            case .after, .open: nil
            }
        }
    }

    /// One deadline, chosen when its condition holds (the last may have none).
    public struct DeadlineCase: Sendable {
        public var condition: Condition?
        /// The length counted (for `before`, the `by` length; unused for `at` and `open`).
        public var span: TimeSpan
        /// As written: `72h`, `3wd before event.date`, `at event.review_date`, `before recovery_order.executed`.
        public var text: String
        public var reckoning: Reckoning = .after

        /// The deadline in words for graphs: "within 72h", "immediately", "3wd before event.date".
        public var words: String {
            switch reckoning {
            case .after: span.isImmediately ? "immediately" : text == "at once" ? "at once" : "within \(text)"
            case .before, .at, .open: text
            }
        }
    }

    /// A duty that repeats: each next one due `every` after the previous was done.
    public struct Recurrence: Sendable {
        public var every: TimeSpan
        public var everyText: String
        public var until: [EventTypeID]
        /// The recurrence lasts while this holds: checked whenever an event changes a fact
        /// (`while: facts.cp_plan`); when it turns false, the occurrence in time is cancelled.
        public var whileCondition: Condition? = nil
        public var checkpoints: [LocalTime]
        /// A fixed schedule (`each: 1wkd at 10:00`): each occurrence is due one interval after the
        /// previous one's due, answered or not; each missed one is overdue on its own.
        public var fixed: Bool = false
        /// At most this many occurrences of one firing of a fixed schedule (ten thousand weekday
        /// mornings is some forty years): past it, a warning says the schedule was not followed further.
        public static let maxOccurrences = 10_000
    }

    /// The duty a rule requires: the events that discharge it, when, and what cancels it.
    public struct Obligation: Sendable {
        public var actions: [EventTypeID]
        public var responsible: Routed<String>?
        public var within: [DeadlineCase]
        public var notBefore: TimeSpan?
        public var notBeforeText: String?
        public var onlyIf: Condition?
        public var unless: [EventTypeID]
        /// Cancelling events that count only when their condition holds (`{event: X, if: ...}`).
        public var unlessConditions: [EventTypeID: Condition] = [:]
        /// For a conditional `before` entry: the condition its event must meet to come first.
        public var beforeConditions: [EventTypeID: Condition] = [:]
        public var recurrence: Recurrence?
        /// The deadline counts from the latest earlier event of this type, where there is one
        /// (`from: contact.received`: "the same day as receipt of contact"), not from the trigger.
        public var from: EventTypeID? = nil
        /// A conditional `from` (`{event: strategy_discussion.held, if: 'not event.review'}`): only an
        /// event of the `from` type for which this holds is counted from.
        public var fromCondition: Condition? = nil
        /// Events that must not come before the duty is done (`before: [recovery_order.executed]`):
        /// one that does while it is undone breaches it at that instant, and closes it.
        public var before: [EventTypeID] = []
        /// One answer covers every open duty of the rule (`answers: all`): a manager's review answers the
        /// duty of the third contact and of the fourth alike. By default (`answers: one`) one event
        /// answers one duty of each rule.
        public var answersAll: Bool = false
    }

    /// Who is told when the duty stays undone, and how long after it became overdue.
    public struct EscalationStep: Sendable {
        /// How long after the moment of overdue; nil for at once.
        public var after: TimeSpan?
        public var afterText: String?
        public var notify: Routed<[String]>
    }

    public var index: Int
    public var id: String
    public var cite: String
    public var note: String?
    public var trigger: Trigger
    public var condition: Condition?
    public var obligation: Obligation?
    public var notify: Routed<[String]>?
    public var escalations: [EscalationStep]
    public var location: SourceLocation
}

extension Rule {
    /// Every compiled condition of the rule, those of a conditional `unless` included (in the order
    /// of their event types): what the policy must keep counts for, and what the graph draws.
    var conditions: [Condition] {
        [condition, obligation?.onlyIf, obligation?.recurrence?.whileCondition].compactMap { $0 }
            + (obligation?.within.compactMap(\.condition) ?? [])
            + (obligation?.unlessConditions.sorted { $0.key < $1.key }.map(\.value) ?? [])
            + (obligation?.beforeConditions.sorted { $0.key < $1.key }.map(\.value) ?? [])
            + [obligation?.fromCondition].compactMap { $0 }
    }
}

/// A rule's duty, shared (see `Policy.duties`).
final class DutyRef: Sendable {
    let duty: Rule.Obligation
    init(_ duty: Rule.Obligation) { self.duty = duty }
}
