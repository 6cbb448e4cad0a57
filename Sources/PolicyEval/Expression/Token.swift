/// A token of the condition language; offsets count Unicode scalars into the expression text.
struct Token: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        case name(String)          // event.harmed, missing.reported, age, count
        case string(String)
        case integer(Int)
        case duration(seconds: Int64, text: String)
        /// A length counted on the calendar: working days, weekdays or months (`3wd`, `5wkd`, `1mo`).
        case span(TimeSpan, text: String)
        /// A date literal: `2026-04-01`.
        case date(LocalDate, text: String)
        case keyword(Keyword)
        case symbol(Symbol)
        case end
    }
    enum Keyword: String, Sendable { case and, or, not, `in`, `true`, `false` }
    enum Symbol: String, Sendable {
        case lparen = "(", rparen = ")", lbracket = "[", rbracket = "]", comma = ",", colon = ":", dot = "."
        case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">=", plus = "+", minus = "-"
    }
    var kind: Kind
    var offset: Int
    var length: Int

    var describe: String {
        switch kind {
        case .name(let n): return "'\(n)'"
        case .string(let s): return "\"\(s)\""
        case .integer(let i): return String(i)
        case .duration(_, let t), .span(_, let t), .date(_, let t): return t
        case .keyword(let k): return "'\(k.rawValue)'"
        case .symbol(let s): return "'\(s.rawValue)'"
        case .end: return "the end of the condition"
        }
    }
}

/// An error inside an expression, positioned by offset; the compiler maps it to file, line and column.
struct ExpressionError: Error, Equatable, Sendable {
    var id: String
    var message: String
    var offset: Int
    var length: Int
    var suggestion: String?
    /// Further errors found in the same condition (its other terms), in order.
    var more: [ExpressionError] = []
    init(_ id: String, _ message: String, offset: Int, length: Int = 1, suggestion: String? = nil) {
        self.id = id
        self.message = message
        self.offset = offset
        self.length = length
        self.suggestion = suggestion
    }
}

extension ExpressionError {
    /// This error and the ones after it, as a flat list.
    var all: [ExpressionError] {
        var first = self
        first.more = []
        return [first] + more.flatMap(\.all)
    }

    /// The first of several errors, carrying the rest.
    static func joined(_ errors: [ExpressionError]) -> ExpressionError {
        var first = errors[0]
        first.more = Array(errors.dropFirst())
        return first
    }
}
