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
            let parts = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } })
            else { return nil }
            self = .enumeration(parts)
        }
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
