/// Index of an event type in its vocabulary: events are interned once, so that
/// evaluation compares integers, never strings.
public typealias EventTypeID = Int

/// The event types, facts, episodes and roles every policy and incident may use
/// (`Policies/vocabulary.yaml`).
public struct Vocabulary: Sendable {
    /// A data field of an event type.
    public struct Field: Sendable, Hashable {
        public var name: String
        public var type: ValueType
        public var optional: Bool
    }

    /// How an event changes a fact: to a constant, or to a bool field's value when the event gives it.
    public enum FactEffect: Sendable, Hashable {
        case constant(Bool)
        case field(Int)
        /// To a constant only when the event's field has one of these values
        /// (`sets: {cin_plan: {to: true, if: {outcome: cin}}}`); otherwise the fact is unchanged.
        case when(field: Int, oneOf: [Value], to: Bool)
    }

    /// An event type, its fields, and the facts it sets.
    public struct EventType: Sendable {
        public var id: EventTypeID
        public var name: String
        public var fields: [Field]
        public var sets: [(fact: Int, effect: FactEffect)]
        public func fieldIndex(_ name: String) -> Int? { fields.firstIndex { $0.name == name } }
    }

    /// A fact about the child.
    public struct Fact: Sendable, Hashable {
        public var index: Int
        public var name: String
        public var type: ValueType
        public var meaning: String
    }

    /// A kind of episode (missing, absence): the events that open and close it.
    public struct Episode: Sendable, Hashable {
        public var kind: String
        public var openedBy: EventTypeID
        public var closedBy: EventTypeID
        public var startField: Int?
        /// The risk field's place in `openedBy`'s data.
        public var riskField: Int?
        public var riskChangedBy: EventTypeID?
        /// The field of the same name in `riskChangedBy`'s data (its own place, not the opener's).
        public var riskChangedField: Int?
        public var riskType: ValueType?
    }

    public var events: [EventType]
    public var eventIDs: [String: EventTypeID]
    public var facts: [Fact]
    public var factIndex: [String: Int]
    public var episodes: [Episode]
    public var roles: [String: String]
    public var file: String
    /// The vocabulary's name (`vocabulary: core`, or an authority's own, `vocabulary: bcp`).
    public var name = "core"
    /// For an authority's vocabulary (`extends: core`): the shared vocabulary it adds to, and its file.
    public var extends: String?
    public var baseFile: String?
    /// Where each name was declared, for messages about clashes: `fact cp_plan`, `event missing.found`,
    /// `role iro`, `field missing.found.harmed`.
    var declaredAt: [String: SourceLocation] = [:]

    public func event(named name: String) -> EventType? { eventIDs[name].map { events[$0] } }
    public func episode(kind: String) -> Episode? { episodes.first { $0.kind == kind } }

    /// The episode an event type opens, closes, or updates, if any.
    public func episode(touchedBy type: EventTypeID) -> Episode? {
        episodes.first { $0.openedBy == type || $0.closedBy == type || $0.riskChangedBy == type }
    }
}
