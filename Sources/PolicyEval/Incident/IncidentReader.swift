import Foundation

/// Bad incident input: names the file, the event (id, or index where the id is
/// missing) and the field, and says what was expected.
public struct IncidentError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var event: String?
    public var field: String?
    public var message: String
    public var description: String {
        var where_ = file
        if let e = event { where_ += ": event \(e)" }
        if let f = field { where_ += ": field '\(f)'" }
        return "\(where_): \(message)"
    }
}

/// Reads incident files, subject files and JSON Lines events against the vocabulary.
public struct IncidentReader: Sendable {
    public var vocabulary: Vocabulary
    /// When true, an event type outside the vocabulary is a warning and the event is left out.
    public var unknownTypesAreWarnings = false
    public static let maxBytes = 256 * 1024 * 1024

    /// A reader typing incidents against `vocabulary`.
    public init(vocabulary: Vocabulary, unknownTypesAreWarnings: Bool = false) {
        self.vocabulary = vocabulary
        self.unknownTypesAreWarnings = unknownTypesAreWarnings
    }

    /// An incident file: `{"incident": {...}, "events": [...]}`.
    public func read(_ data: Data, file: String) throws(IncidentError) -> (Incident, [ReportDiagnostic]) {
        // Straight from the bytes when the file is ordinary (IncidentBytes); else the general way, which says what is wrong.
        if data.count <= IncidentReader.maxBytes, let incident = data.withUnsafeBytes({ IncidentBytes(vocabulary: vocabulary).incident($0) }) { return (incident, []) }
        return try read(value: try json(data, file: file), file: file)
    }

