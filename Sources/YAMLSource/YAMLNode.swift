/// A node of a YAML document. Every node knows where it starts and ends; equality
/// ignores positions, so trees compare in tests.
public struct YAMLNode: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        /// Pairs in document order.
        case mapping([YAMLPair])
    }

    public var content: Content
    /// The node's first character (for a quoted scalar, the opening quote; for a block scalar, its indicator).
    public var start: SourceLocation
    /// Just after the node's last character.
    public var end: SourceLocation
    /// For scalars: the source text from which positions inside the value are worked out.
    var sourceMap: ScalarSourceMap?

    public init(_ content: Content, start: SourceLocation, end: SourceLocation) {
        self.content = content
        self.start = start
        self.end = end
    }

    init(_ content: Content, start: SourceLocation, end: SourceLocation, sourceMap: ScalarSourceMap?) {
        self.content = content
        self.start = start
        self.end = end
        self.sourceMap = sourceMap
    }

    public static func == (a: YAMLNode, b: YAMLNode) -> Bool { a.content == b.content }

    public var scalar: YAMLScalar? { if case .scalar(let s) = content { s } else { nil } }
    public var sequence: [YAMLNode]? { if case .sequence(let s) = content { s } else { nil } }
    public var mapping: [YAMLPair]? { if case .mapping(let m) = content { m } else { nil } }

    /// The value for a plain key in a mapping.
    public subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.key.scalar?.value == key }?.value
    }

    public var kindName: String {
        switch content {
        case .scalar: "scalar"
        case .sequence: "sequence"
        case .mapping: "mapping"
        }
    }

    /// Where a character of a scalar's value stands in the source (offset in Unicode scalars).
    /// Exact for one-line scalars and block scalars; for anything else, the nearest line start.
    public func location(ofValueOffset offset: Int) -> SourceLocation {
        guard let map = sourceMap, let scalar else { return start }
        return map.location(of: offset, value: scalar, start: start)
    }
}

public struct YAMLPair: Sendable, Equatable {
    public var key: YAMLNode
    public var value: YAMLNode
    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

public struct YAMLScalar: Sendable, Equatable {
    public enum Style: Sendable, Equatable { case plain, singleQuoted, doubleQuoted, literal, folded }
    public var value: String
    public var style: Style
    public var tag: String?

    public init(_ value: String, style: Style = .plain, tag: String? = nil) {
        self.value = value
        self.style = style
        self.tag = tag
    }

    /// A plain empty, `~` or `null` scalar.
    public var isNull: Bool {
        // Without building an array of the five spellings for every scalar read.
        guard style == .plain, value.utf8.count <= 4 else { return false }
        switch value {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }
}
