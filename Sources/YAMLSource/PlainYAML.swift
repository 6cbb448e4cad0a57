/// The plain subset of YAML that the shipped vocabulary and simple rule files are written in,
/// read without libyaml (whose events cost several times the tree they build): printable
/// ASCII lines; block mappings of plain keys; block sequences (`- `) indented under their
/// key; one-line plain or quoted scalars (no escapes); flow mappings and sequences, which may
/// run over several lines after a comma; comments. Gives the very tree libyaml's path gives,
/// positions included, or nil for anything else, unusual or wrong (tabs, block scalars, empty
/// values, a repeated key, a limit passed...): that file is read by libyaml, which keeps
/// every message.
struct PlainYAML {
    private struct GiveUp: Error {}

    private let s: UnsafeBufferPointer<UInt8>
    private let file: String
    private let limits: YAMLLimits
    private let lines: SourceLines
    private var i = 0
    /// The 1-based number of the line holding `i`, and the offset that line starts at.
    private var line = 1
    private var lineStart = 0
    private var nodes = 0

    private init(_ s: UnsafeBufferPointer<UInt8>, file: String, limits: YAMLLimits, lines: SourceLines) {
        self.s = s
        self.file = file
        self.limits = limits
        self.lines = lines
    }

    static func read(_ bytes: [UInt8], file: String, limits: YAMLLimits, lines: SourceLines) -> YAMLNode? {
        bytes.withUnsafeBufferPointer { s -> YAMLNode? in
            // Printable ASCII and line feeds only: no tabs, carriage returns or other characters
            // whose rules (or column counts) differ.
            if !PlainYAML.isPrintableASCII(s) { return nil }
            // A last line of spaces or a comment with no line feed after it: libyaml ends the
            // blocks indented deeper than that line's end there, not on the next line.
            if let last = s.last, last != 0x0A {
                var k = s.count
                while k > 0, s[k - 1] != 0x0A { k -= 1 }
                while k < s.count, s[k] == 0x20 { k += 1 }
                if k == s.count || s[k] == 0x23 { return nil }
            }
            var reader = PlainYAML(s, file: file, limits: limits, lines: lines)
            return try? reader.document()
        }
    }

    /// Bytes 0x20-0x7E and line feeds only; eight bytes at a time, a word with anything
    /// else (a line feed, or a false alarm of the test) looked at byte by byte.
    static func isPrintableASCII(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var k = 0
        if let base = UnsafeRawPointer(s.baseAddress) {
            while k + 8 <= s.count {
                let w = base.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                let del = w ^ (0x7F &* ones)
                // A high bit, a byte below 0x20, a byte 0x7F (the last two by the has-less-than trick).
                if (w | ((w &- 0x20 &* ones) & ~w) | ((del &- ones) & ~del)) & highs != 0 {
                    for b in s[k..<(k + 8)] where b > 0x7E || (b < 0x20 && b != 0x0A) { return false }
                }
                k += 8
            }
        }
        for b in s[k...] where b > 0x7E || (b < 0x20 && b != 0x0A) { return false }
        return true
    }

    private mutating func document() throws(GiveUp) -> YAMLNode {
        guard let indent = nextContentLine(), indent == 0 else { throw GiveUp() }
        return try blockMapping(indent: 0, depth: 1)
    }

    // MARK: Places

