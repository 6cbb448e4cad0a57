/// Reads an incident file straight from its bytes, in one pass, into events typed
/// against the vocabulary: no JSON tree, no string made for a key, an event type, a
/// time or a value from a closed set; each string is checked once (UTF-8, escapes)
/// where it is read. Role names are made once and shared.
///
/// It is the fast path of `IncidentReader`, and deliberately narrow: it reads only what
/// a well-formed incident holds, and at the first thing out of the ordinary (any error,
/// an unknown key, a duplicate key, a number where it does not expect one, an escape in
/// a key, a name whose bytes are not exactly the vocabulary's) it gives up and returns
/// nil. The reader then reads the file the general way, which gives every message and
/// applies every limit; so what this path accepts, the general path accepts too, with
/// the same result (`IncidentBytesTests` checks both on mutated files).
struct IncidentBytes {
    /// Gives up: the general path decides.
    struct GiveUp: Error {}

    /// An event type's data fields as the scanner reads them.
    fileprivate final class TypeShape {
        enum Kind { case bool, int, string, role, enumeration, time, date, roleList, unsupported }
        let names: [[UInt8]]
        let kinds: [Kind]
        /// For an enumeration field: its values' bytes, and the vocabulary's own strings.
        let values: [[[UInt8]]]
        let strings: [[String]]
        let required: [Int]
        /// No field given: shared by every event of the type without data, and copied
        /// (already of the right type and length) by those with some.
        let absent: [Value?]
        /// The fields' names, matched in place (`Scanner.at`).
        let keys: Patterns
        /// The enumeration fields' values: field `f`'s are `valueFirst[f]..<valueFirst[f + 1]`.
        let enumValues: Patterns
        let valueFirst: [Int]
        let valueString: [String]
        /// The fields whose values come from a closed set (bools, enumerations, roles): data
        /// with only these repeats, and is worth keeping by its bytes (`Scanner.recent`).
        let closed: UInt64

        init(_ type: Vocabulary.EventType) {
            names = type.fields.map { Array($0.name.utf8) }
            kinds = type.fields.map { f in
                switch f.type {
                case .bool: .bool
                case .int: .int
                case .string: .string
                case .role: .role
                case .time: .time
                case .date: .date
                case .roleList: .roleList
                case .duration: .unsupported
                case .enumeration: .enumeration
                }
            }
            strings = type.fields.map { f in if case .enumeration(let v) = f.type { v } else { [] } }
            values = strings.map { $0.map { Array($0.utf8) } }
            required = type.fields.indices.filter { !type.fields[$0].optional }
            absent = [Value?](repeating: nil, count: type.fields.count)
            keys = Patterns(names)
            enumValues = Patterns(values.flatMap { $0 })
            var first = [0]
            for v in values { first.append(first[first.count - 1] + v.count) }
            valueFirst = first
            valueString = strings.flatMap { $0 }
            var closed: UInt64 = 0
            for (f, k) in kinds.enumerated() where f < 64 {
                switch k {
                case .bool, .enumeration, .role, .roleList: closed |= 1 << f
                default: break
                }
            }
            self.closed = closed
        }
    }

    /// Names as they appear in a file, each followed by its closing quote, so that a name can
    /// be matched in place right after an opening quote (`Scanner.at`), without finding the
    /// string's end first. A name JSON would have to escape (a quote, a backslash, a control
    /// byte) has count 0 and is never matched in place, as it never matched the bytes of a
    /// plain string before.
    fileprivate struct Patterns {
        var bytes: [UInt8] = []
        var start: [Int] = []
        var count: [Int] = []

        init(_ names: [[UInt8]]) {
            for name in names {
                if name.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }) {
                    start.append(0)
                    count.append(0)
                } else {
                    start.append(bytes.count)
                    count.append(name.count + 1)
                    bytes += name + [0x22]
                }
            }
        }
    }

    let vocabulary: Vocabulary
    fileprivate let types: ByteNameTable
    fileprivate let facts: ByteNameTable

    init(vocabulary: Vocabulary) {
        self.vocabulary = vocabulary
        var types = ByteNameTable(capacity: vocabulary.events.count)
        for e in vocabulary.events { _ = types.insert(Array(e.name.utf8)) }
        self.types = types
        var facts = ByteNameTable(capacity: vocabulary.facts.count)
        for f in vocabulary.facts { _ = facts.insert(Array(f.name.utf8)) }
        self.facts = facts
    }

    /// An incident file, or nil to leave it to the general path.
    func incident(_ bytes: UnsafeRawBufferPointer) -> Incident? {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        var s = Scanner(base, bytes.count, self)
        return try? s.file()
    }

    /// One event of a JSON Lines stream, or nil to leave it to the general path.
    func event(_ bytes: UnsafeRawBufferPointer) -> Event? {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        var s = Scanner(base, bytes.count, self)
        return try? s.lone()
    }
}

/// Whether `n` bytes at `a` and `b` are the same (names and keys are short).
@inline(__always) func sameBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    let x = UnsafeRawPointer(a), y = UnsafeRawPointer(b)
    if n >= 8 {
        // Whole words, the last one overlapping the one before.
        var k = 0
        while k + 8 < n {
            if x.loadUnaligned(fromByteOffset: k, as: UInt64.self) != y.loadUnaligned(fromByteOffset: k, as: UInt64.self) { return false }
            k += 8
        }
        return x.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == y.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
    }
    if n >= 4 {
        return x.loadUnaligned(as: UInt32.self) == y.loadUnaligned(as: UInt32.self)
            && x.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self) == y.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
    }
    var k = 0
    while k < n {
        if a[k] != b[k] { return false }
        k += 1
    }
    return true
}

