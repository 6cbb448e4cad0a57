/// A runtime value of the condition language. Enum values are their names.
public enum Value: Sendable, Hashable {
    case bool(Bool)
    case int(Int)
    case string(String)
    case duration(Int64)
    case time(Instant)
    case date(LocalDate)
    case roles([String])
    /// Not given by the record: three-valued logic carries it upward.
    case unknown
}

/// A type-checked condition: names resolved to slots in the vocabulary, ready to evaluate.
indirect enum Expr: Sendable {
    case constant(Value)
    /// A data field of the event in scope (`place`: where it sits in each type's data).
    case eventField(place: FieldPlace, name: String, type: ValueType, optional: Bool)
    /// `event.type`: the name of the event in scope's type (`names`: the vocabulary's, by id).
    case eventType(names: [String])
    case fact(index: Int, name: String)
    case age
    case episodeDuration
    case episodeOvernight
    case episodeRisk
    case count(EventTypeID, name: String, window: Int64, windowText: String)
    case episodes(kind: String, window: Int64, windowText: String)
    /// `exists(T, ...)`: whether the record holds an event the history term (`Policy.historyTerms`) counts.
    case exists(term: Int, text: String)
    /// `count(T, since: U)` or `count(T, within: 28d, where: ...)`: how many the history term counts.
    case historyCount(term: Int, text: String)
    /// `latest(T).field`: a data field of the latest event the history term keeps; `termText` is
    /// `latest(T)` as written (with its `where`), for "indeterminate" when there is none.
    case latestField(term: Int, termText: String, typeName: String, index: Int, name: String, type: ValueType, optional: Bool)
    case not(Expr)
    case and(Expr, Expr)
    case or(Expr, Expr)
    case compare(BinaryOperator, Expr, Expr)
    case member(Expr, [Value])
    /// A value in a list the record gives (`"leader" in event.to`).
    case contains(Expr, list: Expr)
    /// `said(event.x)`: whether the record gives the field (or fact) at all. Never unknown.
    case said(Expr)
    /// `said_or_unknown(event.x)`: an optional yes/no field's value where the record gives it,
    /// and unknown (not the contract's false) where it leaves it out.
    case saidOrUnknown(Expr)
    case add(Expr, Expr)
    case subtract(Expr, Expr)
    case negate(Expr)
    /// `today`: the local date (in the incident's zone) of the instant the condition looks at.
    case today
    /// `now`: the instant the condition looks at (the trigger's, or the event's being looked at).
    case now
    /// `event.date + 3wd`, `today - 1mo`: a date moved by a length counted on the calendar
    /// (`span` is days, weeks, months, weekdays or working days; working days in `calendar`).
    case shiftDate(Expr, TimeSpan, back: Bool, text: String, calendar: HolidayCalendar?)
    /// `in_office_hours(now)`: whether an instant falls in the policy's office hours, on a
    /// working day of its calendar.
    case inOfficeHours(Expr, OfficeHours, calendar: HolidayCalendar)
    /// `time_of(event)`: the instant the event in scope was recorded at (its `time`), not a data field.
    case eventTime
    /// `time_of(latest(T))`: the instant of the latest event the history term keeps (kept after
    /// its data, at `index`); unknown, naming `termText`, where the record has none.
    case latestTime(term: Int, termText: String, typeName: String, index: Int)
    /// `date_of(x)`: the local date (in the incident's zone) of an instant.
    case dateOf(Expr)
}

/// Where a field of the event in scope sits in its data: at one index for every type the
/// condition may see, or per event type where the types differ (a field only some of them have,
/// or at different places). A type without the field reads it as unknown.
enum FieldPlace: Sendable, Equatable {
    case same(Int)
    case byType([EventTypeID: Int])

    /// The field's index in an event of this type; nil where the type has no such field.
    func index(for type: EventTypeID?) -> Int? {
        switch self {
        case .same(let i): return i
        case .byType(let places): return type.flatMap { places[$0] }
        }
    }
}

/// A field a condition reads that some of the event types in scope do not have: for events of
/// those types it reads as unknown. Kept so that `validate` can warn where nothing tests `event.type`.
struct PartialField: Sendable, Equatable {
    var name: String
    var offset: Int
    var length: Int
    /// The types in scope that have no field of that name.
    var missingOn: [String]
}

/// A compiled condition with its source text, for explanations and traces. Immutable and
/// shared: the engine reads it for every event, and a reference costs one count to copy.
public final class Condition: Sendable {
    let expr: Expr
    public let source: String
    /// Facts, fields and derived values the condition reads (for the graph and for "indeterminate").
    public let reads: [String]
    /// Its counting terms, in order: a snapshot of the condition keeps their values.
    let counts: [CountTerm]
    /// The history terms whose latest event it reads (`latest(T).field`), in order: a snapshot keeps their data.
    let latestTerms: [Int]
    /// Every history term it reads (`latest`, `exists`, `count` with `since` or `where`), for the graph.
    let historyTerms: [Int]
    /// Trigger conditions with the same text and scope share a slot, so an event
    /// evaluates each of them once however many rules use it; -1 for none.
    let slot: Int
    /// Fields it reads that only some of the event types in scope have.
    let partialFields: [PartialField]

