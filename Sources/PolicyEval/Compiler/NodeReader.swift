/// Reads YAML nodes into typed values, collecting a diagnostic for every problem
/// instead of stopping at the first. What a value is (`what:`) is put into words only when a
/// message needs it: most values are fine, and the vocabulary has hundreds.
struct DiagnosticLog {
    var items: [Diagnostic] = []
    mutating func error(_ id: String, _ message: String, at node: YAMLNode, suggestion: String? = nil, notes: [Diagnostic.Note] = []) {
        items.append(.error(id, message, at: node.start, length: node.caretLength, notes: notes, suggestion: suggestion))
    }
    mutating func warning(_ id: String, _ message: String, at node: YAMLNode, suggestion: String? = nil) {
        items.append(.warning(id, message, at: node.start, length: node.caretLength, suggestion: suggestion))
    }
    mutating func append(_ d: Diagnostic) { items.append(d) }
}

extension YAMLNode {
    /// Underline a whole one-line scalar; a single caret for collections.
    var caretLength: Int {
        guard case .scalar(let s) = content, end.line == start.line else { return 1 }
        return max(1, min(end.column - start.column, s.value.unicodeScalars.count + 2))
    }
}

/// A mapping whose keys are checked against a closed set.
struct MappingReader {
    let node: YAMLNode
    /// The mapping's pairs, as the node holds them.
    private let pairs: [YAMLPair]
    /// The allowed keys found, in document order: each one's name and place in `pairs` (not
    /// copies of its nodes). A mapping has a handful of keys, so a search of a small array is
    /// cheaper than hashing each key into a dictionary (the tree builder has already refused
    /// duplicate keys).
    private var found: [(name: String, index: Int)] = []
    /// Allowed keys that an unknown key was probably meant to be (already reported).
    private(set) var misspelt: Set<String> = []

    /// The key nodes of the allowed keys found, by name.
    struct Keys {
        fileprivate let pairs: [YAMLPair]
        fileprivate let found: [(name: String, index: Int)]
        subscript(_ name: String) -> YAMLNode? { found.first { $0.name == name }.map { pairs[$0.index].key } }
    }
    var keys: Keys { Keys(pairs: pairs, found: found) }

    /// nil (with a diagnostic) when the node is not a mapping.
    init?(_ node: YAMLNode, what: @autoclosure () -> String, allowed: [String], log: inout DiagnosticLog) {
        self.node = node
        guard case .mapping(let pairs) = node.content else {
            log.error("expected-mapping", "\(what()) must be a mapping of keys to values, not a \(node.kindName)", at: node)
            return nil
        }
        self.pairs = pairs
        found.reserveCapacity(pairs.count)
        for index in pairs.indices {
            guard case .scalar(let k) = pairs[index].key.content else {
                log.error("bad-key", "keys must be plain names", at: pairs[index].key)
                continue
            }
            if !allowed.contains(k.value) {
                let near = Suggestion.closest(to: k.value, among: allowed)
                if let near { misspelt.insert(near) }
                log.error("unknown-key", "unknown key '\(k.value)' in \(what())", at: pairs[index].key,
                          suggestion: near,
                          notes: [Diagnostic.Note("allowed keys: \(allowed.joined(separator: ", "))")])
                continue
            }
            found.append((k.value, index))
        }
    }

    subscript(_ key: String) -> YAMLNode? { found.first { $0.name == key }.map { pairs[$0.index].value } }

    func required(_ key: String, what: @autoclosure () -> String, log: inout DiagnosticLog) -> YAMLNode? {
        if let v = self[key] { return v }
        // A misspelling of this key has been reported already; one error is enough.
        if misspelt.contains(key) { return nil }
        log.error("missing-key", "\(what()) needs '\(key)'", at: node)
        return nil
    }
}

enum Read {
    /// A non-empty scalar string.
    static func string(_ node: YAMLNode, what: @autoclosure () -> String, log: inout DiagnosticLog) -> String? {
        guard case .scalar(let s) = node.content, !s.isNull else {
            log.error("expected-text", "\(what()) must be text, not \(node.kindDescription)", at: node)
            return nil
        }
        return s.value
    }

    static func optionalString(_ node: YAMLNode?, what: @autoclosure () -> String, log: inout DiagnosticLog) -> String? {
        guard let node else { return nil }
        if case .scalar(let s) = node.content, s.isNull { return nil }
        return string(node, what: what(), log: &log)
    }

    /// A scalar, or a sequence of scalars: `a` or `[a, b]`.
    static func stringList(_ node: YAMLNode, what: @autoclosure () -> String, log: inout DiagnosticLog) -> [(String, YAMLNode)] {
        switch node.content {
        case .scalar(let s) where !s.isNull: return [(s.value, node)]
        case .sequence(let items):
            var out: [(String, YAMLNode)] = []
            for item in items {
                if let s = string(item, what: what(), log: &log) { out.append((s, item)) }
            }
            if items.isEmpty { log.error("empty-list", "\(what()) must not be empty", at: node) }
            return out
        default:
            log.error("expected-list", "\(what()) must be a name or a list of names", at: node)
            return []
        }
    }

    static func sequence(_ node: YAMLNode, what: @autoclosure () -> String, log: inout DiagnosticLog) -> [YAMLNode] {
        guard case .sequence(let items) = node.content else {
            log.error("expected-list", "\(what()) must be a list, not a \(node.kindName)", at: node)
            return []
        }
        return items
    }
}

extension YAMLNode {
    var kindDescription: String {
        switch content {
        case .scalar(let s) where s.isNull: return "empty"
        case .scalar: return "a scalar"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}
