/// A parsed JSON document: what incident files and event streams are read into.
/// Objects keep their keys in file order.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    var object: JSONObject? { if case .object(let o) = self { o } else { nil } }
    var string: String? { if case .string(let s) = self { s } else { nil } }
    var isNull: Bool { self == .null }
}

struct JSONObject: Sendable, Equatable {
    var keys: [String] = []
    var values: [JSONValue] = []

    /// Objects in incidents are small, so a scan beats hashing.
    subscript(_ key: String) -> JSONValue? {
        for i in keys.indices where keys[i] == key { return values[i] }
        return nil
    }
}

/// Why a JSON text could not be read, with its line and column.
struct JSONSyntaxError: Error, Sendable, Equatable {
    var message: String
    var line: Int
    var column: Int
    /// A stated limit was passed (nesting, number of values): the text may be valid JSON.
    var limit = false
}

/// A strict JSON parser (RFC 8259) over UTF-8 bytes, with a nesting limit. Written for
/// incident files: several times faster than Foundation's JSONSerialization, and its
/// values need no bridging casts.
struct JSONParser {
    static let maxDepth = 256
    /// Most values in one text: each takes 24 bytes or more in memory whatever its size in
    /// the text (`0,` is two bytes), so without this bound a 256 MiB file of `[0,0,...]`
    /// would need gigabytes. Sixteen million is about two million events.
    static let maxValues = 16_000_000

