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

/// A compiled condition with its source text, for explanations and traces.
public struct Condition: Sendable {
    let expr: Expr
    public let source: String
    /// Facts, fields and derived values the condition reads (for the graph and for "indeterminate").
    public let reads: [String]
    /// Trigger conditions with the same text and scope share a slot, so an event
    /// evaluates each of them once however many rules use it.
    var slot = -1
}

extension Expr {
    /// Calls `body` for every count (type) and episode count (nil) with its window.
    func visitCounts(_ body: (EventTypeID?, Int64) -> Void) {
        switch self {
        case .count(let t, _, let w, _): body(t, w)
        case .episodes(_, let w, _): body(nil, w)
        case .not(let x), .negate(let x), .member(let x, _): x.visitCounts(body)
        case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .add(let a, let b), .subtract(let a, let b):
            a.visitCounts(body)
            b.visitCounts(body)
        default: break
        }
    }
}
