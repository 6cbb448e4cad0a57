/// JSON written as UTF-8 bytes into a buffer, fields in the order given: the byte
/// form of `JSONWriter`, for reports (hundreds of thousands of entries are written
/// straight into memory, with no string made per field or per date). Strings are escaped
/// exactly as `JSONWriter.string` escapes them. The caller hands on and clears the bytes
/// between entries (`withBytes`, `clear`); the buffer grows when an entry needs it.
final class JSONBytes {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    /// The dates of instants written lately ("2026-03-14"), by day: a report's instants fall on
    /// a few nearby days at a time (an entry's trigger, due and done), and working a day's
    /// date out of its number costs more than the rest of the instant. Slot `day & 15` holds
    /// that day's number and its date's bytes (at most 15, with their count first).
    private let dayNumbers: UnsafeMutablePointer<Int> = {
        let p = UnsafeMutablePointer<Int>.allocate(capacity: 16)
        p.initialize(repeating: .min, count: 16)
        return p
    }()
    private let dayBytes: UnsafeMutablePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 16 * 16 + 16)  // 16 bytes read past a slot's count
        p.initialize(repeating: 0, count: 16 * 16 + 16)
        return p
    }()
    /// What London's words and the stepped dates keep (`londonWords`, `civil`), in one block
    /// made only for a whole report's writer (`keeping`), not one made for a phrase
    /// (`StringPhrases`): London's dates in words by local day, as `dayBytes` (16 slots of 32
    /// bytes, at most 31 used, and 32 more read past a slot's count) and their days' numbers;
    /// the last day whose civil date was worked out (its number, year, month, day); and the
    /// span of the zone's table London's offset was last found in, and that offset.
    private let kept: UnsafeMutableRawPointer?
    private static let keptWords = 16 + 4 + 3, keptBytes = 16 * 32 + 32

    private var wordDays: UnsafeMutablePointer<Int> { kept.unsafelyUnwrapped.assumingMemoryBound(to: Int.self) }
    private var lastCivil: UnsafeMutablePointer<Int> { wordDays + 16 }
    private var offsetSpan: UnsafeMutablePointer<Int> { wordDays + 20 }
    private var wordBytes: UnsafeMutablePointer<UInt8> {
        (kept.unsafelyUnwrapped + JSONBytes.keptWords * MemoryLayout<Int>.stride).assumingMemoryBound(to: UInt8.self)
    }

    /// Whether London's words and dates are worked out from those kept (`kept`): for a
    /// writer of a whole report, not one made for a phrase.
    private let keeping: Bool

    init(capacity: Int, keeping: Bool = false) {
        self.capacity = max(capacity, 256)
        self.keeping = keeping
        if keeping {
            let words = JSONBytes.keptWords * MemoryLayout<Int>.stride
            let block = UnsafeMutableRawPointer.allocate(byteCount: words + JSONBytes.keptBytes, alignment: MemoryLayout<Int>.alignment)
            block.initializeMemory(as: Int.self, repeating: .min, count: JSONBytes.keptWords)
            (block + words).initializeMemory(as: UInt8.self, repeating: 0, count: JSONBytes.keptBytes)
            kept = block
        } else {
            kept = nil
        }
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
        dayBytes.deallocate()
        dayNumbers.deallocate()
        kept?.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    func clear() { count = 0 }

    /// Room for `n` more bytes.
    @inline(__always) func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    private func grow(_ needed: Int) {
        var size = capacity * 2
        while size < needed { size *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = size
    }

    /// Writes at most `max` bytes at the end (the writer says how many it wrote).
    @inline(__always) func write(max: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        reserve(max)
        count += body(base + count)
    }

    @inline(__always) func byte(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    @inline(__always) func raw(_ s: StaticString) { bytes(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)) }

    @inline(__always) func bytes(_ b: UnsafeBufferPointer<UInt8>) {
        guard let p = b.baseAddress, !b.isEmpty else { return }
        let n = b.count
        reserve(n)
        // Most are a key or a word or two: copied a word at a time (the last overlapping)
        // rather than by a call.
        if n <= 32 { JSONBytes.copy(UnsafeRawPointer(p), to: UnsafeMutableRawPointer(base + count), n) } else { (base + count).update(from: p, count: n) }
        count += n
    }

    /// `n` (1...32) bytes, by words, halves, quarters or a byte, the last of each overlapping.
    @inline(__always) static func copy(_ from: UnsafeRawPointer, to: UnsafeMutableRawPointer, _ n: Int) {
        if n >= 8 {
            var k = 0
            while k + 8 < n {
                to.storeBytes(of: from.loadUnaligned(fromByteOffset: k, as: UInt64.self), toByteOffset: k, as: UInt64.self)
                k += 8
            }
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self), toByteOffset: n - 8, as: UInt64.self)
        } else if n >= 4 {
            let a = from.loadUnaligned(as: UInt32.self), b = from.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
            to.storeBytes(of: a, as: UInt32.self)
            to.storeBytes(of: b, toByteOffset: n - 4, as: UInt32.self)
        } else if n >= 2 {
            let a = from.loadUnaligned(as: UInt16.self), b = from.loadUnaligned(fromByteOffset: n - 2, as: UInt16.self)
            to.storeBytes(of: a, as: UInt16.self)
            to.storeBytes(of: b, toByteOffset: n - 2, as: UInt16.self)
        } else {
            to.storeBytes(of: from.load(as: UInt8.self), as: UInt8.self)
        }
    }

    /// A string's bytes as they are (for words, not JSON).
    func plain(_ s: String) {
        var s = s
        s.withUTF8 { bytes($0) }
    }

    /// A string's bytes, escaped for the inside of a JSON string (no quotes around).
    func escaped(_ s: String) {
        // In place where the string's UTF-8 is at hand (no copy of the string made).
        if s.utf8.withContiguousStorageIfAvailable({ escaped($0) }) != nil { return }
        var s = s
        s.withUTF8 { escaped($0) }
    }

    /// `u` (UTF-8, as a String holds it) escaped as `JSONWriter.string` escapes it: besides
    /// what JSON requires, DEL, C1 controls, the line and paragraph separators and the
    /// bidirectional controls (`Shown.isControl`) are written as `\u` escapes.
    @inline(__always) func escaped(_ u: UnsafeBufferPointer<UInt8>) {
        guard let p = u.baseAddress else { return }
        let n = u.count
        // Most values are short plain ASCII (ids, names): up to 16 bytes, tested and copied as
        // two words (overlapping) or one (gathered a byte at a time), with no call made.
        if n <= 16 {
            reserve(16)
            let out = UnsafeMutableRawPointer(base + count)
            if n >= 8 {
                let a = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
                let b = UnsafeRawPointer(p + (n - 8)).loadUnaligned(as: UInt64.self)
                if JSONBytes.isPlain(a), JSONBytes.isPlain(b) {
                    out.storeBytes(of: a, as: UInt64.self)
                    out.storeBytes(of: b, toByteOffset: n - 8, as: UInt64.self)
                    count += n
                    return
                }
            } else {
                var w: UInt64 = 0x4141_4141_4141_4141  // padded with a plain letter
                withUnsafeMutableBytes(of: &w) { for i in 0..<n { $0[i] = p[i] } }
                if JSONBytes.isPlain(w) {
                    out.storeBytes(of: w, as: UInt64.self)  // the bytes past `n` are room, not written
                    count += n
                    return
                }
            }
        }
        escapedAnyLength(u)
    }

    private func escapedAnyLength(_ u: UnsafeBufferPointer<UInt8>) {
        guard let p = u.baseAddress else { return }
        let n = u.count
        // Most values are plain ASCII: tested a word at a time, the last word overlapping or
        // padded, and copied whole.
        if JSONBytes.isPlainASCII(p, n) { return bytes(u) }
        // Most text needs no escape: look eight ASCII bytes at a time, any other byte one at
        // a time (only a few lead bytes can begin a control character), then copy it whole.
        var k = 0
        let ones: UInt64 = 0x0101_0101_0101_0101, high = ones &* 0x80
        scan: while k < n {
            while k + 8 <= n {
                let w = UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self)
                let quote = w ^ (ones &* 0x22), slash = w ^ (ones &* 0x5C), del = w ^ (ones &* 0x7F)
                let special = ((quote &- ones) & ~quote) | ((slash &- ones) & ~slash) | ((del &- ones) & ~del)
                    | ((w &- ones &* 0x20) & ~w) | w
                if special & high != 0 { break }
                k += 8
            }
            guard k < n else { break }
            let c = p[k]
            if c < 0x80 {
                if c < 0x20 || c == 0x22 || c == 0x5C || c == 0x7F { break scan }
                k += 1
            } else {
                if JSONBytes.control(p + k, n - k) != nil { break scan }
                k += 1
            }
        }
        if k == n { return bytes(u) }
        reserve(n * 6)  // every byte escaped as \u00XX, at worst
        var out = base + count
        (out).update(from: p, count: k)
        out += k
        let hex: StaticString = "0123456789abcdef"
        let digits = hex.utf8Start
        while k < n {
            let c = p[k]
            if c >= 0x80 {
                if let (scalar, length) = JSONBytes.control(p + k, n - k) {
                    out[0] = 0x5C; out[1] = 0x75
                    out[2] = digits[Int(scalar >> 12 & 0xF)]; out[3] = digits[Int(scalar >> 8 & 0xF)]
                    out[4] = digits[Int(scalar >> 4 & 0xF)]; out[5] = digits[Int(scalar & 0xF)]
                    out += 6; k += length
                } else {
                    out.pointee = c; out += 1; k += 1
                }
                continue
            }
            k += 1
            if c != 0x22, c != 0x5C, c >= 0x20, c != 0x7F { out.pointee = c; out += 1; continue }
            out[0] = 0x5C
            switch c {
            case 0x22: out[1] = 0x22; out += 2
            case 0x5C: out[1] = 0x5C; out += 2
            case 0x0A: out[1] = 0x6E; out += 2
            case 0x0D: out[1] = 0x72; out += 2
            case 0x09: out[1] = 0x74; out += 2
            default:
                out[1] = 0x75; out[2] = 0x30; out[3] = 0x30
                out[4] = digits[Int(c >> 4)]; out[5] = digits[Int(c & 0xF)]
                out += 6
            }
        }
        count = out - base
    }

    /// Whether `n` bytes at `p` are all ASCII that JSON writes as it is (none below 0x20,
    /// no quote, backslash or DEL, nothing from 0x80 up).
    @inline(__always) static func isPlainASCII(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        if n < 8 {
            // Padded with a plain letter.
            var w = ones &* 0x41
            withUnsafeMutableBytes(of: &w) { $0.baseAddress!.copyMemory(from: p, byteCount: n) }
            return isPlain(w)
        }
        var k = 0
        while k + 8 < n {
            if !isPlain(UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self)) { return false }
            k += 8
        }
        return isPlain(UnsafeRawPointer(p + n - 8).loadUnaligned(as: UInt64.self))
    }

    /// Whether the eight bytes of `w` are all plain ASCII (as `isPlainASCII`).
    @inline(__always) static func isPlain(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quote = w ^ (ones &* 0x22), slash = w ^ (ones &* 0x5C), del = w ^ (ones &* 0x7F)
        let special = ((quote &- ones) & ~quote) | ((slash &- ones) & ~slash) | ((del &- ones) & ~del)
            | ((w &- ones &* 0x20) & ~w) | w
        return special & (ones &* 0x80) == 0
    }

    /// The control character (`Shown.isControl`) beyond ASCII that starts at `p`, and its
    /// length in bytes: C1 controls (C2 80...C2 9F), U+061C, U+200E, U+200F, U+2028...U+202E
    /// and U+2066...U+2069. Nil for any other character.
    @inline(__always) static func control(_ p: UnsafePointer<UInt8>, _ left: Int) -> (UInt32, Int)? {
        switch p[0] {
        case 0xC2:
            guard left >= 2, (0x80...0x9F).contains(p[1]) else { return nil }
            return (UInt32(p[1]), 2)
        case 0xD8:
            guard left >= 2, p[1] == 0x9C else { return nil }
            return (0x061C, 2)
        case 0xE2:
            guard left >= 3 else { return nil }
            let scalar = 0x2000 | UInt32(p[1] & 0x3F) << 6 | UInt32(p[2] & 0x3F)
            switch (p[1], p[2]) {
            case (0x80, 0x8E), (0x80, 0x8F), (0x80, 0xA8...0xAE), (0x81, 0xA6...0xA9): return (scalar, 3)
            default: return nil
            }
        default:
            return nil
        }
    }

    /// A value from input in words (a text report), as `Shown.escaped` shows it: control
    /// characters as visible escapes (`\n`, `\u{1B}`), so that none can start a line or act
    /// on a terminal.
    func shown(_ s: String) {
        if Shown.hasControl(s.utf8) { plain(Shown.escaped(s)) } else { plain(s) }
    }

    /// A string, quoted.
    func string(_ s: String) {
        byte(0x22)
        escaped(s)
        byte(0x22)
    }

    func stringOrNull(_ s: String?) {
        if let s { string(s) } else { raw("null") }
    }

    func int(_ n: Int) { write(max: 24) { Digits.write(n, to: $0) } }

    func bool(_ b: Bool) { if b { raw("true") } else { raw("false") } }

    /// An instant in RFC 3339 (UTC), quoted; null when there is none.
    func instant(_ t: Instant?) {
        guard let t else { return raw("null") }
        // `Instant.writeDescription`, its date taken from the days written lately where it can be.
        let seconds = t.seconds
        let days = Int((seconds >= 0 ? seconds : seconds - 86_399) / 86_400)
        let slot = days & 15, cached = dayBytes + slot * 16
        if dayNumbers[slot] != days {
            reserve(LocalDate.maxDescriptionBytes)
            let length = dateDescription(days, to: base + count)  // room: the scratch is the buffer's end
            guard length < 16 else {
                return write(max: Instant.maxDescriptionBytes + 2) { p in
                    p[0] = 0x22
                    let k = 1 + t.writeDescription(to: p + 1)
                    p[k] = 0x22
                    return k + 1
                }
            }
            cached[0] = UInt8(length)
            (cached + 1).update(from: base + count, count: length)
            dayNumbers[slot] = days
        }
        // The date's bytes copied as two words (a slot has room past its end), the time's digits by pairs.
        let rest = UInt32(truncatingIfNeeded: seconds - Int64(days) * 86_400)
        let length = Int(cached[0])
        reserve(32)
        let p = base + count
        p[0] = 0x22
        JSONBytes.copy16(from: cached + 1, to: p + 1)
        let q = p + 1 + length
        q[0] = 0x54
        JSONBytes.pair(rest / 3600, q + 1)
        q[3] = 0x3A
        JSONBytes.pair(rest / 60 % 60, q + 4)
        q[6] = 0x3A
        JSONBytes.pair(rest % 60, q + 7)
        q[9] = 0x5A
        q[10] = 0x22
        count += length + 12
    }

    /// The digits of 0...99, two by two.
    private static let pairs: StaticString = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

    /// `v` (under 100) in two digits.
    @inline(__always) static func pair(_ v: UInt32, _ at: UnsafeMutablePointer<UInt8>) {
        let d = pairs.utf8Start + Int(v &* 2)
        at[0] = d[0]
        at[1] = d[1]
    }

    /// Sixteen bytes, as two words.
    @inline(__always) static func copy16(from: UnsafePointer<UInt8>, to: UnsafeMutablePointer<UInt8>) {
        let a = UnsafeRawPointer(from).loadUnaligned(as: UInt64.self), b = UnsafeRawPointer(from + 8).loadUnaligned(as: UInt64.self)
        UnsafeMutableRawPointer(to).storeBytes(of: a, as: UInt64.self)
        UnsafeMutableRawPointer(to).storeBytes(of: b, toByteOffset: 8, as: UInt64.self)
    }

    /// The civil date of day `n`, as `LocalDate` has it, stepped from the last one worked out
    /// where that is at most two months away (a report's dates come nearly in order, and
    /// working one out afresh cost more than writing it); nil where there is none so near.
    private func civil(near n: Int) -> (year: Int, month: Int, day: Int)? {
        let c = lastCivil
        guard c[0] != .min, n >= c[0] - 62, n <= c[0] + 62 else { return nil }
        var y = c[1], m = c[2], d = c[3] + (n - c[0])
        while d > LocalDate.daysIn(month: m, year: y) {
            d -= LocalDate.daysIn(month: m, year: y)
            m += 1
            if m > 12 { m = 1; y += 1 }
        }
        while d < 1 {
            m -= 1
            if m < 1 { m = 12; y -= 1 }
            d += LocalDate.daysIn(month: m, year: y)
        }
        c[0] = n; c[1] = y; c[2] = m; c[3] = d
        return (y, m, d)
    }

    /// `LocalDate.writeDescription` of day `n` ("2026-03-14"), by way of `civil` where it can
    /// be; where not, the date written is read back for `civil` to step from.
    private func dateDescription(_ n: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
        guard keeping, n > -1 << 40, n < 1 << 40, let (y, m, d) = civil(near: n), y >= 0, y <= 9999 else {
            let length = LocalDate(daysSinceEpoch: n).writeDescription(to: p)
            if keeping, length == 10, n > -1 << 40, n < 1 << 40 {
                @inline(__always) func digit(_ k: Int) -> Int { Int(p[k]) - 48 }
                let c = lastCivil
                c[0] = n
                c[1] = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3)
                c[2] = digit(5) * 10 + digit(6)
                c[3] = digit(8) * 10 + digit(9)
            }
            return length
        }
        JSONBytes.four(y, p)
        p[4] = 0x2D
        JSONBytes.two(m, p + 5)
        p[7] = 0x2D
        JSONBytes.two(d, p + 8)
        return 10
    }

    /// `LocalDate.writeWords` of day `n` ("Sat 14 Mar 2026"), by way of `civil` where it can be.
    private func dateWords(_ n: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
        guard keeping, n > -1 << 40, n < 1 << 40, let (y, m, d) = civil(near: n), y >= 0, y <= 9999 else {
            return LocalDate(daysSinceEpoch: n).writeWords(to: p)
        }
        let names = JSONBytes.names.utf8Start
        let w = (LocalDate(daysSinceEpoch: n).weekday - 1) * 3, mn = 21 + (m - 1) * 3
        p[0] = names[w]; p[1] = names[w + 1]; p[2] = names[w + 2]; p[3] = 0x20
        var k = 4
        if d < 10 { p[4] = UInt8(truncatingIfNeeded: 48 + d); k = 5 } else { JSONBytes.two(d, p + 4); k = 6 }
        p[k] = 0x20
        p[k + 1] = names[mn]; p[k + 2] = names[mn + 1]; p[k + 3] = names[mn + 2]; p[k + 4] = 0x20
        JSONBytes.four(y, p + k + 5)
        return k + 9
    }

    /// The weekdays' and months' three letters (`LocalDate`'s), one after the other.
    private static let names: StaticString = "MonTueWedThuFriSatSunJanFebMarAprMayJunJulAugSepOctNovDec"

    @inline(__always) private static func two(_ v: Int, _ p: UnsafeMutablePointer<UInt8>) {
        p[0] = UInt8(truncatingIfNeeded: 48 + v / 10)
        p[1] = UInt8(truncatingIfNeeded: 48 + v % 10)
    }

    @inline(__always) private static func four(_ v: Int, _ p: UnsafeMutablePointer<UInt8>) {
        two(v / 100, p)
        two(v % 100, p + 2)
    }

    func date(_ d: LocalDate?) {
        guard let d else { return raw("null") }
        write(max: LocalDate.maxDescriptionBytes + 2) { p in
            p[0] = 0x22
            let k = 1 + d.writeDescription(to: p + 1)
            p[k] = 0x22
            return k + 1
        }
    }

    /// `[a, b]` on one line.
    func strings(_ items: [String]) {
        byte(0x5B)
        for (i, s) in items.enumerated() {
            if i > 0 { raw(", ") }
            string(s)
        }
        byte(0x5D)
    }

    /// The key of an object's field: `{"key": ` for its first, `, "key": ` after.
    @inline(__always) func key(_ name: StaticString, first: Bool = false) {
        if first { raw("{\"") } else { raw(", \"") }
        raw(name)
        raw("\": ")
    }

    func endObject() { byte(0x7D) }
}

