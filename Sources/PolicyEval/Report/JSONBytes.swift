/// JSON written as UTF-8 bytes into a buffer, fields in the order given: the byte
/// form of `JSONWriter`, for reports (hundreds of thousands of entries are written
/// straight into bytes, with no string made per field or per date). Strings are escaped
/// exactly as `JSONWriter.string` escapes them.
struct JSONBytes {
    var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    @inline(__always) mutating func raw(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// A string's bytes, escaped for the inside of a JSON string (no quotes around).
    mutating func escaped(_ s: String) {
        var s = s
        s.withUTF8 { escaped($0) }
    }

    mutating func escaped(_ u: UnsafeBufferPointer<UInt8>) {
        // Ids and words rarely need escaping: copied in one go when nothing in them does.
        guard u.contains(where: { $0 == 0x22 || $0 == 0x5C }) || Shown.hasControl(u) else {
            bytes.append(contentsOf: u)
            return
        }
        // As JSONWriter.string: besides what JSON requires, DEL, C1 controls, the line
        // separators and the bidirectional controls are written as \u escapes.
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        for scalar in String(decoding: u, as: UTF8.self).unicodeScalars {
            switch scalar {
            case "\"": raw("\\\"")
            case "\\": raw("\\\\")
            case "\n": raw("\\n")
            case "\r": raw("\\r")
            case "\t": raw("\\t")
            case _ where Shown.isControl(scalar):
                raw("\\u")
                for shift in [12, 8, 4, 0] { bytes.append(hex[Int((scalar.value >> UInt32(shift)) & 0xF)]) }
            default:
                bytes.append(contentsOf: String(scalar).utf8)
            }
        }
    }

    /// A string, quoted.
    mutating func string(_ s: String) {
        bytes.append(0x22)
        escaped(s)
        bytes.append(0x22)
    }

    mutating func stringOrNull(_ s: String?) {
        if let s { string(s) } else { raw("null") }
    }

    mutating func int(_ n: Int) { Digits.append(n, width: 1, to: &bytes) }

    mutating func bool(_ b: Bool) { if b { raw("true") } else { raw("false") } }

    /// An instant in RFC 3339 (UTC), quoted; null when there is none.
    mutating func instant(_ t: Instant?) {
        guard let t else { return raw("null") }
        bytes.append(0x22)
        t.appendDescription(to: &bytes)
        bytes.append(0x22)
    }

    mutating func date(_ d: LocalDate?) {
        guard let d else { return raw("null") }
        bytes.append(0x22)
        d.appendDescription(to: &bytes)
        bytes.append(0x22)
    }

    /// `[a, b]` on one line.
    mutating func strings(_ items: [String]) {
        bytes.append(0x5B)
        for (i, s) in items.enumerated() {
            if i > 0 { raw(", ") }
            string(s)
        }
        bytes.append(0x5D)
    }

    /// The key of an object's field: `{"key": ` for its first, `, "key": ` after.
    @inline(__always) mutating func key(_ name: StaticString, first: Bool = false) {
        if first { raw("{\"") } else { raw(", \"") }
        raw(name)
        raw("\": ")
    }

    mutating func endObject() { bytes.append(0x7D) }
}

/// Digits for the report writer (PolicyTime's own are internal to it).
enum Digits {
    /// `value` in decimal, at least `width` digits (zeros before), a minus sign before those.
    static func append(_ value: Int, width: Int, to out: inout [UInt8]) {
        if value >= 0, value < 10, width <= 1 { out.append(UInt8(48 + value)); return }
        var v = value.magnitude
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &buffer) { raw in
            var i = raw.count
            repeat {
                i -= 1
                raw[i] = UInt8(48 + v % 10)
                v /= 10
            } while v > 0 && i > 0
            while raw.count - i < width && i > 0 {
                i -= 1
                raw[i] = 48
            }
            if value < 0 && i > 0 {
                i -= 1
                raw[i] = 45
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[i...]))
        }
    }
}

/// Where reasons are put into words: a list of strings (`because`), or the elements of a
/// JSON array written as they come. A phrase is made whole (`phrase`) or in pieces
/// (`begin`, pieces, `end`); either way both sinks read the same words.
protocol PhraseSink {
    mutating func phrase(_ s: String)
    mutating func begin()
    /// The writer's own words (a literal: nothing to escape).
    mutating func fixed(_ s: StaticString)
    mutating func text(_ s: String)
    mutating func int(_ n: Int)
    /// "Sat 14 Mar 2026 22:10 GMT".
    mutating func instant(_ t: Instant, in zone: Zone)
    /// "Wed 18 Mar 2026".
    mutating func date(_ d: LocalDate)
    mutating func end()
}

extension PhraseSink {
    mutating func phrase(_ s: String) {
        begin()
        text(s)
        end()
    }

    /// A deadline in words: the instant, or "the end of" its date (`Zone.describe(_: Deadline)`).
    mutating func deadline(_ d: Deadline, in zone: Zone) {
        switch d {
        case .instant(let t): instant(t, in: zone)
        case .date(let date): fixed("the end of "); self.date(date)
        }
    }
}

/// Phrases as strings.
struct StringPhrases: PhraseSink {
    var out: [String] = []
    private var scratch: [UInt8] = []

    mutating func phrase(_ s: String) { out.append(s) }
    mutating func begin() { scratch.removeAll(keepingCapacity: true) }
    mutating func fixed(_ s: StaticString) { scratch.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)) }
    mutating func text(_ s: String) { scratch.append(contentsOf: s.utf8) }
    mutating func int(_ n: Int) { Digits.append(n, width: 1, to: &scratch) }
    mutating func instant(_ t: Instant, in zone: Zone) { zone.appendDescription(of: t, to: &scratch) }
    mutating func date(_ d: LocalDate) { d.appendWords(to: &scratch) }
    mutating func end() { out.append(String(decoding: scratch, as: UTF8.self)) }
}

/// Phrases as the elements of a JSON array of strings (`"a", "b"`; the brackets are the caller's).
struct JSONPhrases: PhraseSink {
    var json: JSONBytes
    var count = 0

    init(_ json: JSONBytes) { self.json = json }

    mutating func begin() {
        if count > 0 { json.raw(", ") }
        count += 1
        json.bytes.append(0x22)
    }
    mutating func fixed(_ s: StaticString) { json.raw(s) }
    mutating func text(_ s: String) { json.escaped(s) }
    mutating func int(_ n: Int) { json.int(n) }
    mutating func instant(_ t: Instant, in zone: Zone) {
        // Digits, names and GMT or BST: nothing to escape; another zone's abbreviation comes from the system.
        if zone.identifier == "Europe/London" { zone.appendDescription(of: t, to: &json.bytes) } else { json.escaped(zone.describe(t)) }
    }
    mutating func date(_ d: LocalDate) { d.appendWords(to: &json.bytes) }
    mutating func end() { json.bytes.append(0x22) }
}