/// A fresh array of `count` copies of `z` (nil) for an event's data, made as an array
/// literal: allocated in place, its elements stored one by one. `Array(repeating:count:)`,
/// `reserveCapacity` and making one in place allocate through the standard library's
/// unspecialized code (some 650 instructions an event); a literal of constant nils is made a
/// shared static array, which the first change copies through the runtime's generic copy
/// (700). So `z` comes from an array the compiler cannot see into.
@inline(__always) private func fresh(_ count: Int, _ z: Value?) -> [Value?] {
    switch count {
    case 1: return [z]
    case 2: return [z, z]
    case 3: return [z, z, z]
    case 4: return [z, z, z, z]
    case 5: return [z, z, z, z, z]
    case 6: return [z, z, z, z, z, z]
    case 7: return [z, z, z, z, z, z, z]
    case 8: return [z, z, z, z, z, z, z, z]
    default: return [Value?](repeating: z, count: count)
    }
}

/// Short names looked up by their UTF-8 bytes, without making a String first: an
/// open-addressed table over one pool of bytes. Indexes are given in insertion order.
struct ByteNameTable {
    private var pool: [UInt8] = []
    private var starts: [Int] = []
    private var counts: [Int] = []
    private var hashes: [UInt64] = []
    private var slots: [Int32]  // entry + 1; 0 is empty
    private var mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        slots = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    var count: Int { starts.count }

    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        let k: UInt64 = 0xFF51_AFD7_ED55_8CCD
        let raw = UnsafeRawPointer(p)
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: n)
        if n >= 8 {
            var i = 0
            while i + 8 < n {
                h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k
                h ^= h >> 29
                i += 8
            }
            h = (h ^ raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)) &* k  // the last eight, overlapping
        } else if n >= 4 {
            h = (h ^ (UInt64(raw.loadUnaligned(as: UInt32.self)) | UInt64(raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)) << 32)) &* k
        } else if n > 0 {
            h = (h ^ (UInt64(p[0]) | UInt64(p[n / 2]) << 8 | UInt64(p[n - 1]) << 16)) &* k
        }
        // Every input bit reaches the low bits, which pick the slot (MurmurHash3's finish).
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    /// The index of the name with these bytes, if any.
    func find(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        let h = ByteNameTable.hash(p, n)
        var slot = Int(truncatingIfNeeded: h) & mask
        return pool.withUnsafeBufferPointer { pool -> Int? in
            while true {
                let e = Int(slots[slot]) - 1
                if e < 0 { return nil }
                if hashes[e] == h, counts[e] == n, sameBytes(pool.baseAddress! + starts[e], p, n) { return e }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Whether name `e` and a closing quote are at `q` (`available` bytes on): the bytes
    /// they take. Only for a name with no quote or backslash.
    @inline(__always) func quoted(_ e: Int, _ q: UnsafePointer<UInt8>, _ available: Int) -> Int? {
        let c = counts[e]
        guard c < available, q[c] == 0x22 else { return nil }
        return pool.withUnsafeBufferPointer { sameBytes($0.baseAddress! + starts[e], q, c) } ? c + 1 : nil
    }

    /// Adds a name (if new) and gives its index.
    mutating func insert(_ bytes: [UInt8]) -> Int {
        // An empty name is hashed and compared without reading a byte: any pointer will do.
        let (h, found) = (bytes + [0]).withUnsafeBufferPointer { b in (ByteNameTable.hash(b.baseAddress!, bytes.count), find(b.baseAddress!, bytes.count)) }
        if let e = found { return e }
        starts.append(pool.count)
        counts.append(bytes.count)
        hashes.append(h)
        pool += bytes
        if starts.count * 2 > slots.count { grow() } else { place(starts.count - 1) }
        return starts.count - 1
    }

    private mutating func place(_ e: Int) {
        var slot = Int(truncatingIfNeeded: hashes[e]) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(e + 1)
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for e in starts.indices { place(e) }
    }
}

/// Where the scanner is. Everything it reads is checked as it goes; anything it does
/// not expect throws `GiveUp`.
private struct Scanner {
    typealias GiveUp = IncidentBytes.GiveUp
    let p: UnsafePointer<UInt8>
    let n: Int
    var i = 0
    let known: IncidentBytes
    /// Role names, made once each.
    var roles = ByteNameTable(capacity: 16)
    var roleStrings: [String] = []
    /// Decoded bytes of a string with escapes.
    var scratch: [UInt8] = []
    /// Event types by a hash of the sixteen bytes from their start (-1: none yet).
    var typeCache = [Int32](repeating: -1, count: 128)
    /// The data fields of each event type met so far (a vocabulary has hundreds of types, a
    /// record a few).
    var shapes: [IncidentBytes.TypeShape?]
    /// Data objects read lately, by their bytes: kept only in a file's list of events (a lone
    /// event has nothing to share with).
    var recent = RecentData()
    var remembers = false
    /// By event type: the data of an event that gives none, once met (empty before, or if the
    /// type has no fields; made at the first such event).
    var noData: [[Value?]] = []
    /// The last date read, and its bytes (none at first: no date's bytes are all zero).
    var lastDate: (head: UInt64, tail: UInt16, date: LocalDate) = (0, 0, LocalDate(daysSinceEpoch: 0))

    init(_ p: UnsafePointer<UInt8>, _ n: Int, _ known: IncidentBytes) {
        self.p = p
        self.n = n
        self.known = known
        shapes = [IncidentBytes.TypeShape?](repeating: nil, count: known.vocabulary.events.count)
    }

    @inline(__always) mutating func shape(_ t: Int) -> IncidentBytes.TypeShape {
        if let s = shapes[t] { return s }
        let s = IncidentBytes.TypeShape(known.vocabulary.events[t])
        shapes[t] = s
        return s
    }

    // MARK: Structure

    @inline(__always) mutating func space() {
        // Compact JSON has none: one comparison settles most calls. The four bytes JSON allows
        // (space, tab, LF, CR) are bits of one word.
        while i < n, p[i] <= 0x20, (1 as UInt64) &<< UInt64(p[i]) & 0x1_0000_2600 != 0 { i += 1 }
    }

    @inline(__always) mutating func expect(_ c: UInt8) throws(GiveUp) {
        space()
        guard i < n, p[i] == c else { throw GiveUp() }
        i += 1
    }

    /// After a member or an item: true for a comma, false for the closing bracket.
    @inline(__always) mutating func more(_ close: UInt8) throws(GiveUp) -> Bool {
        space()
        guard i < n else { throw GiveUp() }
        let c = p[i]
        i += 1
        if c == 0x2C { return true }
        if c == close { return false }
        throw GiveUp()
    }

    /// At an object's `{`: false for `{}`.
    @inline(__always) mutating func open() throws(GiveUp) -> Bool {
        try expect(0x7B)
        space()
        if i < n, p[i] == 0x7D { i += 1; return false }
        return true
    }

    @inline(__always) mutating func peek() -> UInt8 {
        space()
        return i < n ? p[i] : 0
    }

    /// A key: its bytes in the input (a key with an escape gives up), then the colon.
    @inline(__always) mutating func key() throws(GiveUp) -> (Int, Int) {
        space()
        guard i < n, p[i] == 0x22 else { throw GiveUp() }
        let (start, count, plain) = try span()
        guard plain else { throw GiveUp() }
        try expect(0x3A)
        return (start, count)
    }

    @inline(__always) func equals(_ start: Int, _ count: Int, _ word: StaticString) -> Bool {
        guard count == word.utf8CodeUnitCount else { return false }
        if count >= 4, count <= 8 { return packed(p + start, count) == packed(word.utf8Start, count) }
        return sameBytes(p + start, word.utf8Start, count)
    }

    /// Four to eight bytes as one word (the first four and the last four, overlapping).
    @inline(__always) func packed(_ q: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        let raw = UnsafeRawPointer(q)
        return UInt64(raw.loadUnaligned(as: UInt32.self)) | UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)) << 32
    }

    /// Whether the input at `k` holds pattern `e` (a name and its closing quote).
    @inline(__always) func at(_ k: Int, _ patterns: IncidentBytes.Patterns, _ e: Int) -> Bool {
        let count = patterns.count[e]
        guard count > 0, k + count <= n else { return false }
        return patterns.bytes.withUnsafeBufferPointer { sameBytes(p + k, $0.baseAddress! + patterns.start[e], count) }
    }

    mutating func literal(_ word: StaticString) throws(GiveUp) {
        let k = word.utf8CodeUnitCount
        guard i + k <= n, sameBytes(p + i, word.utf8Start, k) else { throw GiveUp() }
        i += k
    }

    /// `null` here, consumed.
    @inline(__always) mutating func null() throws(GiveUp) -> Bool {
        guard peek() == 0x6E else { return false }
        try literal("null")
        return true
    }

    // MARK: Strings

    /// The string at `i` (its opening quote): its start and length in the input, and
    /// whether it is plain (no escapes) ASCII. A string with escapes is decoded into
    /// `scratch` (start -1). Either way its UTF-8 has been checked.
    mutating func span() throws(GiveUp) -> (start: Int, count: Int, plain: Bool) {
        i += 1
        let start = i
        var ascii = true
        while true {
            // Eight bytes at a time while none is a quote, a backslash, a control or non-ASCII.
            // The lowest byte flagged is exact (a borrow only runs upward from a true one).
            while i + 8 <= n {
                let special = Scanner.special(word(i))
                if special != 0 { i += special.trailingZeroBitCount >> 3; break }
                i += 8
            }
            guard i < n else { throw GiveUp() }
            let c = p[i]
            if c == 0x22 { break }
            if c == 0x5C { return try escaped(start) }
            if c < 0x20 { throw GiveUp() }
            if c >= 0x80 { ascii = false; i = try utf8(i) } else { i += 1 }
        }
        i += 1
        return (start, i - 1 - start, ascii)
    }

    /// Of eight bytes (the first the lowest), those that are a quote, a backslash, a control or
    /// non-ASCII, flagged by their high bit. The lowest flagged is exact (a borrow only runs
    /// upward from a true one).
    @inline(__always) static func special(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let quote = w ^ (ones &* 0x22), slash = w ^ (ones &* 0x5C)
        return (((quote &- ones) & ~quote) | ((slash &- ones) & ~slash) | (w &- ones &* 0x20) | w) & highs
    }

    /// One valid UTF-8 sequence starting at `k` (a byte over 0x7F): the index after it.
    @inline(__always) func utf8(_ k: Int) throws(GiveUp) -> Int { try Scanner.utf8(p, n, k) }

    static func utf8(_ p: UnsafePointer<UInt8>, _ n: Int, _ k: Int) throws(GiveUp) -> Int {
        let b = p[k]
        var width = 0
        if b & 0xE0 == 0xC0, b >= 0xC2 { width = 2 } else if b & 0xF0 == 0xE0 { width = 3 } else if b & 0xF8 == 0xF0, b <= 0xF4 { width = 4 }
        guard width > 0, k + width <= n else { throw GiveUp() }
        for j in 1..<width where p[k + j] & 0xC0 != 0x80 { throw GiveUp() }
        if width == 3 {
            let c1 = p[k + 1]
            if (b == 0xE0 && c1 < 0xA0) || (b == 0xED && c1 >= 0xA0) { throw GiveUp() }
        } else if width == 4 {
            let c1 = p[k + 1]
            if (b == 0xF0 && c1 < 0x90) || (b == 0xF4 && c1 >= 0x90) { throw GiveUp() }
        }
        return k + width
    }

    /// The rest of a string with escapes, decoded into `scratch` as the general parser
    /// decodes it; its bytes are then checked as UTF-8 as a whole, as that parser does.
    mutating func escaped(_ start: Int) throws(GiveUp) -> (start: Int, count: Int, plain: Bool) {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(start: p + start, count: i - start))
        while true {
            guard i < n else { throw GiveUp() }
            let c = p[i]
            if c == 0x22 { i += 1; break }
            if c < 0x20 { throw GiveUp() }
            if c != 0x5C { scratch.append(c); i += 1; continue }
            i += 1
            guard i < n else { throw GiveUp() }
            let e = p[i]
            i += 1
            switch e {
            case 0x22: scratch.append(0x22)
            case 0x5C: scratch.append(0x5C)
            case 0x2F: scratch.append(0x2F)
            case 0x62: scratch.append(0x08)
            case 0x66: scratch.append(0x0C)
            case 0x6E: scratch.append(0x0A)
            case 0x72: scratch.append(0x0D)
            case 0x74: scratch.append(0x09)
            case 0x75:
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard i + 1 < n, p[i] == 0x5C, p[i + 1] == 0x75 else { throw GiveUp() }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw GiveUp() }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw GiveUp()
                }
                guard let u = Unicode.Scalar(scalar) else { throw GiveUp() }
                scratch.append(contentsOf: UTF8.encode(u)!)
            default: throw GiveUp()
            }
        }
        try scratch.withUnsafeBufferPointer { (b) throws(GiveUp) in
            var k = 0
            while k < b.count {
                if b[k] < 0x80 { k += 1; continue }
                k = try Scanner.utf8(b.baseAddress!, b.count, k)
            }
        }
        return (-1, scratch.count, false)
    }

    mutating func hex4() throws(GiveUp) -> UInt32 {
        guard i + 4 <= n else { throw GiveUp() }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = p[i]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw GiveUp()
            }
            v = v * 16 + d
            i += 1
        }
        return v
    }

    /// A string value, made.
    mutating func string() throws(GiveUp) -> String {
        guard peek() == 0x22 else { throw GiveUp() }
        let (start, count, _) = try span()
        return make(start, count)
    }

    func make(_ start: Int, _ count: Int) -> String {
        if start < 0 { return String(decoding: scratch, as: UTF8.self) }
        return Scanner.make(p + start, count)
    }

    /// The string of `count` bytes at `q`: checked UTF-8. (Static: a closure that captured the
    /// scanner had all of it copied for each string.)
    static func make(_ q: UnsafePointer<UInt8>, _ count: Int) -> String {
        // A short string (an id) is made in place: one that is ASCII is then taken as it is,
        // where `String(decoding:)` would check its bytes again.
        if count > 0, count <= 15 {
            let q = UnsafeRawPointer(q)
            return String(unsafeUninitializedCapacity: count) { b in
                // As words, where a loop of bytes is made a call to `memcpy`, which costs more.
                let to = UnsafeMutableRawPointer(b.baseAddress!)
                if count >= 8 {
                    to.storeBytes(of: q.loadUnaligned(as: UInt64.self), as: UInt64.self)
                    to.storeBytes(of: q.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self), toByteOffset: count - 8, as: UInt64.self)
                } else if count >= 4 {
                    to.storeBytes(of: q.loadUnaligned(as: UInt32.self), as: UInt32.self)
                    to.storeBytes(of: q.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self), toByteOffset: count - 4, as: UInt32.self)
                } else {
                    for k in 0..<count { b[k] = q.load(fromByteOffset: k, as: UInt8.self) }
                }
                return count
            }
        }
        return String(decoding: UnsafeBufferPointer(start: q, count: count), as: UTF8.self)
    }

    /// A role name: made once per name in the file, then shared.
    mutating func role() throws(GiveUp) -> String {
        guard peek() == 0x22 else { throw GiveUp() }
        let (start, count, _) = try span()
        if start < 0 { return make(start, count) }
        if let k = roles.find(p + start, count) { return roleStrings[k] }
        _ = roles.insert(Array(UnsafeBufferPointer(start: p + start, count: count)))
        roleStrings.append(make(start, count))
        return roleStrings[roleStrings.count - 1]
    }

    // MARK: Values

    /// Two digits at `k`, or nil.
    @inline(__always) func two(_ k: Int) -> Int? {
        let a = Int(p[k]) &- 0x30, b = Int(p[k + 1]) &- 0x30
        guard a >= 0, a <= 9, b >= 0, b <= 9 else { return nil }
        return a * 10 + b
    }

    /// A date `YYYY-MM-DD` at `k`, exactly as `LocalDate(_:)` reads one. Events come
    /// mostly in order, many to a day: the last date read is kept, by its ten bytes.
    @inline(__always) mutating func date(_ k: Int) -> LocalDate? {
        let head = UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self), tail = UnsafeRawPointer(p + k + 8).loadUnaligned(as: UInt16.self)
        if head == lastDate.head, tail == lastDate.tail { return lastDate.date }
        return newDate(k, head, tail)
    }

    mutating func newDate(_ k: Int, _ head: UInt64, _ tail: UInt16) -> LocalDate? {
        // The same year and month as the last date (its first eight bytes): a day up to the 28th
        // is in every month, and counted from the last one's.
        if head == lastDate.head, let d = two(k + 8), d >= 1, d <= 28 {
            let last = Int(lastDate.tail & 0xFF) &- 0x30, last2 = Int(lastDate.tail >> 8) &- 0x30
            let date = LocalDate(daysSinceEpoch: lastDate.date.daysSinceEpoch + d - (last * 10 + last2))
            lastDate = (head, tail, date)
            return date
        }
        guard p[k + 4] == 0x2D, p[k + 7] == 0x2D, let y1 = two(k), let y2 = two(k + 2), let m = two(k + 5), let d = two(k + 8),
              let date = LocalDate(year: y1 * 100 + y2, month: m, day: d) else { return nil }
        lastDate = (head, tail, date)
        return date
    }

    /// An RFC 3339 time in the plain string at `start`, exactly as `Instant(rfc3339:)` reads
    /// one; nil for anything that reader would refuse.
    mutating func instant(_ start: Int, _ count: Int) -> Instant? {
        guard count >= 20, let date = date(start) else { return nil }
        let t = p[start + 10]
        guard t == 0x54 || t == 0x74 || t == 0x20, let clock = clock(start + 11) else { return nil }
        var k = start + 19
        let end = start + count
        if p[k] == 0x2E {
            k += 1
            let digits = k
            while k < end, p[k] >= 0x30, p[k] <= 0x39 { k += 1 }
            if k == digits || k == end { return nil }
        }
        var offset = 0
        let z = p[k]
        if z == 0x5A || z == 0x7A {
            k += 1
        } else if z == 0x2B || z == 0x2D, k + 6 == end, p[k + 3] == 0x3A, let oh = two(k + 1), let om = two(k + 4), oh < 24, om < 60 {
            offset = (oh * 3600 + om * 60) * (z == 0x2D ? -1 : 1)
            k += 6
        } else {
            return nil
        }
        guard k == end else { return nil }
        return Instant(secondsSinceEpoch: Int64(date.daysSinceEpoch) * 86_400 + Int64(clock) - Int64(offset))
    }

    /// `HH:MM:SS` at `k` as seconds into the day, or nil: its eight bytes checked as one word.
    @inline(__always) func clock(_ k: Int) -> Int? {
        // Digits become 0...9 and colons 0; then no byte may be over 9, nor a colon's over 0.
        let x = UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self).littleEndian ^ 0x3030_3A30_303A_3030
        guard ((x &+ 0x7676_7676_7676_7676) | x) & 0x8080_8080_8080_8080 == 0, x & 0x0000_FF00_00FF_0000 == 0 else { return nil }
        let h = Int(x & 0xFF) * 10 + Int(x >> 8 & 0xFF)
        let m = Int(x >> 24 & 0xFF) * 10 + Int(x >> 32 & 0xFF)
        let s = Int(x >> 48 & 0xFF) * 10 + Int(x >> 56)
        guard h < 24, m < 60, s < 60 else { return nil }
        return h * 3600 + m * 60 + s
    }

    /// A whole number of at most 15 digits (so a double holds it exactly, as the general
    /// path reads numbers): anything else gives up.
    mutating func int() throws(GiveUp) -> Int {
        space()
        var k = i
        let negative = k < n && p[k] == 0x2D
        if negative { k += 1 }
        let digits = k
        var v = 0
        while k < n, p[k] >= 0x30, p[k] <= 0x39 { v = v &* 10 &+ Int(p[k] &- 0x30); k += 1 }  // wraps past 15 digits, refused below
        let count = k - digits
        guard count > 0, count <= 15, count == 1 || p[digits] != 0x30 else { throw GiveUp() }
        if k < n, p[k] == 0x2E || p[k] == 0x65 || p[k] == 0x45 { throw GiveUp() }
        i = k
        return negative ? -v : v
    }

    mutating func value(_ shape: IncidentBytes.TypeShape, _ f: Int) throws(GiveUp) -> Value {
        switch shape.kinds[f] {
        case .bool:
            let c = peek()
            if c == 0x74 { try literal("true"); return .bool(true) }
            if c == 0x66 { try literal("false"); return .bool(false) }
            throw GiveUp()
        case .int:
            return .int(try int())
        case .string:
            return .string(try string())
        case .role:
            return .string(try role())
        case .enumeration:
            // Only the set's values are read, each plain: one matched in place, or give up.
            guard peek() == 0x22 else { throw GiveUp() }
            for v in shape.valueFirst[f]..<shape.valueFirst[f + 1] where at(i + 1, shape.enumValues, v) {
                i += 1 + shape.enumValues.count[v]
                return .string(shape.valueString[v])
            }
            throw GiveUp()
        case .time:
            return .time(try timeValue())
        case .date:
            guard peek() == 0x22 else { throw GiveUp() }
            let (start, count, plain) = try span()
            guard plain, count == 10, let d = date(start) else { throw GiveUp() }
            return .date(d)
        case .roleList:
            try expect(0x5B)
            var list: [String] = []
            if peek() == 0x5D { i += 1; return .roles(list) }
            repeat { list.append(try role()) } while try more(0x5D)
            return .roles(list)
        case .unsupported:
            throw GiveUp()
        }
    }

    /// An event's key, and the colon: 1 id, 2 type, 4 time, 8 data, 16 and up the
    /// CloudEvents attributes. The usual four, written compactly, are known by one word.
    @inline(__always) mutating func eventKey() throws(GiveUp) -> Int {
        space()
        if i + 8 <= n {
            let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            if w & 0xFF_FFFF_FFFF == 0x3A_2264_6922 { i += 5; return 1 }  // "id":
            switch w & 0xFF_FFFF_FFFF_FFFF {
            case 0x3A_2265_7079_7422: i += 7; return 2  // "type":
            case 0x3A_2265_6D69_7422: i += 7; return 4  // "time":
            case 0x3A_2261_7461_6422: i += 7; return 8  // "data":
            default: break
            }
        }
        return try otherEventKey()
    }

    /// An event's key written otherwise, or another key.
    mutating func otherEventKey() throws(GiveUp) -> Int {
        let (ks, kc) = try key()
        if equals(ks, kc, "id") { return 1 }
        if equals(ks, kc, "type") { return 2 }
        if equals(ks, kc, "time") { return 4 }
        if equals(ks, kc, "data") { return 8 }
        if equals(ks, kc, "specversion") { return 16 }
        if equals(ks, kc, "source") { return 32 }
        if equals(ks, kc, "subject") { return 64 }
        if equals(ks, kc, "datacontenttype") { return 128 }
        throw GiveUp()
    }

    /// A time: the usual `YYYY-MM-DDTHH:MM:SSZ` and `...+HH:MM` read in place, anything else through `span()`.
    @inline(__always) mutating func timeValue() throws(GiveUp) -> Instant {
        guard peek() == 0x22 else { throw GiveUp() }
        // The bytes `instant` accepts are all plain ASCII, none a quote: the string ends at the quote after them.
        if i + 22 <= n, p[i + 21] == 0x22, let t = zulu(i + 1) {
            i += 22
            return t
        }
        if i + 27 <= n, p[i + 26] == 0x22, let t = instant(i + 1, 25) {
            i += 27
            return t
        }
        let (start, count, plain) = try span()
        guard plain, let t = instant(start, count) else { throw GiveUp() }
        return t
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` at `start`, as `instant(start, 20)` reads it (the usual time, read
    /// without the steps for fractions and offsets).
    @inline(__always) mutating func zulu(_ start: Int) -> Instant? {
        let t = p[start + 10], z = p[start + 19]
        guard z == 0x5A || z == 0x7A, t == 0x54 || t == 0x74 || t == 0x20, let date = date(start), let clock = clock(start + 11) else { return nil }
        return Instant(secondsSinceEpoch: Int64(date.daysSinceEpoch) &* 86_400 &+ Int64(clock))
    }

    /// A value that is read for its shape only (CloudEvents attributes): a string.
    mutating func ignoredString() throws(GiveUp) {
        guard peek() == 0x22 else { throw GiveUp() }
        _ = try span()
    }

    // MARK: Events

    /// An event object; its id's place in the input too, for the duplicate check (start
    /// -1 where the id has an escape or is not ASCII: those are checked as strings).
    mutating func event() throws(GiveUp) -> (Event, idStart: Int, idCount: Int) {
        guard try open() else { throw GiveUp() }
        var seen = 0
        var id = "", idStart = -1, idCount = 0  // (id read where seen has 1)
        var type = -1
        var time: Instant?
        var dataAt = -1
        var data: [Value?] = []
        // The usual keys in the usual order (`"id":"…","type":"…","time":"…","data":`, compact or
        // with a space after each comma and colon) are each known by a word here; the values'
        // readers step over the space before them. The loop below reads whatever follows, as it would.
        if i + 8 <= n, word(i) & 0xFF_FFFF_FFFF == 0x3A_2264_6922 {  // "id":
            i += 5
            (id, idStart, idCount) = try eventID()
            seen = 1
            if let k = member(0x3A_2265_7079_7422) {  // "type":
                i = k
                type = try eventType()
                seen = 3
                if let k = member(0x3A_2265_6D69_7422) {  // "time":
                    i = k
                    time = try timeValue()
                    seen = 7
                    if let k = member(0x3A_2261_7461_6422) {  // "data":
                        i = k
                        data = try self.data(type)
                        seen = 15
                    }
                }
            }
        }
        var going = seen == 0 ? true : try more(0x7D)
        while going {
            let bit = try eventKey()
            switch bit {
            case 1:
                (id, idStart, idCount) = try eventID()
            case 2:
                let t = try eventType()
                type = t
                if dataAt >= 0 {
                    let resume = i
                    i = dataAt
                    data = try self.data(t)
                    i = resume
                }
            case 4:
                time = try timeValue()
            case 8:
                if type >= 0 { data = try self.data(type) } else { dataAt = i; try skip(depth: 0) }
            default:
                try ignoredString()
            }
            guard seen & bit == 0 else { throw GiveUp() }
            seen |= bit
            going = try more(0x7D)
        }
        guard seen & 1 != 0, type >= 0, let time else { throw GiveUp() }
        if seen & 8 == 0 { data = try self.data(absentFor: type) }
        return (Event(id: id, type: type, time: time, data: data), idStart, idCount)
    }

    /// At a comma, then perhaps one space, then the quoted key of seven bytes with its colon
    /// `key` holds (as `word` reads them): the index after the colon, or nil.
    @inline(__always) func member(_ key: UInt64) -> Int? {
        guard i + 9 <= n else { return nil }
        let w = word(i)
        if w == key << 8 | 0x2C { return i + 8 }  // ,"key":
        if w & 0xFF == 0x2C, word(i + 1) == key << 8 | 0x20 { return i + 9 }  // , "key":
        return nil
    }

    /// Eight bytes of the input at `k` as one word, the first the lowest.
    @inline(__always) func word(_ k: Int) -> UInt64 { UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self).littleEndian }

    /// An event's id: the string, and its place in the input (start -1 where it has an
    /// escape or is not ASCII).
    @inline(__always) mutating func eventID() throws(GiveUp) -> (String, Int, Int) {
        guard peek() == 0x22 else { throw GiveUp() }
        // A short plain id (most are): its closing quote is the first special byte of the eight after the opening one.
        if i + 9 <= n {
            let special = Scanner.special(word(i + 1))
            let count = special.trailingZeroBitCount >> 3
            if count > 0, count < 8, p[i + 1 + count] == 0x22 {
                let start = i + 1
                i += count + 2
                return (Scanner.make(p + start, count), start, count)
            }
        }
        let (start, count, plain) = try span()
        guard count > 0 else { throw GiveUp() }
        return (make(start, count), plain ? start : -1, plain ? count : 0)
    }

    /// An event's type.
    @inline(__always) mutating func eventType() throws(GiveUp) -> Int {
        guard peek() == 0x22 else { throw GiveUp() }
        // A record holds few types, over and over: the type last seen with the same
        // first sixteen bytes here (many names share their first eight, `missing.`) is
        // tried in place before the string is read and looked up.
        var slot = -1
        if i + 17 <= n {
            let raw = UnsafeRawPointer(p + i + 1)
            let w = (raw.loadUnaligned(as: UInt64.self) &* 0x9E37_79B9_7F4A_7C15) ^ raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            slot = Int(truncatingIfNeeded: (w &* 0xFF51_AFD7_ED55_8CCD) >> 57)
            let c = Int(typeCache[slot])
            if c >= 0, let after = known.types.quoted(c, p + i + 1, n - i - 1) { i += 1 + after; return c }
        }
        let (start, count, plain) = try span()
        guard plain, let found = known.types.find(p + start, count) else { throw GiveUp() }
        // Found from a plain string: a name with no quote or backslash, safe to match in place.
        if slot >= 0 { typeCache[slot] = Int32(truncatingIfNeeded: found) }
        return found
    }

    /// The data of an event of type `t`: an object or null.
    mutating func data(_ t: Int) throws(GiveUp) -> [Value?] {
        // The same bytes after the same type are read the same way: the array read from them
        // last is shared (no state of the scanner's is changed by data of closed-set values).
        space()
        let from = i, set = remembers && i + 16 <= n && p[i] == 0x7B ? recent.set(p + i, t) : -1
        if set >= 0, let (values, count) = recent.find(set, t, p, from, n) {
            i = from + count
            return values
        }
        let shape = shape(t)
        if try null() { return try checked(shape.absent, shape) }
        guard try open() else { return try checked(shape.absent, shape) }
        // (A type without fields has no keys: its data must be empty, `{}`, taken above.)
        guard let none = shape.absent.first else { throw GiveUp() }
        var values = fresh(shape.absent.count, none)
        var seen: UInt64 = 0
        repeat {
            // A key is one of the type's field names, plain: matched in place, or give up.
            space()
            guard i < n, p[i] == 0x22 else { throw GiveUp() }
            var f = -1
            for k in 0..<shape.kinds.count where at(i + 1, shape.keys, k) { f = k; break }
            guard f >= 0, f < 64, seen & (1 << f) == 0 else { throw GiveUp() }
            i += 1 + shape.keys.count[f]
            try expect(0x3A)
            seen |= 1 << f
            if try null() { continue }
            values[f] = try value(shape, f)
        } while try more(0x7D)
        let result = try checked(values, shape)
        if set >= 0, seen & ~shape.closed == 0 { recent.add(set, t, from, i - from, result) }
        return result
    }

    @inline(__always) mutating func data(absentFor t: Int) throws(GiveUp) -> [Value?] {
        if t < noData.count {
            let given = noData[t]
            if !given.isEmpty { return given }
        }
        let shape = shape(t)
        guard shape.required.isEmpty else { throw GiveUp() }  // (a field is required, and none given)
        if noData.isEmpty { noData = [[Value?]](repeating: [], count: known.vocabulary.events.count) }
        noData[t] = shape.absent
        return shape.absent
    }

    /// Every field the type requires is there.
    func checked(_ values: [Value?], _ shape: IncidentBytes.TypeShape) throws(GiveUp) -> [Value?] {
        for k in shape.required where values[k] == nil { throw GiveUp() }
        return values
    }

    /// Steps over a value read again later (data before its event's type): checked for
    /// shape and UTF-8 only; the second reading checks the rest.
    mutating func skip(depth: Int) throws(GiveUp) {
        guard depth < 8 else { throw GiveUp() }
        switch peek() {
        case 0x22: _ = try span()
        case 0x7B:
            guard try open() else { return }
            repeat { _ = try key(); try skip(depth: depth + 1) } while try more(0x7D)
        case 0x5B:
            i += 1
            if peek() == 0x5D { i += 1; return }
            repeat { try skip(depth: depth + 1) } while try more(0x5D)
        case 0x74: try literal("true")
        case 0x66: try literal("false")
        case 0x6E: try literal("null")
        case 0x2D, 0x30...0x39: _ = try int()
        default: throw GiveUp()
        }
    }

    // MARK: The file

    mutating func file() throws(GiveUp) -> Incident {
        guard try open() else { throw GiveUp() }
        var header: Incident?
        var events: [Event]?
        repeat {
            let (ks, kc) = try key()
            if equals(ks, kc, "incident") {
                guard header == nil else { throw GiveUp() }
                header = try self.header()
            } else if equals(ks, kc, "events") {
                guard events == nil else { throw GiveUp() }
                events = try self.events()
            } else {
                throw GiveUp()
            }
        } while try more(0x7D)
        space()
        guard i == n, var incident = header, let events else { throw GiveUp() }
        incident.events = events
        return incident
    }

    /// A lone event (a line of a JSON Lines stream).
    mutating func lone() throws(GiveUp) -> Event {
        let (e, _, _) = try event()
        space()
        guard i == n else { throw GiveUp() }
        return e
    }

    mutating func events() throws(GiveUp) -> [Event] {
        try expect(0x5B)
        var events: [Event] = []
        if peek() == 0x5D { i += 1; return events }
        events.reserveCapacity(max(16, (n - i) / 64))  // more than enough: an event takes 60 bytes and more
        let ids = IDSet(capacity: max(16, (n - i) / 64))
        remembers = true
        var checkAsStrings = false
        var inOrder = true
        var lastTime = Instant(secondsSinceEpoch: .min)
        repeat {
            let (e, start, count) = try event()
            if start < 0 { checkAsStrings = true } else if !ids.insert(p, start, count) { throw GiveUp() }
            if e.time < lastTime { inOrder = false }
            lastTime = e.time
            events.append(e)
        } while try more(0x5D)
        // An id with an escape or beyond ASCII may equal another written differently: ask String.
        if checkAsStrings {
            var seen = Set<String>()
            for e in events { guard seen.insert(e.id).inserted else { throw GiveUp() } }
        }
        if !inOrder {
            // Time order, ties kept in file order, as the general path sorts.
            events = events.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        }
        return events
    }

    /// The incident header: id, timezone, policy and subject.
    mutating func header() throws(GiveUp) -> Incident {
        guard try open() else { throw GiveUp() }
        var seen = 0
        var id: String?, zone: Zone?, policy: String?, subject: Subject?
        repeat {
            let (ks, kc) = try key()
            let bit: Int
            if equals(ks, kc, "id") {
                bit = 1
                let s = try string()
                guard !s.isEmpty else { throw GiveUp() }
                id = s
            } else if equals(ks, kc, "timezone") {
                bit = 2
                if try !null() {
                    guard case .success(let z) = Zone.named(try string()) else { throw GiveUp() }
                    zone = z
                }
            } else if equals(ks, kc, "policy") {
                bit = 4
                if try !null() { policy = try string() }
            } else if equals(ks, kc, "subject") {
                bit = 8
                subject = try self.subject()
            } else {
                throw GiveUp()
            }
            guard seen & bit == 0 else { throw GiveUp() }
            seen |= bit
        } while try more(0x7D)
        guard let id, let subject else { throw GiveUp() }
        let z: Zone
        if let zone { z = zone } else { guard let london = try? Zone(identifier: "Europe/London") else { throw GiveUp() }; z = london }
        return Incident(id: id, zone: z, policy: policy, subject: subject, events: [])
    }

    mutating func subject() throws(GiveUp) -> Subject {
        guard try open() else { throw GiveUp() }
        var seen = 0
        var id: String?, born: LocalDate?
        var facts = [Bool?](repeating: nil, count: known.vocabulary.facts.count)
        repeat {
            let (ks, kc) = try key()
            let bit: Int
            if equals(ks, kc, "id") {
                bit = 1
                let s = try string()
                guard !s.isEmpty else { throw GiveUp() }
                id = s
            } else if equals(ks, kc, "born") {
                bit = 2
                if try !null() {
                    guard let d = LocalDate(try string()) else { throw GiveUp() }
                    born = d
                }
            } else if equals(ks, kc, "facts") {
                bit = 4
                // Flags by fact index, not a Set<Int>: a Set's first use costs a runtime
                // conformance lookup (~370K instructions) on every check.
                var given = [Bool](repeating: false, count: facts.count)
                if try open() {
                    repeat {
                        let (fs, fc) = try key()
                        guard let f = known.facts.find(p + fs, fc), f < given.count, !given[f] else { throw GiveUp() }
                        given[f] = true
                        if try null() { continue }
                        let c = peek()
                        if c == 0x74 { try literal("true"); facts[f] = true } else if c == 0x66 { try literal("false"); facts[f] = false } else { throw GiveUp() }
                    } while try more(0x7D)
                }
            } else {
                throw GiveUp()
            }
            guard seen & bit == 0 else { throw GiveUp() }
            seen |= bit
        } while try more(0x7D)
        guard let id else { throw GiveUp() }
        return Subject(id: id, born: born, facts: facts)
    }
}

/// Event ids by their bytes in the input, checked for repeats as they are read: an
/// open-addressed table of places in the input, by the ids' hashes, where only ids of equal
/// hashes are compared byte by byte. (Sorting the hashes once at the end, in passes over
/// memory in order, took four times the instructions.)
private final class IDSet {
    /// One record an id.
    private struct Entry { var hash: UInt64; var start: Int; var count: Int }
    // Raw memory, owned here: the table is the hot loop's, and arrays would check for
    // uniqueness and bounds at each step.
    private var entries: UnsafeMutablePointer<Entry>
    private var used = 0, room: Int
    private var slots: UnsafeMutablePointer<Int32>  // entry + 1; 0 is empty
    private var mask: Int

    init(capacity: Int) {
        // The capacity asked for is generous (an event takes 60 bytes and more, usually 90): the
        // table is kept at most half full, growing if need be.
        var size = 16
        while size < capacity { size *= 2 }
        slots = .allocate(capacity: size)
        slots.initialize(repeating: 0, count: size)
        mask = size - 1
        room = size / 2
        entries = .allocate(capacity: room)
    }

    deinit {
        slots.deallocate()
        entries.deallocate()
    }

    /// Adds the id at `start`; false if an id of the same bytes is there already.
    func insert(_ p: UnsafePointer<UInt8>, _ start: Int, _ count: Int) -> Bool {
        let h = ByteNameTable.hash(p + start, count)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = Int(slots[slot]) - 1
            if e < 0 { break }
            let old = entries[e]
            if old.hash == h, old.count == count, sameBytes(p + old.start, p + start, count) { return false }
            slot = (slot + 1) & mask
        }
        if used == room {
            grow()
            slot = Int(truncatingIfNeeded: h) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
        }
        (entries + used).initialize(to: Entry(hash: h, start: start, count: count))
        used += 1
        slots[slot] = Int32(truncatingIfNeeded: used)
        return true
    }

    /// Twice the room: a new table, every id placed again.
    private func grow() {
        let size = (mask + 1) * 2
        slots.deallocate()
        slots = .allocate(capacity: size)
        slots.initialize(repeating: 0, count: size)
        mask = size - 1
        let more = UnsafeMutablePointer<Entry>.allocate(capacity: size / 2)
        more.moveInitialize(from: entries, count: used)
        entries.deallocate()
        entries = more
        room = size / 2
        for e in 0..<used {
            var slot = Int(truncatingIfNeeded: entries[e].hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(truncatingIfNeeded: e + 1)
        }
    }
}

/// Data objects read lately, by their place in the input: many events carry the same few
/// (`{"harmed":false}`, `{"risk":"medium"}`), which are then read once and their array shared
/// (arrays copy on write). A few ways in each of a few sets, the set picked by the type and
/// the first sixteen bytes; a candidate is taken only if all its bytes are the same.
private struct RecentData {
    static let ways = 4, sets = 32
    private var start: [Int] = []
    private var count: [Int] = []  // 0: empty
    private var type: [Int] = []
    private var values: [[Value?]] = []
    private var next: [Int] = []

    /// The set for data of type `t` at `q` (sixteen bytes there).
    @inline(__always) func set(_ q: UnsafePointer<UInt8>, _ t: Int) -> Int {
        let raw = UnsafeRawPointer(q)
        let w = (raw.loadUnaligned(as: UInt64.self) &* 0x9E37_79B9_7F4A_7C15) ^ raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self) ^ UInt64(truncatingIfNeeded: t)
        return Int(truncatingIfNeeded: (w &* 0xFF51_AFD7_ED55_8CCD) >> 59)
    }

    /// Data read before from the same bytes as at `from`, and how many bytes it took.
    @inline(__always) func find(_ set: Int, _ t: Int, _ p: UnsafePointer<UInt8>, _ from: Int, _ n: Int) -> ([Value?], Int)? {
        guard !count.isEmpty else { return nil }
        for w in set * RecentData.ways..<(set + 1) * RecentData.ways {
            let c = count[w]
            if c > 0, type[w] == t, c <= n - from, sameBytes(p + start[w], p + from, c) { return (values[w], c) }
        }
        return nil
    }

    mutating func add(_ set: Int, _ t: Int, _ from: Int, _ c: Int, _ v: [Value?]) {
        if count.isEmpty {
            let size = RecentData.ways * RecentData.sets
            start = [Int](repeating: 0, count: size)
            count = [Int](repeating: 0, count: size)
            type = [Int](repeating: -1, count: size)
            values = [[Value?]](repeating: [], count: size)
            next = [Int](repeating: 0, count: RecentData.sets)
        }
        let w = set * RecentData.ways + next[set]
        next[set] = (next[set] + 1) % RecentData.ways
        (start[w], count[w], type[w], values[w]) = (from, c, t, v)
    }
}
