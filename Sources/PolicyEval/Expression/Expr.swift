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
    case eventField(index: Int, name: String, type: ValueType, optional: Bool)
    /// `event.type`: the name of the event in scope's type (`names`: the vocabulary's, by id).
    case eventType(names: [String])
    case fact(index: Int, name: String)
    case age
    case episodeDuration
    case episodeOvernight
    case episodeRisk
    case count(EventTypeID, name: String, window: Int64, windowText: String)
    case episodes(kind: String, window: Int64, windowText: String)
    case not(Expr)
    case and(Expr, Expr)
    case or(Expr, Expr)
    case compare(BinaryOperator, Expr, Expr)
    case member(Expr, [Value])
    case add(Expr, Expr)
    case subtract(Expr, Expr)
    case negate(Expr)
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
    /// Trigger conditions with the same text and scope share a slot, so an event
    /// evaluates each of them once however many rules use it; -1 for none.
    let slot: Int

    init(expr: Expr, source: String, reads: [String], slot: Int = -1) {
        self.expr = expr
        self.source = source
        self.reads = reads
        self.slot = slot
        var terms: [CountTerm] = []
        expr.visitCountTerms { if !terms.contains($0) { terms.append($0) } }
        counts = terms
    }

    /// The same condition in another memo slot.
    func inSlot(_ slot: Int) -> Condition { Condition(expr: expr, source: source, reads: reads, slot: slot) }
}

/// A count over a window that a condition reads: events of a type, or episodes of a kind.
enum CountTerm: Sendable, Equatable {
    case events(EventTypeID, window: Int64)
    case episodes(String, window: Int64)
}

extension Expr {
    /// Calls `body` for every counting term, in reading order.
    func visitCountTerms(_ body: (CountTerm) -> Void) {
        switch self {
        case .count(let t, _, let w, _): body(.events(t, window: w))
        case .episodes(let k, let w, _): body(.episodes(k, window: w))
        case .not(let x), .negate(let x), .member(let x, _): x.visitCountTerms(body)
        case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .add(let a, let b), .subtract(let a, let b):
            a.visitCountTerms(body)
            b.visitCountTerms(body)
        default: break
        }
    }
}
