import Foundation

/// Where `check` and `explain` read an incident from, and which policy they apply.
public struct IncidentInput: Sendable {
    /// An incident file (`incident.json`).
    public var incidentPath: String?
    /// JSON Lines events and a subject file, for streams.
    public var eventsPath: String?
    public var subjectPath: String?
    /// A rule file path, or a policy id found under `policiesDir`.
    public var policy: String?
    public var policiesDir: String
    public var unknownTypesAreWarnings: Bool
    /// Without --policy, find the policy the incident names by a scan of its bytes and read
    /// its events straight from them (false: always through the JSON tree, as tests compare).
    var findsPolicyInBytes = true

    public init(incidentPath: String?, eventsPath: String? = nil, subjectPath: String? = nil, policy: String?,
                policiesDir: String = "Policies", unknownTypesAreWarnings: Bool = false) {
        self.incidentPath = incidentPath
        self.eventsPath = eventsPath
        self.subjectPath = subjectPath
        self.policy = policy
        self.policiesDir = policiesDir
        self.unknownTypesAreWarnings = unknownTypesAreWarnings
    }

    /// The incident and its policy (every version of it kept side by side), or a message for exit status 2.
    func load() -> Result<(Incident, PolicyVersions, [ReportDiagnostic]), CommandFailure> {
        // --policy is a rule file, a folder holding one policy, or a policy id under --policies.
        var policyFile: String?, policyFolder: String?
        if let given = policy {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: given, isDirectory: &isDir) {
                if isDir.boolValue { policyFolder = given } else { policyFile = given }
            } else if given.contains("/") || given.hasSuffix(".yaml") || given.hasSuffix(".yml") {
                return .failure(.message("--policy \(given): \(FileSystem.problem(given) ?? "no such file or folder")"))
            }
        }
        // The incident's JSON first (its `policy` names the policy when --policy does not), then
        // the policy, then the events typed against the policy's vocabulary: an authority's own
        // vocabulary adds event types and fields to the core.
        // With --policy the incident need not be read for its policy first: it is then read
        // straight from its bytes (IncidentBytes), the fast way.
        let file = incidentPath ?? eventsPath ?? ""
        let parsed: JSONValue?
        var incidentBytes: [UInt8] = []
        do {
            if let path = incidentPath {
                switch FileSystem.read(path, limit: IncidentReader.maxBytes, what: "incident files") {
                case .failure(let p): return .failure(.message(p.description))
                case .success(let b):
                    incidentBytes = b
                    if policy == nil, findsPolicyInBytes, let (incident, found) = declaredFromBytes(b) {
                        return checkRoles(incident, found.0, found.1, file: path)
                    }
                    parsed = policy == nil ? try IncidentReader.parse(b, file: path) : nil
                }
            } else if eventsPath != nil, let subject = subjectPath {
                switch FileSystem.read(subject, limit: IncidentReader.maxBytes, what: "subject files") {
                case .failure(let p): return .failure(.message(p.description))
                case .success(let b): parsed = try IncidentReader.parse(b, file: subject)
                }
            } else {
                return .failure(.message("give an incident file, or --events with --subject"))
            }
        } catch {
            return .failure(.message(error.description))
        }
        let declared: String?
        do {
            if let parsed { declared = try IncidentReader.declaredPolicy(parsed, file: incidentPath ?? subjectPath ?? "") } else { declared = nil }
        } catch {
            return .failure(.message(error.description))
        }

        /// The whole incident typed against a vocabulary.
        func read(_ vocabulary: Vocabulary) -> Result<(Incident, [ReportDiagnostic]), CommandFailure> {
            let reader = IncidentReader(vocabulary: vocabulary, unknownTypesAreWarnings: unknownTypesAreWarnings)
            var incident: Incident
            var notes: [ReportDiagnostic] = []
            do {
                if let path = incidentPath {
                    if let parsed {
                        (incident, notes) = try reader.read(value: parsed, file: path)
                    } else {
                        (incident, notes) = try reader.read(incidentBytes, file: path)
                    }
                } else if let events = eventsPath, let subject = subjectPath, let parsed {
                    incident = try reader.readSubject(value: parsed, file: subject)
                    let e: [UInt8]
                    switch FileSystem.read(events, limit: IncidentReader.maxStreamBytes, what: "event streams") {
                    case .failure(let p): return .failure(.message(p.description))
                    case .success(let b): e = b
                    }
                    var list: [Event] = []
                    var timedNotes: [IncidentReader.TimedNote] = []
                    var ids: [String: Int] = [:]
                    let body = IncidentReader.droppingBOM(e[...])
                    var lineStart = body.startIndex, number = 0
                    while lineStart < body.endIndex {
                        let lineEnd = body[lineStart...].firstIndex(of: 0x0A) ?? body.endIndex
                        number += 1
                        defer { lineStart = lineEnd + 1 }
                        guard let event = try reader.readEventLine(body[lineStart..<lineEnd], number: number, file: events, notes: &timedNotes) else { continue }
                        if let first = ids[event.id] {
                            return .failure(.message("\(Shown.escaped(events)):\(number): event \(IncidentReader.eventName(event.id, index: nil)): field 'id': duplicate id (also on line \(first))"))
                        }
                        ids[event.id] = number
                        list.append(event)
                    }
                    incident.events = list.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
                    notes = IncidentReader.inTimeOrder(timedNotes)
                } else {
                    return .failure(.message("give an incident file, or --events with --subject"))
                }
            } catch {
                return .failure(.message(error.description))
            }
            return .success((incident, notes))
        }

