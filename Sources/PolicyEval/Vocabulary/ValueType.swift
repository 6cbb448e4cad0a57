/// The type of an event data field, a fact, or an expression.
public enum ValueType: Sendable, Hashable, CustomStringConvertible {
    case bool, int, string, time, date, role, roleList, duration
    /// A closed set of values, in declared order (`high|medium|low`).
    case enumeration([String])

    var isEnumeration: Bool {
        if case .enumeration = self { return true }
        return false
    }

    /// Parses a vocabulary type: `bool`, `int`, `string`, `time`, `date`, `role`, `[role]` or `a|b|c`.
    public init?(parsing text: String) {
        switch text {
        case "bool": self = .bool
        case "int": self = .int
        case "string": self = .string
        case "time": self = .time
        case "date": self = .date
        case "role": self = .role
        case "[role]": self = .roleList
        default:
            guard let parts = ValueType.pieces(text), parts.count >= 2, parts.allSatisfy({ !$0.isEmpty && ValueType.isName($0) })
            else { return nil }
            self = .enumeration(parts)
        }
    }

    /// The pieces of `a|b|c` between the bars; nil for no bar at all. ASCII text is cut at the
    /// bar's bytes (the same pieces as cutting at the bar characters, for a fraction of the cost).
    private static func pieces(_ text: String) -> [String]? {
        let u = text.utf8
        guard u.contains(0x7C) else { return nil }
        let ascii = u.withContiguousStorageIfAvailable { bytes -> [String]? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            var parts: [String] = [], from = 0
            for (k, b) in bytes.enumerated() where b == 0x7C {
                parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<k]), as: UTF8.self))
                from = k + 1
            }
            parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[from...]), as: UTF8.self))
            return parts
        }
        return (ascii ?? nil) ?? text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
    }

    /// Letters, digits and "_". ASCII text is checked byte by byte: a Character's Unicode
    /// properties cost a table lookup each, and an ASCII byte is a letter or digit exactly
    /// when it is one of A-Z, a-z, 0-9.
    static func isName(_ s: String) -> Bool {
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            return s.utf8.allSatisfy { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
        }
        return s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    public var description: String {
        switch self {
        case .bool: "bool"
        case .int: "int"
        case .string: "string"
        case .time: "time"
        case .date: "date"
        case .role: "role"
        case .roleList: "[role]"
        case .duration: "duration"
        case .enumeration(let values): values.joined(separator: "|")
        }
    }
}

extension ValueType {
    /// "a bool", "an int", "a high|medium|low value": for messages.
    var withArticle: String {
        switch self {
        case .int: "an int"
        case .enumeration: "a \(description) value"
        default: "a \(description)"
        }
    }
}
