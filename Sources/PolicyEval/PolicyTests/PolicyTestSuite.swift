import Foundation

/// Test cases kept beside a policy (`NAME.tests.yaml`): small incidents with the
/// duties and escalations they must produce, and rules that must not fire.
struct PolicyTestSuite: Sendable {
    struct Expected: Sendable {
        var fields: [(key: String, value: String, node: YAMLNode)]
        var node: YAMLNode
    }

    struct Case: Sendable {
        var name: String
        var asOf: Instant
        var incident: Incident
        var obligations: [Expected]
        var escalations: [Expected]
        var notFired: [(String, YAMLNode)]
        /// `only: true`: the obligations and escalations listed are all the report may give.
        var only = false
        var node: YAMLNode
    }

    var file: String
    var policyID: String
    var policyNode: YAMLNode
    var cases: [Case]

    static let obligationFields = ["rule", "status", "action", "responsible", "due", "due_date", "triggered_by", "triggered_at", "satisfied_by", "cancelled_by", "policy_version"]
    static let escalationFields = ["rule", "at", "notify"]

    /// Reads a tests file; incidents are typed against `vocabulary` like any incident file.
    static func read(_ root: YAMLNode, file: String, vocabulary: Vocabulary, log: inout DiagnosticLog) -> PolicyTestSuite? {
        guard let top = MappingReader(root, what: "a tests file", allowed: ["policy", "cases"], log: &log),
              let pn = top.required("policy", what: "a tests file", log: &log), let policyID = Read.string(pn, what: "a policy id", log: &log),
              let cn = top.required("cases", what: "a tests file", log: &log)
        else { return nil }
        let reader = IncidentReader(vocabulary: vocabulary)
        var cases: [Case] = []
        for (i, item) in Read.sequence(cn, what: "'cases'", log: &log).enumerated() {
            guard let m = MappingReader(item, what: "a test case", allowed: ["name", "as_of", "incident", "incident_file", "events", "expect"], log: &log)
            else { continue }
            let name = m["name"].flatMap { Read.string($0, what: "a name", log: &log) } ?? "case \(i + 1)"
            guard let an = m.required("as_of", what: "a test case", log: &log), let asText = Read.string(an, what: "an instant", log: &log) else { continue }
            guard let asOf = try? Instant(rfc3339: asText) else {
                log.error("bad-time", "'\(asText)' is not an RFC 3339 time with an offset", at: an)
                continue
            }
            var incident: Incident?
            let label = "\(file): case '\(name)'"
            if let fileNode = m["incident_file"], let path = Read.string(fileNode, what: "a path", log: &log) {
                let full = path.hasPrefix("/") ? path : ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(path)
                guard let data = FileManager.default.contents(atPath: full) else {
                    log.error("no-such-file", "cannot read \(full)", at: fileNode)
                    continue
                }
                do { incident = try reader.read(data, file: full).0 } catch {
                    log.error("bad-incident", error.description, at: fileNode)
                    continue
                }
            } else if let inc = m.required("incident", what: "a test case (or 'incident_file')", log: &log) {
                let object = JSONObject(keys: ["incident", "events"], values: [jsonValue(inc), m["events"].map(jsonValue) ?? .array([])])
                do { incident = try reader.read(value: .object(object), file: label).0 } catch {
                    log.error("bad-incident", error.description, at: m["events"] ?? inc)
                    continue
                }
            }
            guard let incident else { continue }
            var obligations: [Expected] = [], escalations: [Expected] = [], notFired: [(String, YAMLNode)] = []
            var only = false
            if let en = m["expect"], let e = MappingReader(en, what: "'expect'", allowed: ["obligations", "escalations", "not_fired", "only"], log: &log) {
                if let on = e["only"], let s = Read.string(on, what: "'only'", log: &log) {
                    if s == "true" || s == "false" { only = s == "true" } else {
                        log.error("expected-bool", "'only' is true (the obligations and escalations listed are all the report may give) or false, not '\(s)'", at: on)
                    }
                }
                obligations = expectations(e["obligations"], allowed: obligationFields, log: &log)
                escalations = expectations(e["escalations"], allowed: escalationFields, log: &log)
                if let nf = e["not_fired"] { notFired = Read.stringList(nf, what: "'not_fired'", log: &log) }
            }
            cases.append(Case(name: name, asOf: asOf, incident: incident, obligations: obligations, escalations: escalations,
                              notFired: notFired, only: only, node: item))
        }
        return PolicyTestSuite(file: file, policyID: policyID, policyNode: pn, cases: cases)
    }

    static func expectations(_ node: YAMLNode?, allowed: [String], log: inout DiagnosticLog) -> [Expected] {
        guard let node else { return [] }
        return Read.sequence(node, what: "a list of expectations", log: &log).compactMap { item in
            guard let m = MappingReader(item, what: "an expectation", allowed: allowed, log: &log) else { return nil }
            guard m["rule"] != nil else {
                log.error("missing-key", "an expectation needs 'rule'", at: item)
                return nil
            }
            var fields: [(String, String, YAMLNode)] = []
            for key in allowed {
                guard let v = m[key] else { continue }
                if case .sequence(let items) = v.content {
                    fields.append((key, items.compactMap { $0.scalar?.value }.sorted().joined(separator: ","), v))
                } else if let s = Read.string(v, what: "'\(key)'", log: &log) {
                    // A misspelt status would only ever fail the case, far from the mistake: refused here.
                    if key == "status", ObligationStatus(rawValue: s) == nil {
                        let statuses = ObligationStatus.allCases.map(\.rawValue)
                        log.error("unknown-status", "unknown status '\(s)'", at: v, suggestion: Suggestion.closest(to: s, among: statuses),
                                  notes: [Diagnostic.Note("statuses: \(statuses.joined(separator: ", "))")])
                        return nil
                    }
                    fields.append((key, s, v))
                }
            }
            return Expected(fields: fields, node: item)
        }
    }

    /// YAML as JSON values, so an inline incident is read by the same reader as a file.
    static func jsonValue(_ node: YAMLNode) -> JSONValue {
        switch node.content {
        case .mapping(let pairs):
            var out = JSONObject()
            for p in pairs {
                guard let k = p.key.scalar?.value else { continue }
                out.keys.append(k)
                out.values.append(jsonValue(p.value))
            }
            return .object(out)
        case .sequence(let items): return .array(items.map(jsonValue))
        case .scalar(let s):
            guard s.style == .plain else { return .string(s.value) }
            if s.isNull { return .null }
            if s.value == "true" { return .bool(true) }
            if s.value == "false" { return .bool(false) }
            if let i = Int(s.value) { return .number(Double(i)) }
            return .string(s.value)
        }
    }
}