    static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) -> JSONValue in try parse(buffer) }
    }

    static func parse(_ bytes: ArraySlice<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) -> JSONValue in try parse(buffer) }
    }

    static func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        var p = JSONParser(buffer)
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == buffer.count else { throw p.error("unexpected text after the JSON value") }
        return v
    }

    private let b: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var values = 0

    private init(_ b: UnsafeBufferPointer<UInt8>) { self.b = b }

    private func error(_ message: String) -> JSONSyntaxError {
        var line = 1, column = 1, k = 0
        while k < min(i, b.count) {
            if b[k] == 0x0A { line += 1; column = 1 } else if b[k] & 0xC0 != 0x80 { column += 1 }
            k += 1
        }
        return JSONSyntaxError(message: message, line: line, column: column)
    }

    private func tooDeep() -> JSONSyntaxError {
        var e = error("nested more than \(JSONParser.maxDepth) levels deep, the limit")
        e.limit = true
        return e
    }

    private mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    private mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard i < b.count else { throw error("the JSON ends too soon") }
        values += 1
        if values > JSONParser.maxValues {
            var e = error("more than \(JSONParser.maxValues) values in one file, the limit (about two million events)")
            e.limit = true
            throw e
        }
        switch b[i] {
        case 0x7B: return .object(try object(depth: depth + 1))
        case 0x5B: return .array(try array(depth: depth + 1))
        case 0x22: return .string(try string())
        case 0x74: try literal("true"); return .bool(true)
        case 0x66: try literal("false"); return .bool(false)
        case 0x6E: try literal("null"); return .null
        case 0x2D, 0x30...0x39: return .number(try number())
        default: throw error("unexpected character '\(UnicodeScalar(b[i]))'")
        }
    }

    private mutating func literal(_ word: String) throws(JSONSyntaxError) {
        let start = i
        for c in word.utf8 {
            guard i < b.count, b[i] == c else {
                i = start
                throw error("unexpected text; expected \(word)")
            }
            i += 1
        }
    }

    private mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONObject {
        guard depth <= JSONParser.maxDepth else { throw tooDeep() }
        i += 1
        var o = JSONObject()
        var seen: Set<String>?  // only for large objects; small ones are scanned
        skipSpace()
        if i < b.count, b[i] == 0x7D { i += 1; return o }
        while true {
            skipSpace()
            guard i < b.count, b[i] == 0x22 else { throw error("expected a quoted key") }
            let keyStart = i
            let key = try string()
            // A repeated key would let the last value silently win: refuse it.
            if seen?.contains(key) ?? o.keys.contains(key) {
                i = keyStart
                // Named as the incident reader names keys: a key may be free text (a name).
                throw error("the key \(IncidentReader.keyName(key).quotedUnlessHidden) appears twice in one object")
            }
            if o.keys.count == 16 { seen = Set(o.keys) }
            seen?.insert(key)
            skipSpace()
            guard i < b.count, b[i] == 0x3A else { throw error("expected ':' after a key") }
            i += 1
            skipSpace()
            o.keys.append(key)
            o.values.append(try value(depth: depth))
            skipSpace()
            guard i < b.count else { throw error("the JSON ends inside an object") }
            if b[i] == 0x2C { i += 1; continue }
            if b[i] == 0x7D { i += 1; return o }
            throw error("expected ',' or '}'")
        }
    }

    private mutating func array(depth: Int) throws(JSONSyntaxError) -> [JSONValue] {
        guard depth <= JSONParser.maxDepth else { throw tooDeep() }
        i += 1
        var a: [JSONValue] = []
        skipSpace()
        if i < b.count, b[i] == 0x5D { i += 1; return a }
        while true {
            skipSpace()
            a.append(try value(depth: depth))
            skipSpace()
            guard i < b.count else { throw error("the JSON ends inside an array") }
            if b[i] == 0x2C { i += 1; continue }
            if b[i] == 0x5D { i += 1; return a }
            throw error("expected ',' or ']'")
        }
    }

    private mutating func string() throws(JSONSyntaxError) -> String {
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < b.count, b[i] != 0x22, b[i] != 0x5C, b[i] >= 0x20 { i += 1 }
        if i < b.count, b[i] == 0x22 {
            defer { i += 1 }
            guard let s = String(validating: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self) else {
                throw error("a string is not valid UTF-8")
            }
            return s
        }
        var bytes = Array(b[start..<i])
        while true {
            guard i < b.count else { throw error("a string has no closing quote") }
            let c = b[i]
            if c == 0x22 { i += 1; break }
            if c < 0x20 { throw error("a control character inside a string must be escaped") }
            if c != 0x5C { bytes.append(c); i += 1; continue }
            i += 1
            guard i < b.count else { throw error("a string has no closing quote") }
            let e = b[i]
            i += 1
            switch e {
            case 0x22: bytes.append(0x22)
            case 0x5C: bytes.append(0x5C)
            case 0x2F: bytes.append(0x2F)
            case 0x62: bytes.append(0x08)
            case 0x66: bytes.append(0x0C)
            case 0x6E: bytes.append(0x0A)
            case 0x72: bytes.append(0x0D)
            case 0x74: bytes.append(0x09)
            case 0x75:
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard i + 1 < b.count, b[i] == 0x5C, b[i + 1] == 0x75 else { throw error("a lone surrogate in \\u escape") }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("a lone surrogate in \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw error("a lone surrogate in \\u escape")
                }
                guard let u = Unicode.Scalar(scalar) else { throw error("an invalid \\u escape") }
                bytes.append(contentsOf: Array(String(Character(u)).utf8))
            default: throw error("an invalid escape '\\\\\(UnicodeScalar(e))'")
            }
        }
        guard let s = String(validating: bytes, as: UTF8.self) else { throw error("a string is not valid UTF-8") }
        return s
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard i + 4 <= b.count else { throw error("a \\u escape needs four hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = b[i]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw error("a \\u escape needs four hex digits")
            }
            v = v * 16 + d
            i += 1
        }
        return v
    }

    private mutating func number() throws(JSONSyntaxError) -> Double {
        let start = i
        if b[i] == 0x2D { i += 1 }
        guard i < b.count, (0x30...0x39).contains(b[i]) else { throw error("a number needs digits") }
        if b[i] == 0x30 { i += 1 } else { while i < b.count, (0x30...0x39).contains(b[i]) { i += 1 } }
        if i < b.count, b[i] == 0x2E {
            i += 1
            guard i < b.count, (0x30...0x39).contains(b[i]) else { throw error("a number needs digits after '.'") }
            while i < b.count, (0x30...0x39).contains(b[i]) { i += 1 }
        }
        if i < b.count, b[i] == 0x65 || b[i] == 0x45 {
            i += 1
            if i < b.count, b[i] == 0x2B || b[i] == 0x2D { i += 1 }
            guard i < b.count, (0x30...0x39).contains(b[i]) else { throw error("a number needs digits in its exponent") }
            while i < b.count, (0x30...0x39).contains(b[i]) { i += 1 }
        }
        guard let d = Double(String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)) else {
            throw error("an invalid number")
        }
        return d
    }
}
