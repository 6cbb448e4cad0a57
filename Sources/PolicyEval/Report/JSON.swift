/// A tiny deterministic JSON writer: fields in the order given, no locale, no floats.
/// Everything is appended to one string, reserved up front: a report of a long record has
/// hundreds of thousands of entries, and a string made per field cost more than evaluating.
struct JSONWriter {
    private(set) var text = ""

    init(capacity: Int = 0) { text.reserveCapacity(capacity) }

    mutating func raw(_ s: String) { text += s }

    /// A string, quoted; escaped only where it needs it (ids and words rarely do). Besides what
    /// JSON requires, DEL, C1 controls, the line separators and the bidirectional controls
    /// (`Shown.isControl`) are written as `\u` escapes: valid either way, but a report shown
    /// on a terminal or in a browser must not act on it.
    mutating func string(_ s: String) {
        text += "\""
        if s.utf8.contains(where: { $0 == 0x22 || $0 == 0x5C }) || Shown.hasControl(s.utf8) {
            for u in s.unicodeScalars {
                switch u {
                case "\"": text += "\\\""
                case "\\": text += "\\\\"
                case "\n": text += "\\n"
                case "\r": text += "\\r"
                case "\t": text += "\\t"
                case _ where Shown.isControl(u):
                    let hex = String(u.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: text.unicodeScalars.append(u)
                }
            }
        } else {
            text += s
        }
        text += "\""
    }

    mutating func stringOrNull(_ s: String?) {
        if let s { string(s) } else { text += "null" }
    }

    mutating func int(_ n: Int) { text += String(n) }
    mutating func bool(_ b: Bool) { text += b ? "true" : "false" }

    /// `[a, b]` on one line.
    mutating func strings(_ items: [String]) {
        text += "["
        for (i, s) in items.enumerated() {
            if i > 0 { text += ", " }
            string(s)
        }
        text += "]"
    }

    /// The key of an object's field: `{"key": ` for its first, `, "key": ` after.
    mutating func key(_ name: String, first: Bool = false) {
        text += first ? "{\"" : ", \""
        text += name
        text += "\": "
    }

    mutating func endObject() { text += "}" }
}

/// One-off JSON values, for small documents (diagnostics).
enum JSON {
    static func quote(_ s: String) -> String {
        var w = JSONWriter(capacity: s.utf8.count + 2)
        w.string(s)
        return w.text
    }

    static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\(quote($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }
}
