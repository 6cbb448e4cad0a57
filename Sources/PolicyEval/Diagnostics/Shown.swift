/// How a value read from input (an incident, an event stream, a rule file, an argument) is
/// shown in what policyeval writes. Two dangers, two rules:
///
/// - **Control characters.** A newline in an id would start a line of its own in a report
///   or a log (a forged line); an ANSI escape would drive the reader's terminal; a
///   right-to-left override would show text in another order than it is. Every value from
///   input is written with such characters as visible escapes (`\n`, `\u{1B}`), in every
///   format: `escaped` for text, `JSONWriter` for JSON, and the graph renderers for labels.
/// - **Personal data.** A message (an error on standard error, a warning in a report, a
///   line of a log) shows a value from the record only when the vocabulary types it as a
///   code (an event type, an enumeration value, a role, a time zone, a policy id), a time
///   or date shaped like one, a short number, or an identifier of an identifier's shape
///   (`id`). Anything else may be a name, an address, a phone or NHS number, and is
///   described by its length only. `docs/incident-format.md` states the rule.
public enum Shown {
    // MARK: Control characters

    /// True for a character that must never reach the output as itself: C0 controls
    /// (newline and tab included), DEL, C1 controls, the line and paragraph separators,
    /// and the bidirectional controls (embeddings, overrides, isolates and marks).
    public static func isControl(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Whether `escaped` would change these bytes (UTF-8), found without decoding: a scan
    /// of bytes, so that the common case (no such character) costs little.
    public static func hasControl(_ bytes: some Collection<UInt8>) -> Bool {
        var it = bytes.makeIterator()
        while let b = it.next() {
            if b < 0x20 || b == 0x7F { return true }
            guard b == 0xC2 || b == 0xD8 || b == 0xE2 else { continue }
            guard let c = it.next() else { return false }
            switch b {
            case 0xC2: if (0x80...0x9F).contains(c) { return true }
            case 0xD8: if c == 0x9C { return true }
            default:
                guard c == 0x80 || c == 0x81, let d = it.next() else { continue }
                if c == 0x80, d == 0x8E || d == 0x8F || (0xA8...0xAE).contains(d) { return true }
                if c == 0x81, (0xA6...0xA9).contains(d) { return true }
            }
        }
        return false
    }

    /// `s` with every control character (`isControl`) written as an escape: `\n`, `\r`,
    /// `\t`, else `\u{1B}`. Used for every value from input put into text, so that a value
    /// can neither start a line of its own nor act on a terminal.
    public static func escaped(_ s: String) -> String {
        guard hasControl(s.utf8) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            guard isControl(u) else { out.append(u); continue }
            let text: String
            switch u {
            case "\n": text = "\\n"
            case "\r": text = "\\r"
            case "\t": text = "\\t"
            default: text = "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
            }
            out.append(contentsOf: text.unicodeScalars)
        }
        return String(out)
    }

    /// A whole output (a report, a list of diagnostics) made safe for a terminal: every
    /// control character escaped except the newlines and tabs that lay it out. The values in
    /// it were escaped when put in (`escaped`); this is the last line of defence.
    public static func terminalSafe(_ text: String) -> String {
        guard hasControl(text.utf8.lazy.filter { $0 != 0x0A && $0 != 0x09 }) else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map { escaped(String($0)) }.joined(separator: "\t") }
            .joined(separator: "\n")
    }

    /// Whether `terminalSafe` would change this text (UTF-8): a control character other than
    /// the newlines and tabs that lay it out. For a report written in chunks.
    public static func needsTerminalEscape(_ bytes: UnsafeRawBufferPointer) -> Bool {
        hasControl(bytes.lazy.filter { $0 != 0x0A && $0 != 0x09 })
    }

    // MARK: Personal data

    /// The longest code or identifier a message shows.
    public static let maxShown = 40

    /// A value the vocabulary types as a code (an event type, an enumeration value, a role, a
    /// time zone, a policy or rule id): shown quoted and escaped, so that a slip can be seen
    /// and fixed (`"missing.fond"`). Not when it holds a space or is longer than a code is:
    /// that is free text put in the wrong field, and may be a name.
    public static func code(_ s: String) -> String {
        if s.isEmpty { return "an empty string" }
        if s.unicodeScalars.count > maxShown || s.unicodeScalars.contains(where: { $0 == " " || $0.properties.isWhitespace && !isControl($0) }) {
            return hidden(s)
        }
        return "\"" + escaped(s) + "\""
    }

    /// An event or incident id in a message: shown as it is when it has an identifier's shape
    /// (`isIDShaped`), else nil (the caller names the event another way: its place in the file).
    public static func id(_ s: String) -> String? { isIDShaped(s) ? s : nil }

    /// 1 to 40 characters, ASCII letters, digits, `-`, `_`, `.` and `:`, with no run of
    /// eight or more digits (a phone number, an NHS number, a date of birth written
    /// 17052010) and no date (2010-05-17, 17-05-2010, 17.05.2010): the shape of `e12`,
    /// `BCP-2026-0142` or a UUID. An id of another shape may be anything, a name and a date
    /// of birth included.
    public static func isIDShaped(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard !u.isEmpty, u.count <= maxShown else { return false }
        var run = 0
        for b in u {
            let digit = b >= 0x30 && b <= 0x39
            guard digit || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F || b == 0x2E || b == 0x3A else { return false }
            run = digit ? run + 1 : 0
            if run >= 8 { return false }
        }
        return !containsDate(u)
    }

    /// `dddd-dd-dd` or `dd-dd-dddd` (with `-` or `.`), not inside a longer run of digits.
    static func containsDate(_ u: [UInt8]) -> Bool {
        func digits(_ i: Int, _ n: Int) -> Bool {
            i >= 0 && i + n <= u.count && u[i..<(i + n)].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }
        func sep(_ i: Int) -> Bool { i < u.count && (u[i] == 0x2D || u[i] == 0x2E) }
        func edge(_ i: Int) -> Bool { i < 0 || i >= u.count || !(u[i] >= 0x30 && u[i] <= 0x39) }
        for i in u.indices where edge(i - 1) {
            if digits(i, 4), sep(i + 4), digits(i + 5, 2), sep(i + 7), digits(i + 8, 2), edge(i + 10) { return true }
            if digits(i, 2), sep(i + 2), digits(i + 3, 2), sep(i + 5), digits(i + 6, 4), edge(i + 10) { return true }
        }
        return false
    }

    /// A time or date from a `time` or `date` field that could not be read: shown, quoted and
    /// escaped, when it starts as a date does (`2026-03-14`) and holds only what times are
    /// written with, so that the slip can be seen; anything else is described by its length.
    public static func time(_ s: String) -> String {
        let u = Array(s.utf8)
        let shaped = u.count >= 10 && u.count <= maxShown
            && u[0..<4].allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && u[4] == 0x2D
            && u[5..<7].allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && u[7] == 0x2D
            && u[8..<10].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
            && u.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || " -:.+TZtz".utf8.contains($0) }
        return shaped ? "\"" + s + "\"" : hidden(s)
    }

    /// A number in a field that wants something else: shown when a whole number of at most
    /// four digits (a count, a year); a longer one may be a phone or NHS number.
    public static func number(_ n: Double) -> String {
        n == n.rounded() && abs(n) < 10_000 ? String(Int(n)) : "a number (not shown: it may be personal data)"
    }

    /// Free text: never shown, only its length.
    public static func hidden(_ s: String) -> String {
        s.isEmpty ? "an empty string" : "a string of \(s.count) characters (not shown: it may be personal data)"
    }
}