/// Digits for the report writer (PolicyTime's own are internal to it).
enum Digits {
    /// `value` in decimal: at most 20 bytes.
    static func write(_ value: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
        if value >= 0, value < 10 { p[0] = UInt8(48 + value); return 1 }
        var v = value.magnitude, count = 0, t = v
        repeat { count += 1; t /= 10 } while t > 0
        let sign = value < 0 ? 1 : 0
        if sign == 1 { p[0] = 45 }
        var k = sign + count
        repeat {
            k -= 1
            p[k] = UInt8(48 + v % 10)
            v /= 10
        } while k > sign
        return sign + count
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
    private let scratch = JSONBytes(capacity: 256)

    mutating func phrase(_ s: String) { out.append(s) }
    mutating func begin() { scratch.clear() }
    mutating func fixed(_ s: StaticString) { scratch.raw(s) }
    mutating func text(_ s: String) { scratch.plain(s) }
    mutating func int(_ n: Int) { scratch.int(n) }
    mutating func instant(_ t: Instant, in zone: Zone) { scratch.words(t, in: zone) }
    mutating func date(_ d: LocalDate) { scratch.write(max: LocalDate.maxWordsBytes) { d.writeWords(to: $0) } }
    mutating func end() { out.append(scratch.withBytes { String(decoding: $0, as: UTF8.self) }) }
}

/// Phrases as the elements of a JSON array of strings (`"a", "b"`; the brackets are the caller's).
struct JSONPhrases: PhraseSink {
    let json: JSONBytes
    var count = 0

