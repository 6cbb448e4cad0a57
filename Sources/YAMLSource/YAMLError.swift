/// Why a YAML file was refused, and where.
public struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable identifiers, for tests and editors.
    public enum Code: String, Sendable {
        case syntax = "yaml.syntax"
        case duplicateKey = "yaml.duplicate-key"
        case anchor = "yaml.anchor"
        case alias = "yaml.alias"
        case tag = "yaml.tag"
        case multipleDocuments = "yaml.multiple-documents"
        case tooDeep = "yaml.too-deep"
        case tooManyNodes = "yaml.too-many-nodes"
        case tooLarge = "yaml.too-large"
        case scalarTooLong = "yaml.scalar-too-long"
        case invalidUTF8 = "yaml.invalid-utf8"
        case unreadable = "yaml.unreadable"
        case complexKey = "yaml.complex-key"
    }

    public struct Note: Sendable, Equatable {
        public var message: String
        public var location: SourceLocation
    }

    public var code: Code
    public var message: String
    public var location: SourceLocation
    public var notes: [Note]

    public init(_ code: Code, _ message: String, at location: SourceLocation, notes: [Note] = []) {
        self.code = code
        self.message = message
        self.location = location
        self.notes = notes
    }

    public var description: String { "\(location): error: \(message)" }
}

/// Explicit limits, so that no input can make the loader use unbounded time or memory.
public struct YAMLLimits: Sendable, Equatable {
    /// Largest file accepted (a policy is a few tens of kilobytes).
    public var maxBytes: Int
    /// Deepest nesting of sequences and mappings.
    public var maxDepth: Int
    /// Most nodes in one document.
    public var maxNodes: Int
    /// Longest scalar, in bytes.
    public var maxScalarLength: Int

    public init(maxBytes: Int, maxDepth: Int, maxNodes: Int, maxScalarLength: Int) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
        self.maxScalarLength = maxScalarLength
    }

    /// A shipped policy is about 15 KB and 3,000 values; these leave room for a hundred
    /// times that, and keep the worst refusal quick.
    public static let `default` = YAMLLimits(maxBytes: 2 * 1024 * 1024, maxDepth: 32, maxNodes: 200_000, maxScalarLength: 64 * 1024)
}
