/// The parsed, untyped form of a condition, with offsets for error messages.
indirect enum Syntax: Equatable, Sendable {
    case name(String, offset: Int, length: Int)
    case string(String, offset: Int, length: Int)
    case integer(Int, offset: Int, length: Int)
    case duration(Int64, text: String, offset: Int, length: Int)
    /// A length counted on the calendar (`3wd`, `5wkd`, `1mo`): only after a date and `+` or `-`.
    case span(TimeSpan, text: String, offset: Int, length: Int)
    /// A date literal: `2026-04-01`.
    case date(LocalDate, offset: Int, length: Int)
    case bool(Bool, offset: Int, length: Int)
    case not(Syntax, offset: Int)
    case negate(Syntax, offset: Int)
    case binary(BinaryOperator, Syntax, Syntax, offset: Int, length: Int)
    case member(Syntax, [Syntax], offset: Int)
    /// `"leader" in event.to`: one value in a list the record gives.
    case contains(Syntax, Syntax, offset: Int)
    case call(String, [Argument], offset: Int, length: Int)
    /// A field of what a call gives: `latest(strategy_discussion.held).outcome`.
    case field(Syntax, String, offset: Int, length: Int)

    struct Argument: Equatable, Sendable {
        var label: String?
        var value: Syntax
        /// Where the label is written (its length is the label's), for carets on a wrong one.
        var labelOffset = -1
    }

    var offset: Int {
        switch self {
        case .name(_, let o, _), .string(_, let o, _), .integer(_, let o, _), .duration(_, _, let o, _), .bool(_, let o, _),
             .span(_, _, let o, _), .date(_, let o, _), .not(_, let o), .negate(_, let o), .call(_, _, let o, _):
            return o
        case .binary(_, let l, _, _, _), .member(let l, _, _), .field(let l, _, _, _), .contains(let l, _, _): return l.offset
        }
    }

    /// The span from the first to the last character, for carets.
    var end: Int {
        switch self {
        case .name(_, let o, let l), .string(_, let o, let l), .integer(_, let o, let l), .duration(_, _, let o, let l),
             .bool(_, let o, let l), .call(_, _, let o, let l), .field(_, _, let o, let l), .span(_, _, let o, let l), .date(_, let o, let l):
            return o + l
        case .not(let e, _), .negate(let e, _): return e.end
        case .binary(_, _, let r, _, _), .contains(_, let r, _): return r.end
        case .member(_, let items, let o): return items.last?.end ?? o + 2
        }
    }
    var length: Int { max(1, end - offset) }
}

enum BinaryOperator: String, Sendable {
    case or, and, eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">=", plus = "+", minus = "-"
}

/// Recursive descent. Precedence, loosest first: or, and, not, comparison and `in`, + -, unary minus.
struct Parser {
    /// Stated limits: every later stage (type checking, evaluation, words) walks the tree
    /// recursively, so its size and depth are bounded here, where the error has a position.
    static let maxTokens = 256
    static let maxNesting = 32

    private var tokens: [Token]
    private var p = 0
    private var nesting = 0

    static func parse(_ text: String) throws(ExpressionError) -> Syntax {
        let tokens = try Lexer.tokens(text)
        if tokens.count - 1 > maxTokens {
            let t = tokens[maxTokens]
            throw ExpressionError("expression.too-long", "a condition may hold at most \(maxTokens) names, values and symbols; split it into simpler rules",
                                  offset: t.offset, length: t.length)
        }
        var parser = Parser(tokens: tokens)
        let e = try parser.orExpr()
        let t = parser.peek
        if t.kind != .end {
            throw ExpressionError("expression.syntax", "expected 'and', 'or' or the end of the condition, found \(t.describe)",
                                  offset: t.offset, length: t.length)
        }
        return e
    }

    private init(tokens: [Token]) { self.tokens = tokens }
    private var peek: Token { tokens[p] }
    private mutating func advance() -> Token {
        let t = tokens[p]
        if p < tokens.count - 1 { p += 1 }
        return t
    }
    private mutating func accept(_ k: Token.Kind) -> Token? {
        if peek.kind == k { return advance() }
        return nil
    }
    private mutating func expect(_ sym: Token.Symbol, _ what: String) throws(ExpressionError) -> Token {
        if let t = accept(.symbol(sym)) { return t }
        throw ExpressionError("expression.syntax", "expected \(what), found \(peek.describe)", offset: peek.offset, length: peek.length)
    }