    /// An incident already parsed into JSON values (from a test case's YAML, say).
    func read(value: JSONValue, file: String) throws(IncidentError) -> (Incident, [ReportDiagnostic]) {
        let top = try object(value, file: file, event: nil, field: nil, what: "the file")
        guard let header = top["incident"] else { throw IncidentError(file: file, field: "incident", message: "missing: the file needs an \"incident\" object") }
        var incident = try readHeader(header, file: file)
        guard let eventsValue = top["events"] else { throw IncidentError(file: file, field: "events", message: "missing: the file needs an \"events\" array") }
        guard case .array(let items) = eventsValue else { throw IncidentError(file: file, field: "events", message: "must be an array of events") }
        var diagnostics: [ReportDiagnostic] = []
        var seen: [String: Int] = [:]
        var events: [Event] = []
        events.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            guard let e = try readEvent(item, index: i, file: file, diagnostics: &diagnostics) else { continue }
            if let first = seen[e.id] {
                throw IncidentError(file: file, event: e.id, field: "id", message: "duplicate id: events [\(first)] and [\(i)] both use it")
            }
            seen[e.id] = i
            events.append(e)
        }
        // Time order, ties kept in file order (the sort is stable on the index).
        incident.events = events.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        return (incident, diagnostics)
    }

    /// A subject file for streams: an incident file without events.
    public func readSubject(_ data: Data, file: String) throws(IncidentError) -> Incident {
        let top = try object(try json(data, file: file), file: file, event: nil, field: nil, what: "the file")
        guard let header = top["incident"] else { throw IncidentError(file: file, field: "incident", message: "missing: the file needs an \"incident\" object") }
        // Events here would be silently left out: the stream gives them.
        if top["events"] != nil {
            throw IncidentError(file: file, field: "events", message: "a subject file has no events; give them as JSON Lines with --events")
        }
        return try readHeader(header, file: file)
    }

    /// One event of a JSON Lines stream; nil for a blank line or a left-out unknown type.
    public func readEventLine(_ line: Data, number: Int, file: String, diagnostics: inout [ReportDiagnostic]) throws(IncidentError) -> Event? {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
        let value = try json(line, file: "\(file):\(number)")
        return try readEvent(value, index: nil, file: "\(file):\(number)", diagnostics: &diagnostics)
    }

    // MARK: Pieces

    private func json(_ data: Data, file: String) throws(IncidentError) -> JSONValue {
        guard data.count <= IncidentReader.maxBytes else {
            throw IncidentError(file: file, message: "the file is larger than \(IncidentReader.maxBytes / 1024 / 1024) MiB")
        }
        do {
            return try JSONParser.parse([UInt8](data))
        } catch {
            throw IncidentError(file: file, message: "not valid JSON (line \(error.line), column \(error.column): \(error.message))")
        }
    }

    private func object(_ v: JSONValue, file: String, event: String?, field: String?, what: String) throws(IncidentError) -> JSONObject {
        guard let o = v.object else { throw IncidentError(file: file, event: event, field: field, message: "\(what) must be a JSON object") }
        return o
    }

    private func readHeader(_ v: JSONValue, file: String) throws(IncidentError) -> Incident {
        let h = try object(v, file: file, event: nil, field: "incident", what: "\"incident\"")
        guard let id = h["id"]?.string, !id.isEmpty else {
            throw IncidentError(file: file, field: "incident.id", message: "required: a non-empty string")
        }
        var zone: Zone
        if let tz = h["timezone"], !tz.isNull {
            guard let name = tz.string else { throw IncidentError(file: file, field: "incident.timezone", message: "must be an IANA zone name like \"Europe/London\"") }
            switch Zone.named(name) {
            case .success(let z): zone = z
            case .failure(let e): throw IncidentError(file: file, field: "incident.timezone", message: e.message)
            }
        } else {
            zone = try! Zone(identifier: "Europe/London")
        }
        let policy = h["policy"]?.string
        guard let sv = h["subject"] else { throw IncidentError(file: file, field: "incident.subject", message: "required: the child's pseudonymous id, birth date and facts") }
        let s = try object(sv, file: file, event: nil, field: "incident.subject", what: "\"subject\"")
        guard let sid = s["id"]?.string, !sid.isEmpty else {
            throw IncidentError(file: file, field: "incident.subject.id", message: "required: a pseudonymous identifier")
        }
        var born: LocalDate?
        if let b = s["born"], !b.isNull {
            guard let text = b.string, let d = LocalDate(text) else {
                throw IncidentError(file: file, field: "incident.subject.born", message: "must be a date like \"2010-05-17\"")
            }
            born = d
        }
        var facts = [Bool?](repeating: nil, count: vocabulary.facts.count)
        if let fv = s["facts"] {
            let f = try object(fv, file: file, event: nil, field: "incident.subject.facts", what: "\"facts\"")
            for (key, value) in zip(f.keys, f.values).sorted(by: { $0.0 < $1.0 }) {
                guard let i = vocabulary.factIndex[key] else {
                    let hint = Suggestion.closest(to: key, among: vocabulary.factIndex.keys).map { "; did you mean '\($0)'?" } ?? ""
                    throw IncidentError(file: file, field: "incident.subject.facts.\(IncidentReader.keyName(key))", message: "not a fact in the vocabulary\(hint)")
                }
                if value.isNull { continue }
                guard case .bool(let b) = value else {
                    throw IncidentError(file: file, field: "incident.subject.facts.\(key)", message: "must be true or false (or left out when unknown)")
                }
                facts[i] = b
            }
        }
        return Incident(id: id, zone: zone, policy: policy, subject: Subject(id: sid, born: born, facts: facts), events: [])
    }

    /// `index` is the event's place in the file's array; nil for a stream, whose file names the line already.
    private func readEvent(_ v: JSONValue, index: Int?, file: String, diagnostics: inout [ReportDiagnostic]) throws(IncidentError) -> Event? {
        let label = index.map { "[\($0)]" }
        let o = try object(v, file: file, event: label, field: nil, what: "an event")
        guard let idValue = o["id"] else { throw IncidentError(file: file, event: label, field: "id", message: "required: every event needs an id") }
        guard let id = idValue.string, !id.isEmpty else { throw IncidentError(file: file, event: label, field: "id", message: "must be a non-empty string") }
        guard let typeValue = o["type"] else { throw IncidentError(file: file, event: id, field: "type", message: "required: an event type from the vocabulary") }
        guard let typeName = typeValue.string else { throw IncidentError(file: file, event: id, field: "type", message: "must be a string") }
        guard let timeValue = o["time"] else { throw IncidentError(file: file, event: id, field: "time", message: "required: an RFC 3339 time with an offset, like \"2026-03-14T22:10:00Z\"") }
        guard let timeText = timeValue.string else { throw IncidentError(file: file, event: id, field: "time", message: "must be a string like \"2026-03-14T22:10:00Z\"") }
        let time: Instant
        do { time = try Instant(rfc3339: timeText) } catch {
            throw IncidentError(file: file, event: id, field: "time", message: "\(IncidentReader.quoted(timeText)): \(error.message)")
        }
        guard let type = vocabulary.event(named: typeName) else {
            let hint = Suggestion.closest(to: typeName, among: vocabulary.eventIDs.keys).map { "; did you mean '\($0)'?" } ?? ""
            if unknownTypesAreWarnings {
                diagnostics.append(ReportDiagnostic(severity: .warning, event: id, message: "type \(IncidentReader.quoted(typeName)) is not in the vocabulary\(hint); the event is left out"))
                return nil
            }
            throw IncidentError(file: file, event: id, field: "type", message: "\(IncidentReader.quoted(typeName)) is not an event type in the vocabulary\(hint)")
        }
        var data = [Value?](repeating: nil, count: type.fields.count)
        if let dv = o["data"], !dv.isNull {
            let d = try object(dv, file: file, event: id, field: "data", what: "\"data\"")
            for (key, raw) in zip(d.keys, d.values).sorted(by: { $0.0 < $1.0 }) {
                guard let fi = type.fieldIndex(key) else {
                    let names = type.fields.map(\.name)
                    let hint = Suggestion.closest(to: key, among: names).map { "; did you mean '\($0)'?" }
                        ?? (names.isEmpty ? "; this event type has no data fields" : "; its fields are \(names.joined(separator: ", "))")
                    throw IncidentError(file: file, event: id, field: "data.\(IncidentReader.keyName(key))", message: "not a field of '\(typeName)'\(hint)")
                }
                if raw.isNull { continue }
                data[fi] = try value(raw, type: type.fields[fi].type, file: file, event: id, field: "data.\(key)")
            }
        }
        for (i, f) in type.fields.enumerated() where !f.optional && data[i] == nil {
            throw IncidentError(file: file, event: id, field: "data.\(f.name)", message: "required for '\(typeName)': \(IncidentReader.expected(f.type))")
        }
        return Event(id: id, type: type.id, time: time, data: data)
    }

    private func value(_ raw: JSONValue, type: ValueType, file: String, event: String, field: String) throws(IncidentError) -> Value {
        func fail() -> IncidentError {
            IncidentError(file: file, event: event, field: field, message: "expected \(IncidentReader.expected(type)), got \(IncidentReader.show(raw))")
        }
        switch type {
        case .bool:
            guard case .bool(let b) = raw else { throw fail() }
            return .bool(b)
        case .int:
            guard case .number(let n) = raw, let i = Int(exactly: n) else { throw fail() }
            return .int(i)
        case .string, .role:
            guard let s = raw.string else { throw fail() }
            return .string(s)
        case .enumeration(let values):
            guard let s = raw.string, values.contains(s) else {
                if let s = raw.string, let near = Suggestion.closest(to: s, among: values) {
                    throw IncidentError(file: file, event: event, field: field,
                                        message: "expected \(IncidentReader.expected(type)), got \(IncidentReader.quoted(s)); did you mean \"\(near)\"?")
                }
                throw fail()
            }
            return .string(s)
        case .time:
            guard let s = raw.string else { throw fail() }
            do { return .time(try Instant(rfc3339: s)) } catch {
                throw IncidentError(file: file, event: event, field: field, message: "\(IncidentReader.quoted(s)): \(error.message)")
            }
        case .date:
            guard let s = raw.string, let d = LocalDate(s) else { throw fail() }
            return .date(d)
        case .roleList:
            guard case .array(let items) = raw else { throw fail() }
            var roles: [String] = []
            for item in items {
                guard let s = item.string else { throw fail() }
                roles.append(s)
            }
            return .roles(roles)
        case .duration:
            throw fail()
        }
    }

    static func expected(_ t: ValueType) -> String {
        switch t {
        case .bool: "true or false"
        case .int: "a whole number"
        case .string: "a string"
        case .role: "a role name"
        case .roleList: "a list of role names"
        case .time: "an RFC 3339 time with an offset"
        case .date: "a date like \"2026-03-14\""
        case .duration: "a duration"
        case .enumeration(let values): "one of " + values.map { "\"\($0)\"" }.joined(separator: ", ")
        }
    }

    /// A value from the record, for a message: shown only when short and shaped like a code,
    /// a number or a time ("severe", "2026-03-14 22:10"). Free text may be a name or an
    /// address, and an error message must not carry personal data.
    static func quoted(_ s: String) -> String {
        let code = s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "_-.:+/TZ".unicodeScalars.contains($0) }
        let timeLike = s.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || "-:. +TZ/".unicodeScalars.contains($0) }
        if !s.isEmpty, s.unicodeScalars.count <= 32, code || timeLike { return "\"\(s)\"" }
        return s.isEmpty ? "an empty string" : "a string of \(s.count) characters (not shown: it may be personal data)"
    }

    /// A key from the record for a field path: shown when shaped like a field name, else only its length.
    static func keyName(_ key: String) -> String {
        let name = key.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "." }
        return name && key.count <= 40 ? key : "<a key of \(key.count) characters>"
    }

    static func show(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return quoted(s)
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
        case .array: return "an array"
        case .object: return "an object"
        case .null: return "null"
        }
    }
}