        // A rule file given by path is that version alone; a folder or an id, every version of the policy.
        let found: (PolicyVersions, [ReportDiagnostic])
        if let f = policyFile {
            let library = PolicyLibrary.load([f], fallbackRoot: policiesDir)
            guard let p = library.policies.first else { return .failure(.diagnostics(library.diagnostics, library.sources)) }
            found = (PolicyVersions(p), [])
        } else if let d = policyFolder {
            // A folder is a policy only when it holds exactly one: never the first of several.
            let library = PolicyLibrary.load([d], fallbackRoot: policiesDir)
            if library.diagnostics.hasErrors { return .failure(.diagnostics(library.diagnostics, library.sources)) }
            guard library.versions.count == 1, let versions = library.versions.values.first else {
                let ids = library.versions.keys.sorted()
                return .failure(.message(ids.isEmpty
                    ? "--policy \(d): the folder holds no rule file"
                    : "--policy \(d): the folder holds \(ids.count) policies (\(ids.joined(separator: ", "))); give one rule file, or a policy id with --policies \(d)"))
            }
            found = (versions, [])
        } else {
            // An incident that names no policy: its own mistakes are reported first, read
            // against the core vocabulary, then that it names none.
            if policy == nil, declared == nil, case .success(let (core, _)) = PolicyLibrary.loadVocabulary(policiesDir + "/vocabulary.yaml"),
               case .failure(let f) = read(core) {
                return .failure(f)
            }
            switch PolicyFinder(folder: policiesDir).find(policy ?? declared) {
            case .failure(let f): return .failure(f)
            case .success(let v): found = v
            }
        }

        let incident: Incident, notes: [ReportDiagnostic]
        switch read(found.0.latest.vocabulary) {
        case .failure(let f): return .failure(f)
        case .success(let v): (incident, notes) = v
        }
        return checkRoles(incident, found.0, found.1 + notes, file: file)
    }

    /// The fast way for an incident that names its policy (without --policy): the id found by
    /// a scan of the file's head (`IncidentHead`), the policy found, and the events read
    /// straight from the bytes against its vocabulary (`IncidentBytes`), which must find the
    /// same id. Nil at anything unusual (no id, a policy not found, a file `IncidentBytes`
    /// gives up on): the caller then reads the JSON tree first, as before, so that every
    /// message, and the order in which problems are reported, stays the same.
    private func declaredFromBytes(_ bytes: [UInt8]) -> (Incident, (PolicyVersions, [ReportDiagnostic]))? {
        guard bytes.count <= IncidentReader.maxBytes, let id = IncidentHead.declaredPolicy(bytes),
              case .success(let found) = PolicyFinder(folder: policiesDir).find(id),
              let incident = bytes.withUnsafeBytes({ IncidentBytes(vocabulary: found.0.latest.vocabulary).incident($0) }),
              incident.policy == id else { return nil }
        return (incident, found)
    }
}

/// Finds one policy by id in a folder of rule files without compiling every file: each
/// file's id is read from its head, and only the file declaring the id is compiled (with
/// any whose head does not show an id). Two files declaring the id are an error, never
/// resolved by sort order; a file over the rule-file limit is skipped by its size, an
/// error when it declares the id, else a warning.
struct PolicyFinder {
    var folder: String

