/// Builds the node tree from libyaml's events, refusing what a policy never needs.
struct TreeBuilder {
    let parser: EventParser
    let file: String
    let limits: YAMLLimits
    let lines: SourceLines
    private var nodes = 0

    init(parser: EventParser, file: String, limits: YAMLLimits, lines: SourceLines) {
        self.parser = parser
        self.file = file
        self.limits = limits
        self.lines = lines
    }

    /// The single document, or nil for an empty stream.
    mutating func document() throws(YAMLError) -> YAMLNode? {
        var e = try parser.next()
        guard e.kind == .streamStart else { throw YAMLError(.syntax, "not a YAML stream", at: e.start) }
        e = try parser.next()
        if e.kind == .streamEnd { return nil }
        guard e.kind == .documentStart else { throw YAMLError(.syntax, "expected a document", at: e.start) }
        let first = try parser.next()
        let root = try node(first, depth: 1)
        let end = try parser.next()
        guard end.kind == .documentEnd else { throw YAMLError(.syntax, "expected the end of the document", at: end.start) }
        let after = try parser.next()
        if after.kind == .documentStart {
            throw YAMLError(.multipleDocuments, "a rule file holds one YAML document; remove this '---' and what follows, or move it to its own file",
                            at: after.start)
        }
        return root
    }

    private mutating func node(_ e: ParsedEvent, depth: Int) throws(YAMLError) -> YAMLNode {
        if e.kind == .alias {
            throw YAMLError(.alias, "aliases (*\(e.anchor ?? "")) are not allowed in rule files; write the value out in full", at: e.start)
        }
        if let a = e.anchor {
            throw YAMLError(.anchor, "anchors (&\(a)) are not allowed in rule files; write each value out in full", at: e.start)
        }
        if let t = e.tag {
            // A tag would change a value's type behind the reader's back (!!str 24h), or mean nothing here (!foo).
            let shown = t.hasPrefix("tag:yaml.org,2002:") ? "!!" + t.dropFirst(18) : t
            throw YAMLError(.tag, "tags (\(shown.prefix(40))) are not allowed in rule files; a value's meaning comes from its key: remove the tag (quote the value if it must be text)",
                            at: e.start)
        }
        nodes += 1
        if nodes > limits.maxNodes {
            throw YAMLError(.tooManyNodes, "more than \(limits.maxNodes) values in one file", at: e.start)
        }
        switch e.kind {
        case .scalar(let value, let style, let tag):
            if value.utf8.count > limits.maxScalarLength {
                throw YAMLError(.scalarTooLong, "a value longer than \(limits.maxScalarLength) bytes", at: e.start)
            }
            var n = YAMLNode(.scalar(YAMLScalar(value, style: style, tag: tag)), start: e.start, end: e.end)
            n.sourceMap = ScalarSourceMap(source: lines, endLine: e.end.line, endColumn: e.end.column)
            return n
        case .sequenceStart, .mappingStart:
            if depth > limits.maxDepth {
                throw YAMLError(.tooDeep, "nested more than \(limits.maxDepth) levels deep", at: e.start)
            }
            if e.kind == .sequenceStart {
                var items: [YAMLNode] = []
                while true {
                    let next = try parser.next()
                    if next.kind == .sequenceEnd {
                        return YAMLNode(.sequence(items), start: e.start, end: next.end)
                    }
                    items.append(try node(next, depth: depth + 1))
                }
            }
            var pairs: [YAMLPair] = []
            // Keys seen, for refusing a repeat: searched in `pairs` while the mapping is small
            // (most have a handful of keys), hashed once it grows.
            var seen: [String: SourceLocation]?
            while true {
                let next = try parser.next()
                if next.kind == .mappingEnd {
                    return YAMLNode(.mapping(pairs), start: e.start, end: next.end)
                }
                let key = try node(next, depth: depth + 1)
                guard case .scalar(let k) = key.content else {
                    throw YAMLError(.complexKey, "a key must be a plain name, not a \(key.kindName)", at: key.start)
                }
                let first: SourceLocation?
                if seen == nil, pairs.count < 16 {
                    first = pairs.first { $0.key.scalar?.value == k.value }?.key.start
                } else {
                    if seen == nil { seen = Dictionary(pairs.map { ($0.key.scalar!.value, $0.key.start) }, uniquingKeysWith: { a, _ in a }) }
                    first = seen![k.value]
                    seen![k.value] = key.start
                }
                if let first {
                    throw YAMLError(.duplicateKey, "duplicate key '\(k.value)'; each key may appear once in a mapping", at: key.start,
                                    notes: [.init(message: "'\(k.value)' first appears here", location: first)])
                }
                let value = try node(try parser.next(), depth: depth + 1)
                pairs.append(YAMLPair(key: key, value: value))
            }
        default:
            throw YAMLError(.syntax, "unexpected YAML structure", at: e.start)
        }
    }
}