    init(expr: Expr, source: String, reads: [String], slot: Int = -1, partialFields: [PartialField] = []) {
        self.expr = expr
        self.source = source
        self.reads = reads
        self.slot = slot
        self.partialFields = partialFields
        var terms: [CountTerm] = []
        expr.visitCountTerms { if !terms.contains($0) { terms.append($0) } }
        counts = terms
        var latest: [Int] = [], all: [Int] = []
        expr.visitHistoryTerms { term, keepsData in
            if keepsData, !latest.contains(term) { latest.append(term) }
            if !all.contains(term) { all.append(term) }
        }
        latestTerms = latest
        historyTerms = all
    }

    /// The same condition in another memo slot.
    func inSlot(_ slot: Int) -> Condition { Condition(expr: expr, source: source, reads: reads, slot: slot, partialFields: partialFields) }
}

/// A count over a window that a condition reads: events of a type, or episodes of a kind.
enum CountTerm: Sendable, Equatable {
    case events(EventTypeID, window: Int64)
    case episodes(String, window: Int64)
    /// A history term's count (`exists`, `count` with `since` or `where`), by its place in `Policy.historyTerms`.
    case history(Int)
}

extension Expr {
    /// Whether it moves a date by working days (`event.date + 3wd`), so a calendar matters to it.
    var countsWorkingDays: Bool {
        switch self {
        case .shiftDate(let x, _, _, _, let c): return c != nil || x.countsWorkingDays
        case .not(let x), .negate(let x), .member(let x, _), .said(let x), .saidOrUnknown(let x), .inOfficeHours(let x, _, _), .dateOf(let x):
            return x.countsWorkingDays
        case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .add(let a, let b), .subtract(let a, let b),
             .contains(let a, let b):
            return a.countsWorkingDays || b.countsWorkingDays
        default: return false
        }
    }

    /// Calls `body` for every counting term, in reading order.
    func visitCountTerms(_ body: (CountTerm) -> Void) {
        switch self {
        case .count(let t, _, let w, _): body(.events(t, window: w))
        case .episodes(let k, let w, _): body(.episodes(k, window: w))
        case .exists(let t, _), .historyCount(let t, _): body(.history(t))
        case .not(let x), .negate(let x), .member(let x, _), .said(let x), .saidOrUnknown(let x), .shiftDate(let x, _, _, _, _),
             .inOfficeHours(let x, _, _), .dateOf(let x): x.visitCountTerms(body)
        case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .add(let a, let b), .subtract(let a, let b),
             .contains(let a, let b):
            a.visitCountTerms(body)
            b.visitCountTerms(body)
        default: break
        }
    }

    /// Calls `body` for every history term, with whether it reads the term's kept event (`latest`).
    func visitHistoryTerms(_ body: (Int, Bool) -> Void) {
        switch self {
        case .exists(let t, _), .historyCount(let t, _): body(t, false)
        case .latestField(let t, _, _, _, _, _, _), .latestTime(let t, _, _, _): body(t, true)
        case .not(let x), .negate(let x), .member(let x, _), .said(let x), .saidOrUnknown(let x), .shiftDate(let x, _, _, _, _),
             .inOfficeHours(let x, _, _), .dateOf(let x): x.visitHistoryTerms(body)
        case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .add(let a, let b), .subtract(let a, let b),
             .contains(let a, let b):
            a.visitHistoryTerms(body)
            b.visitHistoryTerms(body)
        default: break
        }
    }
}

/// Something about the earlier record a condition reads (`latest`, `exists`, `count` with `since` or
/// `where`). Interned per policy, so that a session keeps one slot for each, updated only by the
/// events of its types: only what some compiled condition reads is remembered.
struct HistoryTerm: Sendable {
    enum Span: Sendable, Equatable {
        /// The whole record.
        case all
        /// Since the latest event of this type (recorded after it); nothing before the first.
        case since(EventTypeID)
        /// The elapsed window up to and including now.
        case within(Int64)
    }
    /// The event type remembered.
    var type: EventTypeID
    /// Only events for which this holds (`where:`), checked once, when the event is recorded.
    var filter: Condition?
    var span: Span
    /// `latest(T)`: the latest matching event's data is kept.
    var keepsData: Bool
    /// What tells two terms apart: the same text in two conditions shares one slot.
    var key: String
    /// In words: "tracing.exhausted since the latest travel_abroad.possible".
    var words: String
    /// For the graph's edge from the event type: "latest", "since travel_abroad.possible", "within 28d".
    var label: String
}