    init(_ json: JSONBytes) { self.json = json }

    // Small and called for every piece of a phrase: inlined.
    @inline(__always) mutating func begin() {
        if count > 0 { json.raw(", ") }
        count += 1
        json.byte(0x22)
    }
    @inline(__always) mutating func fixed(_ s: StaticString) { json.raw(s) }
    @inline(__always) mutating func text(_ s: String) { json.escaped(s) }
    @inline(__always) mutating func int(_ n: Int) { json.int(n) }
    mutating func instant(_ t: Instant, in zone: Zone) {
        // Digits, names and GMT or BST: nothing to escape; another zone's abbreviation comes from the system.
        if zone.identifier == "Europe/London" { json.words(t, in: zone) } else { json.escaped(zone.describe(t)) }
    }
    mutating func date(_ d: LocalDate) { json.write(max: LocalDate.maxWordsBytes) { d.writeWords(to: $0) } }
    @inline(__always) mutating func end() { json.byte(0x22) }
}

extension JSONBytes {
    /// "Sat 14 Mar 2026 22:10 GMT", as it is (not escaped).
    func words(_ t: Instant, in zone: Zone) {
        if keeping, zone.identifier == "Europe/London", londonWords(t, in: zone) { return }
        var done = false
        write(max: Zone.maxDescriptionBytes) { p in
            guard let k = zone.writeDescription(of: t, to: p) else { return 0 }
            done = true
            return k
        }
        if !done { plain(zone.describe(t)) }
    }

