/// Splits a condition into tokens. Names may contain dots (`event.harmed`, `missing.found`).
struct Lexer {
    private let s: [Unicode.Scalar]
    private var i = 0

    init(_ text: String) { s = Array(text.unicodeScalars) }

    static func tokens(_ text: String) throws(ExpressionError) -> [Token] {
        var lexer = Lexer(text)
        var out: [Token] = []
        while true {
            let t = try lexer.next()
            out.append(t)
            if t.kind == .end { return out }
        }
    }

    private static func isNameStart(_ c: Unicode.Scalar) -> Bool { c == "_" || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") }
    private static func isNameChar(_ c: Unicode.Scalar) -> Bool { isNameStart(c) || isDigit(c) }
    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

    mutating func next() throws(ExpressionError) -> Token {
        while i < s.count, s[i] == " " || s[i] == "\t" || s[i] == "\n" || s[i] == "\r" { i += 1 }
        guard i < s.count else { return Token(kind: .end, offset: s.count, length: 1) }
        let start = i
        let c = s[i]
        if Lexer.isNameStart(c) {
            while i < s.count, Lexer.isNameChar(s[i]) || (s[i] == "." && i + 1 < s.count && Lexer.isNameStart(s[i + 1])) { i += 1 }
            let word = scalarString(s[start..<i])
            if let k = Token.Keyword(rawValue: word) { return Token(kind: .keyword(k), offset: start, length: i - start) }
            return Token(kind: .name(word), offset: start, length: i - start)
        }
        if Lexer.isDigit(c) { return try number(start) }
        if c == "\"" || c == "'" { return try string(start, quote: c) }
        let two = i + 1 < s.count ? scalarString([c, s[i + 1]]) : ""
        for sym in [Token.Symbol.eq, .ne, .le, .ge] where sym.rawValue == two {
            i += 2
            return Token(kind: .symbol(sym), offset: start, length: 2)
        }
        if let sym = Token.Symbol(rawValue: String(c)), sym != .eq, sym != .ne {
            i += 1
            return Token(kind: .symbol(sym), offset: start, length: 1)
        }
        if c == "=" {
            throw ExpressionError("expression.syntax", "'=' is not a comparison; write '==' to compare", offset: start, suggestion: "==")
        }
        if c == "&" || c == "|" || c == "!" {
            let word = c == "&" ? "and" : c == "|" ? "or" : "not"
            throw ExpressionError("expression.syntax", "unexpected '\(c)'; conditions use the words and, or, not", offset: start, suggestion: word)
        }
        throw ExpressionError("expression.syntax", "unexpected character '\(c)'", offset: start)
    }

    private mutating func number(_ start: Int) throws(ExpressionError) -> Token {
        if let date = try dateLiteral(start) { return date }
        var value = 0
        while i < s.count, Lexer.isDigit(s[i]) {
            let (v, o1) = value.multipliedReportingOverflow(by: 10)
            let (w, o2) = v.addingReportingOverflow(Int(s[i].value - 48))
            if o1 || o2 || w > 1_000_000_000 { throw ExpressionError("expression.number-too-large", "number too large", offset: start, length: i - start + 1) }
            value = w
            i += 1
        }
        let unitStart = i
        while i < s.count, Lexer.isNameChar(s[i]) { i += 1 }
        let unit = scalarString(s[unitStart..<i])
        let text = scalarString(s[start..<i])
        let seconds: Int64
        switch unit {
        case "": return Token(kind: .integer(value), offset: start, length: i - start)
        case "m": seconds = 60
        case "h": seconds = 3600
        case "d": seconds = 86_400
        case "w": seconds = 604_800
        case "wd", "wkd", "mo":
            // Counted on the calendar from a date (`event.date + 3wd`); the type checker says where it may go.
            do throws(TimeError) {
                return Token(kind: .span(try TimeSpan(parsing: text), text: text), offset: start, length: i - start)
            } catch {
                throw ExpressionError("expression.span", error.message, offset: start, length: i - start)
            }
        case "wh":
            throw ExpressionError(
                "expression.unit-not-elapsed",
                "'\(text)' counts working hours, which conditions cannot; use minutes (m), hours (h), days (d), weeks (w), or working days (wd) from a date",
                offset: start, length: i - start)
        default:
            throw ExpressionError(
                "expression.unknown-unit", "unknown unit '\(unit)' in '\(text)'; use m, h, d, w, or wd, wkd, mo from a date",
                offset: unitStart, length: i - unitStart,
                suggestion: Suggestion.closest(to: unit, among: ["m", "h", "d", "w", "wd", "wkd", "mo"]).map { "\(value)\($0)" })
        }
        return Token(kind: .duration(seconds: Int64(value) * seconds, text: text), offset: start, length: i - start)
    }

    /// `2026-04-01`: four digits, two, two, joined by hyphens with no spaces (with spaces,
    /// `2026 - 4` stays a subtraction). A day that does not exist is an error, never a guess.
    private mutating func dateLiteral(_ start: Int) throws(ExpressionError) -> Token? {
        let shape = [true, true, true, true, false, true, true, false, true, true]
        guard start + shape.count <= s.count,
              shape.indices.allSatisfy({ shape[$0] ? Lexer.isDigit(s[start + $0]) : s[start + $0] == "-" })
        else { return nil }
        let end = start + shape.count
        if end < s.count, Lexer.isNameChar(s[end]) || s[end] == "-" || s[end] == ":" {
            throw ExpressionError("expression.date", "a date in a condition is written 2026-04-01, with no time of day",
                                  offset: start, length: end - start + 1)
        }
        let text = scalarString(s[start..<end])
        i = end
        guard let date = LocalDate(text) else {
            throw ExpressionError("expression.date", "'\(text)' is not a date: write the year, month and day, like 2026-04-01",
                                  offset: start, length: end - start)
        }
        return Token(kind: .date(date, text: text), offset: start, length: end - start)
    }

    private mutating func string(_ start: Int, quote: Unicode.Scalar) throws(ExpressionError) -> Token {
        i += 1
        var out = String.UnicodeScalarView()
        while i < s.count, s[i] != quote {
            out.append(s[i])
            i += 1
        }
        guard i < s.count else {
            throw ExpressionError("expression.unterminated-string", "this string has no closing \(quote)", offset: start, length: i - start)
        }
        i += 1
        return Token(kind: .string(String(out)), offset: start, length: i - start)
    }
}

/// A string of scalars appended one by one: `String.UnicodeScalarView(_:)` of a slice goes
/// through the unspecialized generic append, whose first use costs ~280K instructions of
/// runtime type lookups on every check.
private func scalarString(_ scalars: some Collection<Unicode.Scalar>) -> String {
    var view = String.UnicodeScalarView()
    for c in scalars { view.append(c) }
    return String(view)
}
