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

    public init(incidentPath: String?, eventsPath: String? = nil, subjectPath: String? = nil, policy: String?,
                policiesDir: String = "Policies", unknownTypesAreWarnings: Bool = false) {
        self.incidentPath = incidentPath
        self.eventsPath = eventsPath
        self.subjectPath = subjectPath
        self.policy = policy
        self.policiesDir = policiesDir
        self.unknownTypesAreWarnings = unknownTypesAreWarnings
    }

    /// The incident and its policy, or a message for exit status 2.
    func load() -> Result<(Incident, Policy, [ReportDiagnostic]), CommandFailure> {
        let fm = FileManager.default
        let policyIsFile = policy.map { fm.fileExists(atPath: $0) } ?? false
        let root = policyIsFile ? PolicyLibrary.policiesRoot(for: policy!, fallback: policiesDir) : policiesDir
        let vocabulary: Vocabulary
        let loaded: PolicyLibrary.LoadedVocabulary  // read once: the policy's compiler uses it too
        switch PolicyLibrary.loadVocabulary(root + "/vocabulary.yaml") {
        case .failure(let d): return .failure(.diagnostics(d, []))
        case .success(let (v, source)):
            vocabulary = v
            loaded = PolicyLibrary.LoadedVocabulary(path: root + "/vocabulary.yaml", vocabulary: v, source: source)
        }
        let reader = IncidentReader(vocabulary: vocabulary, unknownTypesAreWarnings: unknownTypesAreWarnings)
        var incident: Incident
        var notes: [ReportDiagnostic] = []
        do {
            if let path = incidentPath {
                guard let data = fm.contents(atPath: path) else { return .failure(.message("cannot read \(path)")) }
                (incident, notes) = try reader.read(data, file: path)
            } else if let events = eventsPath, let subject = subjectPath {
                guard let s = fm.contents(atPath: subject) else { return .failure(.message("cannot read \(subject)")) }
                guard let e = fm.contents(atPath: events) else { return .failure(.message("cannot read \(events)")) }
                incident = try reader.readSubject(s, file: subject)
                var list: [Event] = []
                var ids: [String: Int] = [:]
                for (n, line) in e.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
                    guard let event = try reader.readEventLine(Data(line), number: n + 1, file: events, diagnostics: &notes) else { continue }
                    if let first = ids[event.id] {
                        return .failure(.message("\(events):\(n + 1): event \(event.id): field 'id': duplicate id (also on line \(first))"))
                    }
                    ids[event.id] = n + 1
                    list.append(event)
                }
                incident.events = list.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
            } else {
                return .failure(.message("give an incident file, or --events with --subject"))
            }
        } catch {
            return .failure(.message(error.description))
        }

        let wanted = policy ?? incident.policy
        if policyIsFile {
            let library = PolicyLibrary.load([policy!], vocabulary: loaded)
            guard let p = library.policies.first else { return .failure(.diagnostics(library.diagnostics, library.sources)) }
            return checkRoles(incident, p, notes, file: incidentPath ?? eventsPath ?? "")
        }
        // Compile only the file that declares the policy, when one plainly does.
        if let id = wanted {
            let candidates = PolicyLibrary.files(declaring: id, in: [policiesDir])
            if !candidates.isEmpty {
                let library = PolicyLibrary.load(candidates, vocabulary: loaded)
                if let p = library.policies.first(where: { $0.id == id }) { return checkRoles(incident, p, notes, file: incidentPath ?? eventsPath ?? "") }
                if library.diagnostics.hasErrors { return .failure(.diagnostics(library.diagnostics, library.sources)) }
            }
        }
        let library = PolicyLibrary.load([policiesDir], vocabulary: loaded)
        let available = library.policies.map(\.id).sorted()
        guard let id = wanted else {
            return .failure(.message("the incident names no policy; choose one with --policy (available: \(available.joined(separator: ", ")))"))
        }
        guard let p = library.policies.first(where: { $0.id == id }) else {
            if library.diagnostics.hasErrors {
                return .failure(.diagnostics(library.diagnostics, library.sources))
            }
            let near = Suggestion.closest(to: id, among: available).map { " Did you mean '\($0)'?" } ?? ""
            return .failure(.message("no policy \(IncidentReader.quoted(id)) in \(policiesDir).\(near) Available: \(available.joined(separator: ", "))"))
        }
        return checkRoles(incident, p, notes, file: incidentPath ?? eventsPath ?? "")
    }
}

/// Role names in event data are checked once the policy is known, since a policy may
/// declare roles of its own beside the vocabulary's.
private func checkRoles(_ incident: Incident, _ policy: Policy, _ notes: [ReportDiagnostic], file: String)
    -> Result<(Incident, Policy, [ReportDiagnostic]), CommandFailure> {
    let known = Set(policy.vocabulary.roles.keys).union(policy.localRoles.keys)
    for event in incident.events {
        let fields = policy.vocabulary.events[event.type].fields
        for (i, value) in event.data.enumerated() {
            let names: [String]
            switch value {
            case .string(let s)? where fields[i].type == .role: names = [s]
            case .roles(let list)?: names = list
            default: continue
            }
            for name in names where !known.contains(name) {
                let hint = Suggestion.closest(to: name, among: known).map { "; did you mean '\($0)'?" } ?? ""
                let error = IncidentError(file: file, event: event.id, field: "data.\(fields[i].name)",
                                          message: "\(IncidentReader.quoted(name)) is not a role of the vocabulary or of policy '\(policy.id)'\(hint)")
                return .failure(.message(error.description))
            }
        }
    }
    return .success((incident, policy, notes))
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
    func load(asOf text: String?, now: Instant) -> Result<(Incident, Policy, [ReportDiagnostic], Instant), CommandFailure> {
        switch (load(), parseAsOf(text, now: now)) {
        case (.failure(let f), _), (_, .failure(let f)): return .failure(f)
        case (.success(let (incident, policy, notes)), .success(let asOf)): return .success((incident, policy, notes, asOf))
        }
    }
}
