/// Finds the policy an incident file names (`incident.policy`) from its bytes, without a
/// JSON tree: a strict scan of the top-level object, skipping other values by their
/// brackets and strings, up to the `incident` object's `policy` string.
///
/// Like `IncidentBytes`, deliberately narrow: anything out of the ordinary (a byte-order
/// mark, an escape or a control byte in a key or in the id, an empty or long id, a
/// `policy` that is not a string, nesting deeper than `maxDepth`, a file that ends early)
/// and it gives up with nil; the caller then reads the file the general way, which gives
/// every message. It finds the first `incident` and that object's first `policy`; a
/// duplicate key is caught later, since the caller uses the id only when `IncidentBytes`
/// (which gives up on duplicate keys) reads the whole file and finds the same id.
enum IncidentHead {
    static let maxDepth = 64
    static let maxIDBytes = 256

    /// The declared policy id, or nil: none found, or give up.
    static func declaredPolicy(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { buffer in
            var scan = Scan(b: buffer)
            return try? scan.policy()
        }
    }

    private struct GiveUp: Error {}

    private struct Scan {
        let b: UnsafeBufferPointer<UInt8>
        var i = 0

        mutating func ws() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
        }

        mutating func expect(_ c: UInt8) throws(GiveUp) {
            ws()
            guard i < b.count, b[i] == c else { throw GiveUp() }
            i += 1
        }

        /// A string with neither escapes nor control bytes: its bytes' range.
        mutating func plainString() throws(GiveUp) -> Range<Int> {
            try expect(0x22)
            let start = i
            while i < b.count {
                let c = b[i]
                if c == 0x22 { i += 1; return start..<(i - 1) }
                if c == 0x5C || c < 0x20 { throw GiveUp() }
                i += 1
            }
            throw GiveUp()
        }

        func equals(_ r: Range<Int>, _ word: StaticString) -> Bool {
            guard r.count == word.utf8CodeUnitCount else { return false }
            let w = word.utf8Start
            for k in 0..<r.count where b[r.lowerBound + k] != w[k] { return false }
            return true
        }

        /// Skips one value of any kind: strings (with escapes), nested arrays and objects by
        /// their brackets (each close matching its open), and scalars up to the next
        /// delimiter. What it skips is checked later, by `IncidentBytes`.
        mutating func skipValue() throws(GiveUp) {
            ws()
            guard i < b.count else { throw GiveUp() }
            // Open brackets as bits, innermost lowest (1 for an object): a close must match.
            var depth = 0, open: UInt64 = 0
            repeat {
                guard i < b.count else { throw GiveUp() }
                let c = b[i]
                switch c {
                case 0x22:
                    i += 1
                    while true {
                        guard i < b.count else { throw GiveUp() }
                        let s = b[i]
                        if s == 0x22 { break }
                        i += s == 0x5C ? 2 : 1
                    }
                    i += 1
                case 0x7B, 0x5B:
                    depth += 1
                    guard depth <= IncidentHead.maxDepth else { throw GiveUp() }
                    open = open << 1 | (c == 0x7B ? 1 : 0)
                    i += 1
                case 0x7D, 0x5D:
                    guard depth > 0, open & 1 == (c == 0x7D ? 1 : 0) else { throw GiveUp() }
                    depth -= 1
                    open >>= 1
                    i += 1
                default:
                    if depth == 0 {
                        // A scalar: up to a delimiter.
                        let start = i
                        while i < b.count, b[i] != 0x2C, b[i] != 0x7D, b[i] != 0x5D, b[i] != 0x20, b[i] != 0x0A, b[i] != 0x0D, b[i] != 0x09 { i += 1 }
                        guard i > start else { throw GiveUp() }
                    } else {
                        i += 1
                    }
                }
            } while depth > 0
        }

        /// After a member: true when another follows (`,`), false at the object's end (`}`).
        mutating func more() throws(GiveUp) -> Bool {
            ws()
            guard i < b.count else { throw GiveUp() }
            if b[i] == 0x2C { i += 1; return true }
            if b[i] == 0x7D { i += 1; return false }
            throw GiveUp()
        }

        mutating func policy() throws(GiveUp) -> String? {
            try expect(0x7B)
            ws()
            if i < b.count, b[i] == 0x7D { return nil }
            repeat {
                let key = try plainString()
                try expect(0x3A)
                if equals(key, "incident") { return try inIncident() }
                try skipValue()
            } while try more()
            return nil
        }

        mutating func inIncident() throws(GiveUp) -> String? {
            try expect(0x7B)
            ws()
            if i < b.count, b[i] == 0x7D { return nil }
            repeat {
                let key = try plainString()
                try expect(0x3A)
                if equals(key, "policy") {
                    let id = try plainString()
                    guard !id.isEmpty, id.count <= IncidentHead.maxIDBytes,
                          let s = String(validating: UnsafeBufferPointer(rebasing: b[id]), as: UTF8.self) else { throw GiveUp() }
                    return s
                }
                try skipValue()
            } while try more()
            return nil
        }
    }
}