    private mutating func orExpr() throws(ExpressionError) -> Syntax {
        var l = try andExpr()
        while let t = accept(.keyword(.or)) { l = .binary(.or, l, try andExpr(), offset: t.offset, length: t.length) }
        return l
    }
    private mutating func andExpr() throws(ExpressionError) -> Syntax {
        var l = try notExpr()
        while let t = accept(.keyword(.and)) { l = .binary(.and, l, try notExpr(), offset: t.offset, length: t.length) }
        return l
    }
    private mutating func notExpr() throws(ExpressionError) -> Syntax {
        if let t = accept(.keyword(.not)) { return .not(try notExpr(), offset: t.offset) }
        return try comparison()
    }
    private mutating func comparison() throws(ExpressionError) -> Syntax {
        let l = try additive()
        if case .symbol(let s) = peek.kind, let op = BinaryOperator(rawValue: s.rawValue), ![.plus, .minus].contains(op) {
            let t = advance()
            let r = try additive()
            if case .symbol(let s2) = peek.kind, BinaryOperator(rawValue: s2.rawValue) != nil, s2 != .plus, s2 != .minus {
                throw ExpressionError("expression.chained-comparison", "comparisons cannot be chained; join them with 'and'",
                                      offset: peek.offset, length: peek.length)
            }
            return .binary(op, l, r, offset: t.offset, length: t.length)
        }
        if let t = accept(.keyword(.in)) {
            // A list field of the record: `"leader" in event.to`.
            if peek.kind != .symbol(.lbracket) {
                if case .name = peek.kind { return .contains(l, try additive(), offset: t.offset) }
                _ = try expect(.lbracket, "'[' to start a list, or a list field like event.to, after 'in'")
            }
            _ = try expect(.lbracket, "'[' to start a list after 'in'")
            var items: [Syntax] = []
            if accept(.symbol(.rbracket)) == nil {
                repeat { items.append(try additive()) } while accept(.symbol(.comma)) != nil
                _ = try expect(.rbracket, "',' or ']'")
            }
            return .member(l, items, offset: t.offset)
        }
        return l
    }
    private mutating func additive() throws(ExpressionError) -> Syntax {
        var l = try unary()
        while case .symbol(let s) = peek.kind, s == .plus || s == .minus {
            let t = advance()
            l = .binary(s == .plus ? .plus : .minus, l, try unary(), offset: t.offset, length: t.length)
        }
        return l
    }
    private mutating func enter(_ t: Token) throws(ExpressionError) {
        nesting += 1
        if nesting > Parser.maxNesting {
            throw ExpressionError("expression.too-deep", "brackets nest more than \(Parser.maxNesting) deep", offset: t.offset, length: t.length)
        }
    }

    private mutating func unary() throws(ExpressionError) -> Syntax {
        if let t = accept(.symbol(.minus)) { return .negate(try unary(), offset: t.offset) }
        return try primary()
    }
    /// `.field` after a call: `latest(strategy_discussion.held).outcome`.
    private mutating func fields(of call: Syntax) throws(ExpressionError) -> Syntax {
        guard accept(.symbol(.dot)) != nil else { return call }
        guard case .name(let field) = peek.kind else {
            throw ExpressionError("expression.syntax", "expected a field name after '.', found \(peek.describe)", offset: peek.offset, length: peek.length)
        }
        let t = advance()
        return .field(call, field, offset: t.offset, length: t.length)
    }

    private mutating func primary() throws(ExpressionError) -> Syntax {
        let t = advance()
        switch t.kind {
        case .string(let s): return .string(s, offset: t.offset, length: t.length)
        case .integer(let i): return .integer(i, offset: t.offset, length: t.length)
        case .duration(let secs, let text): return .duration(secs, text: text, offset: t.offset, length: t.length)
        case .span(let span, let text): return .span(span, text: text, offset: t.offset, length: t.length)
        case .date(let d, _): return .date(d, offset: t.offset, length: t.length)
        case .keyword(.true): return .bool(true, offset: t.offset, length: t.length)
        case .keyword(.false): return .bool(false, offset: t.offset, length: t.length)
        case .symbol(.lparen):
            try enter(t)
            defer { nesting -= 1 }
            let e = try orExpr()
            _ = try expect(.rparen, "')'")
            return e
        case .name(let n):
            guard accept(.symbol(.lparen)) != nil else { return .name(n, offset: t.offset, length: t.length) }
            try enter(t)
            defer { nesting -= 1 }
            var args: [Syntax.Argument] = []
            if accept(.symbol(.rparen)) == nil {
                repeat {
                    var label: String?
                    var labelOffset = -1
                    if case .name(let l) = peek.kind, tokens[p + 1].kind == .symbol(.colon) {
                        label = l
                        labelOffset = peek.offset
                        _ = advance(); _ = advance()
                    }
                    args.append(.init(label: label, value: try orExpr(), labelOffset: labelOffset))
                } while accept(.symbol(.comma)) != nil
                let close = try expect(.rparen, "',' or ')'")
                return try fields(of: .call(n, args, offset: t.offset, length: close.offset + 1 - t.offset))
            }
            return try fields(of: .call(n, args, offset: t.offset, length: tokens[p - 1].offset + 1 - t.offset))
        case .end:
            throw ExpressionError("expression.syntax", "the condition ends too soon: expected a value", offset: t.offset)
        default:
            throw ExpressionError("expression.syntax", "expected a value, found \(t.describe)", offset: t.offset, length: t.length)
        }
    }
}