    func find(_ wanted: String?) -> Result<(PolicyVersions, [ReportDiagnostic]), CommandFailure> {
        let (files, missing) = PolicyLibrary.expand([folder])
        if !missing.isEmpty {
            return .failure(.message("--policies \(folder): \(FileSystem.problem(folder) ?? "no such file or folder")"))
        }
        let limit = YAMLLimits.default.maxBytes
        var byID: [String: [String]] = [:], unknown: [String] = []
        var oversize: [(file: String, size: Int, id: String?)] = []
        for f in files {
            let declared = PolicyLibrary.declaredID(f)
            if let size = FileSystem.regularFileSize(f), size > limit {
                oversize.append((f, size, declared))
            } else if let d = declared {
                byID[d, default: []].append(f)
            } else {
                unknown.append(f)
            }
        }
        func skipped(_ o: (file: String, size: Int, id: String?)) -> String {
            "\(o.file) is \(o.size) bytes, over the \(FileSystem.describe(limit)) limit for rule files, and was not read"
        }
        let warnings = oversize.filter { $0.id != wanted }.map { ReportDiagnostic(severity: .warning, event: nil, message: skipped($0)) }
        guard let id = wanted else {
            let library = PolicyLibrary.load(unknown, fallbackRoot: folder)
            let available = Set(byID.keys).union(library.policies.map(\.id)).sorted()
            return .failure(.message("the incident names no policy; choose one with --policy (available: \(available.joined(separator: ", ")))"))
        }
        if let big = oversize.first(where: { $0.id == id }) {
            return .failure(.message("policy \(Shown.code(id)): \(skipped(big))"))
        }
        let named = byID[id] ?? []
        // The files that name the id (versions side by side), and any whose head does not say which policy it is.
        let library = PolicyLibrary.load(named + unknown, fallbackRoot: folder)
        let declaring = library.declaredIn[id] ?? []
        if library.diagnostics.items.contains(where: { $0.id == "duplicate-policy-id" }), declaring.count > 1 {
            return .failure(duplicate(id, declaring))
        }
        if declaring.count > 1, library.diagnostics.hasErrors { return .failure(.diagnostics(library.diagnostics, library.sources)) }
        if let versions = library.versions[id] {
            return .success((versions, warnings))
        }
        if library.diagnostics.hasErrors { return .failure(.diagnostics(library.diagnostics, library.sources)) }
        let available = Set(byID.keys).union(library.policies.map(\.id)).sorted()
        let near = Suggestion.closest(to: id, among: available).map { " Did you mean '\($0)'?" } ?? ""
        let unread = oversize.filter { $0.id == nil }.map(\.file)
        let note = unread.isEmpty ? "" : " Not read, over the rule-file limit: \(unread.joined(separator: ", "))."
        return .failure(.message("no policy \(Shown.code(id)) in \(folder).\(near) Available: \(available.joined(separator: ", ")).\(note)"))
    }

    private func duplicate(_ id: String, _ files: [String]) -> CommandFailure {
        .message("policy \(Shown.code(id)) is declared by \(files.count) files in \(folder): \(files.joined(separator: " and ")); "
                 + "keep one (a backup copy such as NAME.old.yaml is read too: move it out of the folder), "
                 + "or give each version 'effective' (different dates) to keep versions side by side")
    }
}

/// Role names in event data are checked once the policy is known, since a policy may
/// declare roles of its own beside the vocabulary's.
private func checkRoles(_ incident: Incident, _ versions: PolicyVersions, _ notes: [ReportDiagnostic], file: String)
    -> Result<(Incident, PolicyVersions, [ReportDiagnostic]), CommandFailure> {
    let policy = versions.latest
    let known = Set(policy.vocabulary.roles.keys).union(versions.all.flatMap(\.localRoles.keys))
    // Only role and role-list fields can name a role: each type's are found once, so that the
    // events of types without any (most of a record) cost a look at one empty list.
    let roleFields = policy.vocabulary.events.map { type in
        type.fields.indices.filter { type.fields[$0].type == .role || type.fields[$0].type == .roleList }
    }
    for event in incident.events {
        let candidates = roleFields[event.type]
        if candidates.isEmpty { continue }
        let fields = policy.vocabulary.events[event.type].fields
        for i in candidates where i < event.data.count {
            let names: [String]
            switch event.data[i] {
            case .string(let s)? where fields[i].type == .role: names = [s]
            case .roles(let list)?: names = list
            default: continue
            }
            for name in names where !known.contains(name) {
                let hint = Suggestion.closest(to: name, among: known).map { "; did you mean '\($0)'?" } ?? ""
                let error = IncidentError(file: file, event: IncidentReader.eventName(event.id, index: nil), field: "data.\(fields[i].name)",
                                          message: "\(Shown.code(name)) is not a role of the vocabulary or of policy '\(policy.id)'\(hint)")
                return .failure(.message(error.description))
            }
        }
    }
    return .success((incident, versions, notes))
}

enum CommandFailure: Error {
    case message(String)
    case diagnostics(Diagnostics, [SourceFile])

    var result: CommandResult {
        switch self {
        case .message(let m): return .badInput(m)
        case .diagnostics(let d, let sources):
            return CommandResult(stderr: DiagnosticRenderer(sources: sources).render(d), exitCode: 2)
        }
    }
}

/// Parses `--as-of`: an RFC 3339 instant with an offset.
func parseAsOf(_ text: String?, now: Instant) -> Result<Instant, CommandFailure> {
    guard let text else { return .success(now) }
    do { return .success(try Instant(rfc3339: text)) } catch {
        return .failure(.message("--as-of \"\(text)\": \(error.message)"))
    }
}

extension IncidentInput {
    /// The incident, its policy and the evaluation instant: what `check` and `explain` start from.
    func load(asOf text: String?, now: Instant) -> Result<(Incident, PolicyVersions, [ReportDiagnostic], Instant), CommandFailure> {
        switch (load(), parseAsOf(text, now: now)) {
        case (.failure(let f), _), (_, .failure(let f)): return .failure(f)
        case (.success(let (incident, policy, notes)), .success(let asOf)): return .success((incident, policy, notes, asOf))
        }
    }
}