    /// `Zone.writeDescription` for London, its offset and its date's words taken from those
    /// written lately where it can be (a report's instants fall on a few nearby days at a time,
    /// and finding the offset and the date's words cost nine tenths of the instant). False,
    /// writing nothing, where there is no room to keep a date's words.
    private func londonWords(_ t: Instant, in zone: Zone) -> Bool {
        guard t.seconds > -(1 << 40), t.seconds < 1 << 40 else { return false }  // some 35,000 years either way
        let o = londonOffset(t, zone)
        let wall = t.seconds + o
        let days = Int((wall >= 0 ? wall : wall - 86_399) / 86_400)
        let slot = days & 15, cached = wordBytes + slot * 32
        if wordDays[slot] != days {
            reserve(LocalDate.maxWordsBytes)
            let length = dateWords(days, to: base + count)  // room: the scratch is the buffer's end
            guard length < 32 else { return false }
            cached[0] = UInt8(length)
            (cached + 1).update(from: base + count, count: length)
            wordDays[slot] = days
        }
        let minute = UInt32(truncatingIfNeeded: wall - Int64(days) * 86_400) / 60
        let length = Int(cached[0])
        reserve(48)
        let p = base + count
        JSONBytes.copy16(from: cached + 1, to: p)
        JSONBytes.copy16(from: cached + 17, to: p + 16)
        let q = p + length
        q[0] = 0x20
        JSONBytes.pair(minute / 60, q + 1)
        q[3] = 0x3A
        JSONBytes.pair(minute % 60, q + 4)
        q[6] = 0x20
        q[7] = o == 0 ? 0x47 : 0x42; q[8] = o == 0 ? 0x4D : 0x53; q[9] = 0x54  // GMT, BST
        count += length + 10
        return true
    }

    /// London's offset at `t`, and the span of the zone's table it holds through (kept, so
    /// that the instants after it, mostly in the same span, take no search).
    private func londonOffset(_ t: Instant, _ zone: Zone) -> Int64 {
        let s = Int(t.seconds), kept = offsetSpan
        if s >= kept[0], s < kept[1] { return Int64(kept[2]) }
        guard let span = zone.offsetSpan(at: t) else { return zone.offset(at: t) }
        kept[0] = Int(span.from)
        kept[1] = Int(span.until)
        kept[2] = Int(span.offset)
        return span.offset
    }
}