    private func at(_ offset: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: offset - lineStart + 1)
    }

    /// Where libyaml ends every open block at the end of the input: the start of the line after the last.
    private var endOfInput: SourceLocation {
        SourceLocation(file: file, line: s.last == 0x0A || s.isEmpty ? line : line + 1, column: 1)
    }

    private func byte(_ k: Int) -> UInt8 { k < s.count ? s[k] : 0x0A }

    /// From the start of a line: past blank and comment lines to the next line with content,
    /// returning its indentation (`i` left at the line's start), or nil at the end.
    private mutating func nextContentLine() -> Int? {
        while i < s.count {
            lineStart = i
            var k = i
            while k < s.count, s[k] == 0x20 { k += 1 }
            if k < s.count, s[k] != 0x0A, s[k] != 0x23 { return k - i }
            while k < s.count, s[k] != 0x0A { k += 1 }
            if k < s.count { k += 1; line += 1 }
            i = k
        }
        lineStart = i
        return nil
    }

    /// After a value in block context: spaces, perhaps a comment, then the end of the line (consumed).
    private mutating func endOfLine() throws(GiveUp) {
        while i < s.count, s[i] == 0x20 { i += 1 }
        if i < s.count, s[i] == 0x23 {
            guard s[i - 1] == 0x20 else { throw GiveUp() }
            while i < s.count, s[i] != 0x0A { i += 1 }
        }
        guard i == s.count || s[i] == 0x0A else { throw GiveUp() }
        if i < s.count { i += 1; line += 1; lineStart = i }
    }

    /// Inside a flow collection: spaces, and (when `newlines`) line breaks, blank lines and
    /// comments; a line continuing the collection is indented more than the block around it.
    private mutating func flowSpace(newlines: Bool, blockIndent: Int) throws(GiveUp) {
        while i < s.count {
            switch s[i] {
            case 0x20: i += 1
            case 0x23:
                guard newlines, i > 0, s[i - 1] == 0x20 || s[i - 1] == 0x0A else { throw GiveUp() }
                while i < s.count, s[i] != 0x0A { i += 1 }
            case 0x0A:
                guard newlines else { throw GiveUp() }
                i += 1; line += 1; lineStart = i
                var k = i
                while k < s.count, s[k] == 0x20 { k += 1 }
                if k < s.count, s[k] != 0x0A, s[k] != 0x23, k - i <= blockIndent { throw GiveUp() }
                i = k
            default: return
            }
        }
        throw GiveUp()
    }

    // MARK: Nodes

    private mutating func counted() throws(GiveUp) {
        nodes += 1
        if nodes > limits.maxNodes { throw GiveUp() }
    }

    private func scalar(_ from: Int, _ to: Int, style: YAMLScalar.Style, value: String? = nil, start: Int, end: Int) throws(GiveUp) -> YAMLNode {
        let text = value ?? String(decoding: UnsafeBufferPointer(rebasing: s[from..<to]), as: UTF8.self)
        if text.utf8.count > limits.maxScalarLength { throw GiveUp() }
        let e = at(end)
        return YAMLNode(.scalar(YAMLScalar(text, style: style)), start: at(start), end: e,
                        sourceMap: ScalarSourceMap(source: lines, endLine: e.line, endColumn: e.column))
    }

    private static func isKeyStart(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F
    }

    /// Letters, digits and `_ . - ? /`.
    private static func isKeyByte(_ c: UInt8) -> Bool {
        isKeyStart(c) || c == 0x2E || c == 0x2D || c == 0x3F || c == 0x2F
    }

    /// The length of a plain key at `k` followed by `:` and a space or line end (in flow, a space), or nil.
    private func keyLength(at k: Int, flow: Bool) -> Int? {
        guard k < s.count, PlainYAML.isKeyStart(s[k]) else { return nil }
        var e = k + 1
        while e < s.count, PlainYAML.isKeyByte(s[e]) { e += 1 }
        guard byte(e) == 0x3A else { return nil }
        let after = byte(e + 1)
        guard after == 0x20 || (!flow && after == 0x0A), e - k <= 1000 else { return nil }
        return e - k
    }

    /// A key at `i`, leaving `i` past its `:`; its offset and length are added to `keys`.
    private mutating func key(flow: Bool, into keys: inout [Int]) throws(GiveUp) -> YAMLNode {
        guard let n = keyLength(at: i, flow: flow) else { throw GiveUp() }
        try counted()
        keys.append(i)
        keys.append(n)
        let node = try scalar(i, i + n, style: .plain, start: i, end: i + n)
        i += n + 1
        return node
    }

    /// Whether a key appears twice: `keys` holds each key's offset and length in the input.
    /// Compared as bytes (the input is ASCII), found through a small hash table.
    private func repeats(_ keys: [Int]) -> Bool {
        let n = keys.count / 2
        guard n > 1 else { return false }
        func same(_ a: Int, _ b: Int) -> Bool {
            let (x, y, length) = (keys[2 * a], keys[2 * b], keys[2 * a + 1])
            guard length == keys[2 * b + 1] else { return false }
            for k in 0..<length where s[x + k] != s[y + k] { return false }
            return true
        }
        var size = 8
        while size < 2 * n { size <<= 1 }
        var table = [Int](repeating: -1, count: size)
        for a in 0..<n {
            var h: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a
            for k in keys[2 * a]..<(keys[2 * a] + keys[2 * a + 1]) { h = (h ^ UInt64(s[k])) &* 0x100_0000_01B3 }
            var slot = Int(truncatingIfNeeded: h) & (size - 1)
            while table[slot] >= 0 {
                if same(table[slot], a) { return true }
                slot = (slot + 1) & (size - 1)
            }
            table[slot] = a
        }
        return false
    }

    /// A block mapping whose first key is at `i`, in column `indent + 1`.
    private mutating func blockMapping(indent: Int, depth: Int) throws(GiveUp) -> YAMLNode {
        if depth > limits.maxDepth { throw GiveUp() }
        try counted()
        let start = at(i)
        var pairs: [YAMLPair] = [], keys: [Int] = []
        while true {
            let k = try key(flow: false, into: &keys)
            while i < s.count, s[i] == 0x20 { i += 1 }
            let value: YAMLNode
            if i == s.count || s[i] == 0x0A || s[i] == 0x23 {
                // The value is a block on the lines below, indented further.
                try endOfLine()
                guard let inner = nextContentLine(), inner > indent else { throw GiveUp() }
                i = lineStart + inner
                value = s[i] == 0x2D ? try blockSequence(indent: inner, depth: depth + 1) : try blockMapping(indent: inner, depth: depth + 1)
            } else {
                value = try inlineValue(blockIndent: indent, depth: depth + 1)
                try endOfLine()
            }
            pairs.append(YAMLPair(key: consume k, value: consume value))
            let next = nextContentLine()
            if next == nil || next! < indent {
                if repeats(keys) { throw GiveUp() }
                return YAMLNode(.mapping(pairs), start: start, end: next.map { at(lineStart + $0) } ?? endOfInput)
            }
            guard next == indent else { throw GiveUp() }
            i = lineStart + indent
        }
    }

    /// A block sequence whose first `- ` is at `i`, in column `indent + 1`.
    private mutating func blockSequence(indent: Int, depth: Int) throws(GiveUp) -> YAMLNode {
        if depth > limits.maxDepth { throw GiveUp() }
        try counted()
        let start = at(i)
        var items: [YAMLNode] = []
        while true {
            guard byte(i) == 0x2D, byte(i + 1) == 0x20 else { throw GiveUp() }
            i += 2
            while i < s.count, s[i] == 0x20 { i += 1 }
            if keyLength(at: i, flow: false) != nil {
                items.append(try blockMapping(indent: i - lineStart, depth: depth + 1))
            } else {
                items.append(try inlineValue(blockIndent: indent, depth: depth + 1))
                try endOfLine()
            }
            guard let next = nextContentLine() else { return YAMLNode(.sequence(items), start: start, end: endOfInput) }
            if next < indent { return YAMLNode(.sequence(items), start: start, end: at(lineStart + next)) }
            guard next == indent else { throw GiveUp() }
            i = lineStart + next
        }
    }

    /// A value on the line of its key or `- `: a one-line scalar or a flow collection.
    private mutating func inlineValue(blockIndent: Int, depth: Int) throws(GiveUp) -> YAMLNode {
        switch byte(i) {
        case 0x7B, 0x5B: return try flowCollection(blockIndent: blockIndent, depth: depth)
        case 0x22, 0x27: return try quoted()
        default: return try plain(flow: false)
        }
    }

    /// Bytes that cannot start a plain scalar here (YAML's indicators; `-`, `?` and `:` can,
    /// before a non-space, but are left to libyaml).
    private static func isIndicator(_ c: UInt8) -> Bool {
        switch c {
        case 0x20, 0x0A, 0x2D, 0x3F, 0x3A, 0x2C, 0x5B, 0x5D, 0x7B, 0x7D, 0x23, 0x26, 0x2A, 0x21, 0x7C, 0x3E, 0x27, 0x22, 0x25, 0x40, 0x60: true
        default: false
        }
    }

    /// A one-line plain scalar: in a block, up to a comment or the line's end; in a flow, up to
    /// `,` `[` `]` `{` `}`. No `:` anywhere (a key or a nested mapping is left to libyaml).
    private mutating func plain(flow: Bool) throws(GiveUp) -> YAMLNode {
        let from = i
        guard from < s.count, !PlainYAML.isIndicator(s[from]) else { throw GiveUp() }
        var last = from  // just after the last non-space byte
        scan: while i < s.count {
            switch s[i] {
            case 0x0A: break scan
            case 0x3A: throw GiveUp()
            case 0x23 where s[i - 1] == 0x20:
                if flow { throw GiveUp() }
                break scan
            case 0x2C, 0x5B, 0x5D, 0x7B, 0x7D:
                if flow { break scan }
                last = i + 1
            case 0x20: break
            default: last = i + 1
            }
            i += 1
        }
        i = last
        try counted()
        return try scalar(from, last, style: .plain, start: from, end: last)
    }

    /// A one-line quoted scalar: `"..."` without backslashes, or `'...'` (`''` is one quote).
    private mutating func quoted() throws(GiveUp) -> YAMLNode {
        let from = i, q = s[i]
        var value: [UInt8]?
        i += 1
        while true {
            guard i < s.count, s[i] != 0x0A, q == 0x27 || s[i] != 0x5C else { throw GiveUp() }
            if s[i] == q {
                if q == 0x27, byte(i + 1) == 0x27 {
                    if value == nil { value = Array(s[(from + 1)..<i]) }
                    value!.append(0x27)
                    i += 2
                    continue
                }
                break
            }
            value?.append(s[i])
            i += 1
        }
        i += 1
        try counted()
        return try scalar(from + 1, i - 1, style: q == 0x27 ? .singleQuoted : .doubleQuoted,
                          value: value.map { String(decoding: $0, as: UTF8.self) }, start: from, end: i)
    }

    /// `{key: value, ...}` or `[value, ...]`, at `i`; a line break may follow `{`, `[` or a comma.
    private mutating func flowCollection(blockIndent: Int, depth: Int) throws(GiveUp) -> YAMLNode {
        if depth > limits.maxDepth { throw GiveUp() }
        try counted()
        let isMapping = s[i] == 0x7B
        let close: UInt8 = isMapping ? 0x7D : 0x5D
        let start = at(i)
        var pairs: [YAMLPair] = [], items: [YAMLNode] = [], keys: [Int] = []
        i += 1
        try flowSpace(newlines: true, blockIndent: blockIndent)
        if s[i] != close {
            while true {
                var k: YAMLNode?
                if isMapping {
                    k = try key(flow: true, into: &keys)
                    try flowSpace(newlines: false, blockIndent: blockIndent)
                }
                let value: YAMLNode
                switch s[i] {
                case 0x7B, 0x5B: value = try flowCollection(blockIndent: blockIndent, depth: depth + 1)
                case 0x22, 0x27: value = try quoted()
                default: value = try plain(flow: true)
                }
                if let k { pairs.append(YAMLPair(key: k, value: value)) } else { items.append(value) }
                try flowSpace(newlines: false, blockIndent: blockIndent)
                if s[i] == close { break }
                guard s[i] == 0x2C else { throw GiveUp() }
                i += 1
                try flowSpace(newlines: true, blockIndent: blockIndent)
                if s[i] == close || s[i] == 0x2C { throw GiveUp() }
            }
        }
        i += 1
        if repeats(keys) { throw GiveUp() }
        return YAMLNode(isMapping ? .mapping(pairs) : .sequence(items), start: start, end: at(i))
    }
}
