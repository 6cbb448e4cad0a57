import Foundation

/// Bad incident input: names the file, the event (id, or index where the id is
/// missing or not of an id's shape) and the field, and says what was expected. Values from
/// the record are shown only as `Shown` allows: codes, times, short numbers, ids.
public struct IncidentError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var event: String?
    public var field: String?
    public var message: String
    public var description: String {
        var where_ = Shown.escaped(file)
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
    /// Largest incident or subject file, and largest event stream in all (`--events`).
    public static let maxBytes = 256 * 1024 * 1024
    public static let maxStreamBytes = 256 * 1024 * 1024

    /// A reader typing incidents against `vocabulary`.
    public init(vocabulary: Vocabulary, unknownTypesAreWarnings: Bool = false) {
        self.vocabulary = vocabulary
        self.unknownTypesAreWarnings = unknownTypesAreWarnings
    }

    /// An incident file: `{"incident": {...}, "events": [...]}`.
    public func read(_ data: Data, file: String) throws(IncidentError) -> (Incident, [ReportDiagnostic]) {
        try read([UInt8](data), file: file)
    }

    /// An incident file's bytes.
    public func read(_ bytes: [UInt8], file: String) throws(IncidentError) -> (Incident, [ReportDiagnostic]) {
        // Straight from the bytes when the file is ordinary (IncidentBytes); else the general way, which says what is wrong.
        if bytes.count <= IncidentReader.maxBytes, let incident = bytes.withUnsafeBytes({ IncidentBytes(vocabulary: vocabulary).incident($0) }) { return (incident, []) }
        return try read(value: try IncidentReader.parse(bytes, file: file), file: file)
    }

    /// An incident or subject file's bytes as JSON, not yet typed against a vocabulary: the
    /// policy it names decides which vocabulary (an authority's own adds to the core).
    static func parse(_ bytes: [UInt8], file: String) throws(IncidentError) -> JSONValue {
        try json(droppingBOM(bytes[...]), file: file, what: "the file")
    }

    /// The policy id an incident or subject file names (`incident.policy`), if any, checked as
    /// the full reading checks it.
    static func declaredPolicy(_ value: JSONValue, file: String) throws(IncidentError) -> String? {
        guard let pv = value.object?["incident"]?.object?["policy"], !pv.isNull else { return nil }
        guard let p = pv.string, !p.isEmpty else { throw IncidentError(file: file, field: "incident.policy", message: "must be a policy id like \"bcp-missing-children\"") }
        return p
    }

    /// An incident already parsed into JSON values (from a test case's YAML, say).
    func read(value: JSONValue, file: String) throws(IncidentError) -> (Incident, [ReportDiagnostic]) {
        let top = try object(value, file: file, event: nil, field: nil, what: "the file")
        try IncidentReader.checkKeys(top, allowed: IncidentReader.topKeys, file: file, event: nil, path: "")
        guard let header = top["incident"] else { throw IncidentError(file: file, field: "incident", message: "missing: the file needs an \"incident\" object") }
        var incident = try readHeader(header, file: file)
        guard let eventsValue = top["events"] else { throw IncidentError(file: file, field: "events", message: "missing: the file needs an \"events\" array") }
        guard case .array(let items) = eventsValue else { throw IncidentError(file: file, field: "events", message: "must be an array of events") }
        var notes: [TimedNote] = []
        var seen: [String: Int] = [:]
        var events: [Event] = []
        events.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            guard let e = try readEvent(item, index: i, file: file, notes: &notes) else { continue }
            if let first = seen[e.id] {
                throw IncidentError(file: file, event: IncidentReader.eventName(e.id, index: i), field: "id", message: "duplicate id: events [\(first)] and [\(i)] both use it")
            }
            seen[e.id] = i
            events.append(e)
        }
        // Time order, ties kept in file order (the sort is stable on the index).
        incident.events = events.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        return (incident, IncidentReader.inTimeOrder(notes))
    }

    /// A subject file for streams: an incident file without events.
    public func readSubject(_ data: Data, file: String) throws(IncidentError) -> Incident {
        try readSubject([UInt8](data), file: file)
    }

    /// A subject file's bytes.
    public func readSubject(_ bytes: [UInt8], file: String) throws(IncidentError) -> Incident {
        try readSubject(value: try IncidentReader.parse(bytes, file: file), file: file)
    }

    /// A subject file already parsed.
    func readSubject(value: JSONValue, file: String) throws(IncidentError) -> Incident {
        let top = try object(value, file: file, event: nil, field: nil, what: "the file")
        try IncidentReader.checkKeys(top, allowed: IncidentReader.topKeys, file: file, event: nil, path: "")
        guard let header = top["incident"] else { throw IncidentError(file: file, field: "incident", message: "missing: the file needs an \"incident\" object") }
        // Events here would be silently left out: the stream gives them.
        if top["events"] != nil {
            throw IncidentError(file: file, field: "events", message: "a subject file has no events; give them as JSON Lines with --events")
        }
        return try readHeader(header, file: file)
    }

    /// One event of a JSON Lines stream; nil for a blank line or a left-out unknown type.
    public func readEventLine(_ line: Data, number: Int, file: String, diagnostics: inout [ReportDiagnostic]) throws(IncidentError) -> Event? {
        try readEventLine([UInt8](line)[...], number: number, file: file, diagnostics: &diagnostics)
    }

    /// One line of a JSON Lines stream, as bytes (a byte-order mark belongs at the start of the stream, not here).
    public func readEventLine(_ line: ArraySlice<UInt8>, number: Int, file: String, diagnostics: inout [ReportDiagnostic]) throws(IncidentError) -> Event? {
        var notes: [TimedNote] = []
        defer { diagnostics += notes.map(\.note) }
        return try readEventLine(line, number: number, file: file, notes: &notes)
    }

    /// One line of a stream, its warnings with the time of the event each is about: a whole
    /// stream's warnings are then put in the order of its events (`inTimeOrder`).
    func readEventLine(_ line: ArraySlice<UInt8>, number: Int, file: String, notes: inout [TimedNote]) throws(IncidentError) -> Event? {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
        let value = try IncidentReader.json(line, file: "\(file):\(number)", what: "an event")
        return try readEvent(value, index: nil, file: "\(file):\(number)", notes: &notes)
    }

    /// A warning about an event as read, with the event's time. The warnings of a whole
    /// record come in the order of its events (`inTimeOrder`), never in the order of the
    /// file, so that the same events in another order give the same report (`make fuzz`
    /// found they did not).
    struct TimedNote {
        var time: Instant
        var note: ReportDiagnostic
    }

    /// By the time of their events, ties in the order read (as the events themselves are).
    static func inTimeOrder(_ notes: [TimedNote]) -> [ReportDiagnostic] {
        notes.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element.note)
    }

    /// A UTF-8 byte-order mark (some Windows tools write one) is accepted at the start of a
    /// file, as it is in rule files, and is not part of the text.
    static func droppingBOM(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes
    }

    // MARK: Pieces

    /// `what` must be an object: anything else is refused at its first byte, before the rest is read.
    private static func json(_ bytes: ArraySlice<UInt8>, file: String, what: String) throws(IncidentError) -> JSONValue {
        guard bytes.count <= IncidentReader.maxBytes else {
            throw IncidentError(file: file, message: "the file is larger than \(IncidentReader.maxBytes / 1024 / 1024) MiB")
        }
        if let at = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) {
            let first = bytes[at], rest = bytes[at...]
            if first == 0x5B || first == 0x22 || first == 0x2D || (0x30...0x39).contains(first)
                || ["true", "false", "null"].contains(where: { rest.starts(with: $0.utf8) }) {
                throw IncidentError(file: file, message: "\(what) must be a JSON object")
            }
        }
        do {
            return try JSONParser.parse(bytes)
        } catch {
            // The parser's message may hold a byte of the input ("unexpected character"): escaped.
            let message = Shown.escaped(error.message)
            if error.limit { throw IncidentError(file: file, message: "line \(error.line), column \(error.column): \(message)") }
            throw IncidentError(file: file, message: "not valid JSON (line \(error.line), column \(error.column): \(message))")
        }
    }

    private func object(_ v: JSONValue, file: String, event: String?, field: String?, what: String) throws(IncidentError) -> JSONObject {
        guard let o = v.object else { throw IncidentError(file: file, event: event, field: field, message: "\(what) must be a JSON object") }
        return o
    }

    private func readHeader(_ v: JSONValue, file: String) throws(IncidentError) -> Incident {
        let h = try object(v, file: file, event: nil, field: "incident", what: "\"incident\"")
        try IncidentReader.checkKeys(h, allowed: IncidentReader.headerKeys, file: file, event: nil, path: "incident.")
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
        var policy: String?
        if let pv = h["policy"], !pv.isNull {
            guard let p = pv.string, !p.isEmpty else { throw IncidentError(file: file, field: "incident.policy", message: "must be a policy id like \"bcp-missing-children\"") }
            policy = p
        }
        guard let sv = h["subject"] else { throw IncidentError(file: file, field: "incident.subject", message: "required: the child's pseudonymous id, birth date and facts") }
        let s = try object(sv, file: file, event: nil, field: "incident.subject", what: "\"subject\"")
        try IncidentReader.checkKeys(s, allowed: IncidentReader.subjectKeys, file: file, event: nil, path: "incident.subject.")
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
                    let near = Suggestion.closest(to: key, among: vocabulary.factIndex.keys)
                    let hint = near.map { "; did you mean '\($0)'?" } ?? ""
                    throw IncidentError(file: file, field: "incident.subject.facts.\(IncidentReader.keyName(key, near: near))", message: "not a fact in the vocabulary\(hint)")
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
    private func readEvent(_ v: JSONValue, index: Int?, file: String, notes: inout [TimedNote]) throws(IncidentError) -> Event? {
        let label = index.map { "[\($0)]" }
        let o = try object(v, file: file, event: label, field: nil, what: "an event")
        // Before anything else, so that a misspelt "ID" or "Data" is named as such, never dropped.
        try IncidentReader.checkKeys(o, allowed: IncidentReader.eventKeys, file: file,
                                     event: o["id"]?.string.flatMap { $0.isEmpty ? nil : IncidentReader.eventName($0, index: index) } ?? label, path: "")
        guard let idValue = o["id"] else { throw IncidentError(file: file, event: label, field: "id", message: "required: every event needs an id") }
        guard let rawID = idValue.string, !rawID.isEmpty else { throw IncidentError(file: file, event: label, field: "id", message: "must be a non-empty string") }
        // The event as messages name it; `rawID` is what the event carries into the report.
        let id = IncidentReader.eventName(rawID, index: index)
        guard let typeValue = o["type"] else { throw IncidentError(file: file, event: id, field: "type", message: "required: an event type from the vocabulary") }
        guard let typeName = typeValue.string else { throw IncidentError(file: file, event: id, field: "type", message: "must be a string") }
        guard let timeValue = o["time"] else { throw IncidentError(file: file, event: id, field: "time", message: "required: an RFC 3339 time with an offset, like \"2026-03-14T22:10:00Z\"") }
        guard let timeText = timeValue.string else { throw IncidentError(file: file, event: id, field: "time", message: "must be a string like \"2026-03-14T22:10:00Z\"") }
        let time: Instant
        do { time = try Instant(rfc3339: timeText) } catch {
            throw IncidentError(file: file, event: id, field: "time", message: "\(Shown.time(timeText)): \(error.message)")
        }
        guard let type = vocabulary.event(named: typeName) else {
            let hint = Suggestion.closest(to: typeName, among: vocabulary.eventIDs.keys).map { "; did you mean \"\($0)\"?" } ?? ""
            if unknownTypesAreWarnings {
                notes.append(TimedNote(time: time, note: ReportDiagnostic(severity: .warning, event: rawID, message: "unknown event type \(Shown.code(typeName))\(hint); the event is left out")))
                return nil
            }
            throw IncidentError(file: file, event: id, field: "type", message: "unknown event type \(Shown.code(typeName))\(hint)")
        }
        var data = [Value?](repeating: nil, count: type.fields.count)
        if let dv = o["data"], !dv.isNull {
            let d = try object(dv, file: file, event: id, field: "data", what: "\"data\"")
            for (key, raw) in zip(d.keys, d.values).sorted(by: { $0.0 < $1.0 }) {
                guard let fi = type.fieldIndex(key) else {
                    let names = type.fields.map(\.name)
                    let near = Suggestion.closest(to: key, among: names)
                    let hint = near.map { "; did you mean '\($0)'?" }
                        ?? (names.isEmpty ? "; this event type has no data fields" : "; its fields are \(names.joined(separator: ", "))")
                    throw IncidentError(file: file, event: id, field: "data.\(IncidentReader.keyName(key, near: near))", message: "not a field of '\(typeName)'\(hint)")
                }
                if raw.isNull { continue }
                data[fi] = try value(raw, type: type.fields[fi].type, file: file, event: id, field: "data.\(key)")
            }
        }
        for (i, f) in type.fields.enumerated() where !f.optional && data[i] == nil {
            throw IncidentError(file: file, event: id, field: "data.\(f.name)", message: "required for '\(typeName)': \(IncidentReader.expected(f.type))")
        }
        return Event(id: rawID, type: type.id, time: time, data: data)
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
                                        message: "expected \(IncidentReader.expected(type)), got \(Shown.code(s)); did you mean \"\(near)\"?")
                }
                if let s = raw.string {
                    throw IncidentError(file: file, event: event, field: field, message: "expected \(IncidentReader.expected(type)), got \(Shown.code(s))")
                }
                throw fail()
            }
            return .string(s)
        case .time:
            guard let s = raw.string else { throw fail() }
            do { return .time(try Instant(rfc3339: s)) } catch {
                throw IncidentError(file: file, event: event, field: field, message: "\(Shown.time(s)): \(error.message)")
            }
        case .date:
            guard let s = raw.string else { throw fail() }
            guard let d = LocalDate(s) else {
                throw IncidentError(file: file, event: event, field: field, message: "expected \(IncidentReader.expected(type)), got \(Shown.time(s))")
            }
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

    // MARK: Keys

    /// The keys the contract defines at each level; any other is an error, never ignored.
    static let topKeys = ["incident", "events"]
    static let headerKeys = ["id", "timezone", "policy", "subject"]
    static let subjectKeys = ["id", "born", "facts"]
    /// The event's own fields, then the CloudEvents attributes the contract accepts and ignores.
    static let eventKeys = ["id", "type", "time", "data", "specversion", "source", "subject", "datacontenttype"]

    static func checkKeys(_ o: JSONObject, allowed: [String], file: String, event: String?, path: String) throws(IncidentError) {
        for key in o.keys where !allowed.contains(key) {
            let near = Suggestion.closest(to: key, among: allowed)
            let hint = near.map { "; did you mean '\($0)'?" } ?? "; the keys here are \(allowed.joined(separator: ", "))"
            let place = path.isEmpty ? (event == nil ? "at the top of the file" : "in an event") : "in \"\(path.dropLast())\""
            throw IncidentError(file: file, event: event, field: path + keyName(key, near: near),
                                message: "unknown key \(place)\(hint)")
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

    /// An event as messages name it: its id when the id has an id's shape (`Shown.isIDShaped`),
    /// else its place in the file (`[3]`) and the id's length, never the id itself.
    static func eventName(_ id: String, index: Int?) -> String {
        if let shown = Shown.id(id) { return shown }
        let place = index.map { "[\($0)] " } ?? ""
        return "\(place)(its id, \(id.count) characters, is not shown: ids are shown only when made of letters, digits, '-', '_', '.' and ':')"
    }

    /// A key from the record for a field path: shown when shaped like a field name (or, with
    /// capitals or hyphens, when it is a slip for the known name `near`), else only its length.
    /// Not a key holding a run of eight digits or more (a phone or NHS number).
    static func keyName(_ key: String, near: String? = nil) -> String {
        let name = key.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "." }
        let slip = near != nil && key.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0)
        }
        let number = key.utf8.split { !($0 >= 0x30 && $0 <= 0x39) }.contains { $0.count >= 8 }
        return (name || slip) && !number && key.count <= 40 ? key : "<a key of \(key.count) characters>"
    }

    static func show(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return Shown.hidden(s)
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return Shown.number(n)
        case .array: return "an array"
        case .object: return "an object"
        case .null: return "null"
        }
    }
}

extension String {
    /// A key as `IncidentReader.keyName` gives it, quoted when shown (`"dob"`), as is when
    /// only its length is (`<a key of 10 characters>`).
    var quotedUnlessHidden: String { hasPrefix("<") ? self : "\"\(self)\"" }
}
