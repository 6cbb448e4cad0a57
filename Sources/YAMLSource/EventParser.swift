internal import CLibYAML

/// One libyaml event, copied out of C memory.
struct ParsedEvent {
    enum Kind: Equatable {
        case streamStart, streamEnd, documentStart, documentEnd
        case alias
        case scalar(String, YAMLScalar.Style, tag: String?)
        case sequenceStart, sequenceEnd, mappingStart, mappingEnd
    }
    var kind: Kind
    var anchor: String?
    /// An explicit tag (`!!str`, `!foo`) on a scalar, sequence or mapping.
    var tag: String?
    var start: SourceLocation
    var end: SourceLocation
}

/// The only owner of libyaml's parser: created with the input, freed in deinit.
/// libyaml's 0-based marks become 1-based locations here and nowhere else.
final class EventParser {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutableBufferPointer<UInt8>
    private let file: String

    init(bytes: [UInt8], file: String) {
        self.file = file
        input = .allocate(capacity: max(1, bytes.count))
        _ = input.initialize(from: bytes)
        parser = .allocate(capacity: 1)
        yaml_parser_initialize(parser)
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        input.deallocate()
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    /// The 1-based line and column (in characters) of a byte of the input.
    private func location(ofByte offset: Int) -> SourceLocation {
        var line = 1, column = 1
        for b in input.prefix(min(offset, input.count)) {
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    private static func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let p else { return nil }
        return String(cString: UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self))
    }

    func next() throws(YAMLError) -> ParsedEvent {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw currentError() }
        defer { yaml_event_delete(&event) }
        let start = location(event.start_mark), end = location(event.end_mark)
        var anchor: String?, tag: String?
        let kind: ParsedEvent.Kind
        switch event.type {
        case YAML_STREAM_START_EVENT: kind = .streamStart
        case YAML_STREAM_END_EVENT: kind = .streamEnd
        case YAML_DOCUMENT_START_EVENT: kind = .documentStart
        case YAML_DOCUMENT_END_EVENT: kind = .documentEnd
        case YAML_ALIAS_EVENT:
            anchor = EventParser.string(event.data.alias.anchor)
            kind = .alias
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let value: String
            if let p = s.value, s.length > 0 {
                value = String(decoding: UnsafeBufferPointer(start: p, count: Int(s.length)), as: UTF8.self)
            } else {
                value = ""
            }
            let style: YAMLScalar.Style
            switch s.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            anchor = EventParser.string(s.anchor)
            tag = EventParser.string(s.tag)
            kind = .scalar(value, style, tag: tag)
        case YAML_SEQUENCE_START_EVENT:
            anchor = EventParser.string(event.data.sequence_start.anchor)
            tag = EventParser.string(event.data.sequence_start.tag)
            kind = .sequenceStart
        case YAML_SEQUENCE_END_EVENT: kind = .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            anchor = EventParser.string(event.data.mapping_start.anchor)
            tag = EventParser.string(event.data.mapping_start.tag)
            kind = .mappingStart
        case YAML_MAPPING_END_EVENT: kind = .mappingEnd
        default: kind = .streamEnd
        }
        return ParsedEvent(kind: kind, anchor: anchor, tag: tag, start: start, end: end)
    }

    /// libyaml's error state as one Swift error.
    private func currentError() -> YAMLError {
        let p = parser.pointee
        let problem = p.problem.map { String(cString: $0) } ?? "invalid YAML"
        let context = p.context.map { String(cString: $0) }
        // A reader error (bad bytes, control characters) gives a byte offset, not a mark.
        let at = p.error == YAML_READER_ERROR ? location(ofByte: Int(p.problem_offset)) : location(p.problem_mark)
        var message = problem
        if let context { message = "\(problem) \(context)" }
        var notes: [YAMLError.Note] = []
        if context != nil, p.context_mark.line != p.problem_mark.line || p.context_mark.column != p.problem_mark.column {
            notes.append(.init(message: "\(context!) here", location: location(p.context_mark)))
        }
        if problem.contains("tab") {
            message += " (YAML indents with spaces, never tabs)"
        } else if message.contains("block collection") || message.contains("block mapping") || problem.contains("mapping values are not allowed") {
            // libyaml's words for the commonest slip: a line indented by a different amount.
            message += " (check the indentation: keys of the same mapping must line up exactly)"
        }
        return YAMLError(.syntax, message, at: at, notes: notes)
    }
}
