/// Reads `Policies/vocabulary.yaml` into a `Vocabulary`, reporting every mistake; or an
/// authority's own vocabulary (`extends: core`), which adds event types, optional fields of
/// the core's event types, facts and roles to the core it is given, never changing one.
enum VocabularyLoader {
    static let coreKeys = ["vocabulary", "version", "facts", "episodes", "events", "roles"]
    static let extensionKeys = ["vocabulary", "extends", "version", "facts", "events", "fields", "roles"]

    /// `a`, the byte `separator`, then `b`: one string made at once (`a + " " + b` grows it twice).
    static func joined(_ a: String, _ separator: UInt8, _ b: String) -> String {
        String(unsafeUninitializedCapacity: a.utf8.count + 1 + b.utf8.count) { buffer in
            let (_, i) = buffer.initialize(from: a.utf8)
            buffer[i] = separator
            let (_, j) = UnsafeMutableBufferPointer(rebasing: buffer[(i + 1)...]).initialize(from: b.utf8)
            return i + 1 + j
        }
    }

    /// Whether a vocabulary file's top mapping has `extends:` (an authority's own vocabulary).
    static func extends(_ root: YAMLNode) -> YAMLNode? { root["extends"] }

    static func load(_ root: YAMLNode, file: String, log: inout DiagnosticLog) -> Vocabulary? {
        load(root, file: file, base: nil, log: &log)
    }

    /// `base`: the core an authority's vocabulary adds to; nil for the core itself.
    static func load(_ root: YAMLNode, file: String, base: Vocabulary?, log: inout DiagnosticLog) -> Vocabulary? {
        let what = base == nil ? "the vocabulary" : "an authority's vocabulary"
        // Counted before the top keys are read, so that a misspelt key fails the vocabulary too.
        let before = log.items.count
        guard let top = MappingReader(root, what: what, allowed: base == nil ? coreKeys : extensionKeys + ["episodes"], log: &log)
        else { return nil }
        var declaredAt = base?.declaredAt ?? [:]
        // Room for every name declared (facts, roles, event types and, on average, their fields)
        // made at once, rather than rehashing every name as the table doubles.
        declaredAt.reserveCapacity(declaredAt.count + 4 * ["facts", "roles", "events", "fields"].reduce(0) { $0 + (top[$1]?.mapping?.count ?? 0) })
        let core = base.map { "the \($0.name) vocabulary" } ?? ""

        /// A name the core already declares: an error at the new one, with a note at the core's.
        func clashes(_ kind: String, _ name: String, _ node: YAMLNode, taken: Bool, advice: String) -> Bool {
            let key = joined(kind, 0x20, name)
            if taken, base != nil {
                let at = declaredAt[key]
                log.error("vocabulary.clash", "\(kind) '\(name)' is already declared in \(core)\(at.map { " (\($0))" } ?? ""); \(advice)", at: node,
                          notes: at.map { [Diagnostic.Note("'\(name)' is declared here", at: $0)] } ?? [])
                return true
            }
            if taken {
                log.error("vocabulary.duplicate", "\(kind) '\(name)' is declared twice", at: node,
                          notes: declaredAt[key].map { [Diagnostic.Note("first declared here", at: $0)] } ?? [])
                return true
            }
            declaredAt[key] = node.start
            return false
        }

        var name = base == nil ? "core" : ""
        if let n = top["vocabulary"], let s = Read.string(n, what: "the vocabulary's name", log: &log) { name = s }
        if base != nil, top["vocabulary"] == nil { _ = top.required("vocabulary", what: what, log: &log) }
        if let base, let n = top.required("extends", what: what, log: &log), let s = Read.string(n, what: "the vocabulary it extends", log: &log),
           s != base.name {
            log.error("vocabulary.extends", "'extends' names the core vocabulary this one adds to (\(base.file)), which is '\(base.name)', not '\(s)'",
                      at: n, suggestion: base.name)
        }
        if base != nil, let e = top.keys["episodes"] {
            log.error("vocabulary.episodes", "episodes are shared by every policy: an authority's vocabulary cannot declare them (propose the episode for the core vocabulary)", at: e)
        }

        var facts: [Vocabulary.Fact] = base?.facts ?? []
        var factIndex: [String: Int] = base?.factIndex ?? [:]
        if let node = base == nil ? top.required("facts", what: what, log: &log) : top["facts"], case .mapping(let pairs) = node.content {
            for pair in pairs {
                guard let name = Read.string(pair.key, what: "a fact name", log: &log),
                      let spec = MappingReader(pair.value, what: "fact '\(name)'", allowed: ["type", "meaning"], log: &log),
                      let typeNode = spec.required("type", what: "fact '\(name)'", log: &log),
                      let typeText = Read.string(typeNode, what: "a type", log: &log)
                else { continue }
                guard let type = ValueType(parsing: typeText) else {
                    log.error("unknown-type", "unknown type '\(typeText)'", at: typeNode)
                    continue
                }
                if clashes("fact", name, pair.key, taken: factIndex[name] != nil, advice: "an authority adds facts, it does not redefine them: give this one another name") { continue }
                factIndex[name] = facts.count
                let meaning = Read.optionalString(spec["meaning"], what: "a meaning", log: &log) ?? name.replacingUnderscores
                facts.append(.init(index: facts.count, name: name, type: type, meaning: meaning))
            }
        }

        var roles: [String: String] = base?.roles ?? [:]
        if let node = base == nil ? top.required("roles", what: what, log: &log) : top["roles"], case .mapping(let pairs) = node.content {
            for pair in pairs {
                guard let name = Read.string(pair.key, what: "a role name", log: &log) else { continue }
                if clashes("role", name, pair.key, taken: roles[name] != nil, advice: "use it as it is, without declaring it again") { continue }
                roles[name] = Read.optionalString(pair.value, what: "a role description", log: &log) ?? name
            }
        }

        /// Data fields `name: type` (`name?: type` optional) of one event type.
        func readFields(_ data: YAMLNode, event: String, into fields: inout [Vocabulary.Field], added: Bool) {
            guard case .mapping(let fieldPairs) = data.content else {
                log.error("expected-mapping", "'data' maps field names to types, like {risk: high|medium|low, last_seen?: time}", at: data)
                return
            }
            for fp in fieldPairs {
                guard var fname = Read.string(fp.key, what: "a field name", log: &log),
                      let tname = Read.string(fp.value, what: "a field type", log: &log) else { continue }
                let optional = fname.hasSuffix("?")
                // An ASCII name loses its last byte (cheaper than removing the last character).
                if optional { fname = fname.utf8.allSatisfy({ $0 < 0x80 }) ? String(fname.utf8.dropLast())! : String(fname.dropLast()) }
                guard let type = ValueType(parsing: tname) else {
                    log.error("unknown-type", "unknown type '\(tname)'; use bool, int, string, time, date, role, [role] or a|b|c", at: fp.value)
                    continue
                }
                if added, !optional {
                    // An incident that is valid under the core must stay valid for this authority.
                    log.error("vocabulary.required-field", "a field added to \(core)'s event type '\(event)' must be optional: write '\(fname)?'", at: fp.key,
                              suggestion: "\(fname)?")
                    continue
                }
                let taken = fields.contains { $0.name == fname }
                if added ? clashes("field", joined(event, 0x2E, fname), fp.key, taken: taken, advice: "an added field needs a name of its own")
                         : clashes("field", joined(event, 0x2E, fname), fp.key, taken: taken, advice: "") { continue }
                fields.append(.init(name: fname, type: type, optional: optional))
            }
        }

        // Event types first (interned in file order, after the core's), their effects once facts and names are known.
        var events: [Vocabulary.EventType] = base?.events ?? []
        var eventIDs: [String: EventTypeID] = base?.eventIDs ?? [:]
        var effectNodes: [(EventTypeID, YAMLNode)] = []
        if let node = base == nil ? top.required("events", what: what, log: &log) : top["events"], case .mapping(let pairs) = node.content {
            for pair in pairs {
                guard let name = Read.string(pair.key, what: "an event type", log: &log),
                      let spec = MappingReader(pair.value, what: "event type '\(name)'", allowed: ["data", "sets"], log: &log)
                else { continue }
                if clashes("event", name, pair.key, taken: eventIDs[name] != nil,
                           advice: base == nil ? "" : "to add an optional field to it, list it under 'fields'") { continue }
                var fields: [Vocabulary.Field] = []
                if let data = spec["data"] { readFields(data, event: name, into: &fields, added: false) }
                let id = events.count
                eventIDs[name] = id
                events.append(.init(id: id, name: name, fields: fields, sets: []))
                if let sets = spec["sets"] { effectNodes.append((id, sets)) }
            }
        }
        // Optional fields an authority adds to the core's event types: `fields: {missing.found: {police_ref?: string}}`.
        if let base, let node = top["fields"] {
            if case .mapping(let pairs) = node.content {
                for pair in pairs {
                    guard let type = Read.string(pair.key, what: "an event type", log: &log) else { continue }
                    guard let id = eventIDs[type] else {
                        log.error("unknown-event-type", "unknown event type '\(type)'", at: pair.key,
                                  suggestion: Suggestion.closest(to: type, among: base.eventIDs.keys))
                        continue
                    }
                    guard id < base.events.count else {
                        log.error("vocabulary.own-event-fields", "'\(type)' is declared in this file: give its fields in its own 'data'", at: pair.key)
                        continue
                    }
                    readFields(pair.value, event: type, into: &events[id].fields, added: true)
                }
            } else {
                log.error("expected-mapping", "'fields' maps core event types to the optional fields added to them, like {missing.found: {police_ref?: string}}", at: node)
            }
        }
        for (id, node) in effectNodes {
            guard case .mapping(let pairs) = node.content else {
                log.error("expected-mapping", "'sets' must map facts to true, false or a field name", at: node)
                continue
            }
            for pair in pairs {
                guard let fact = Read.string(pair.key, what: "a fact", log: &log) else { continue }
                guard let fi = factIndex[fact] else {
                    log.error("unknown-fact", "unknown fact '\(fact)'", at: pair.key, suggestion: Suggestion.closest(to: fact, among: factIndex.keys))
                    continue
                }
                if case .mapping = pair.value.content {
                    if let effect = conditionalEffect(pair.value, event: events[id], log: &log) { events[id].sets.append((fi, effect)) }
                    continue
                }
                guard let value = Read.string(pair.value, what: "a value", log: &log) else { continue }
                switch value {
                case "true": events[id].sets.append((fi, .constant(true)))
                case "false": events[id].sets.append((fi, .constant(false)))
                default:
                    guard let field = events[id].fieldIndex(value), events[id].fields[field].type == .bool else {
                        log.error("unknown-field", "'\(value)' is not a bool field of '\(events[id].name)'", at: pair.value)
                        continue
                    }
                    events[id].sets.append((fi, .field(field)))
                }
            }
        }

        var episodes: [Vocabulary.Episode] = base?.episodes ?? []
        if base == nil, let node = top.required("episodes", what: what, log: &log), case .mapping(let pairs) = node.content {
            for pair in pairs {
                guard let kind = Read.string(pair.key, what: "an episode kind", log: &log),
                      let spec = MappingReader(pair.value, what: "episode '\(kind)'",
                                               allowed: ["opened_by", "closed_by", "start_field", "risk_field", "risk_changed_by"], log: &log)
                else { continue }
                func event(_ key: String, required: Bool) -> EventTypeID? {
                    guard let n = required ? spec.required(key, what: "episode '\(kind)'", log: &log) : spec[key],
                          let name = Read.string(n, what: "an event type", log: &log) else { return nil }
                    guard let id = eventIDs[name] else {
                        log.error("unknown-event-type", "unknown event type '\(name)'", at: n, suggestion: Suggestion.closest(to: name, among: eventIDs.keys))
                        return nil
                    }
                    return id
                }
                guard let opened = event("opened_by", required: true), let closed = event("closed_by", required: true) else { continue }
                func field(_ key: String) -> Int? {
                    guard let n = spec[key], let name = Read.string(n, what: "a field", log: &log) else { return nil }
                    guard let i = events[opened].fieldIndex(name) else {
                        log.error("unknown-field", "'\(events[opened].name)' has no field '\(name)'", at: n)
                        return nil
                    }
                    return i
                }
                let risk = field("risk_field")
                // A risk is a grade (an enum): a yes/no field would never read as one.
                if let r = risk, let n = spec["risk_field"], !events[opened].fields[r].type.isEnumeration {
                    log.error("episode.risk-type", "a risk field must be a set of grades (like high|medium|low), not \(events[opened].fields[r].type)", at: n)
                }
                let changedBy = event("risk_changed_by", required: false)
                var changedField: Int?
                if let c = changedBy, let r = risk {
                    let spec0 = events[opened].fields[r]
                    changedField = events[c].fieldIndex(spec0.name)
                    if changedField.map({ events[c].fields[$0].type != spec0.type }) ?? true, let n = spec["risk_changed_by"] {
                        log.error("episode.risk-changed-field", "'\(events[c].name)' must have a field '\(spec0.name)' of type \(spec0.type), as '\(events[opened].name)' has", at: n)
                    }
                }
                episodes.append(.init(kind: kind, openedBy: opened, closedBy: closed, startField: field("start_field"),
                                      riskField: risk, riskChangedBy: changedBy, riskChangedField: changedField,
                                      riskType: risk.map { events[opened].fields[$0].type }))
            }
        }

        guard log.items.count == before else { return nil }
        var v = Vocabulary(events: events, eventIDs: eventIDs, facts: facts, factIndex: factIndex, episodes: episodes, roles: roles, file: file)
        v.name = name
        v.extends = base?.name
        v.baseFile = base?.file
        v.declaredAt = declaredAt
        return v
    }

    /// `{to: true, if: {outcome: cin}}` (or `if: {outcome: [cin, cp]}`): the fact is set only when the
    /// event's field has one of the values; otherwise it is left as it was.
    static func conditionalEffect(_ node: YAMLNode, event: Vocabulary.EventType, log: inout DiagnosticLog) -> Vocabulary.FactEffect? {
        let what = "a conditional 'sets'"
        guard let m = MappingReader(node, what: what, allowed: ["to", "if"], log: &log),
              let toNode = m.required("to", what: what, log: &log), let to = Read.string(toNode, what: "true or false", log: &log),
              let ifNode = m.required("if", what: what + " (like {outcome: cin})", log: &log) else { return nil }
        guard to == "true" || to == "false" else {
            log.error("expected-bool", "'to' is true or false, not '\(to)'", at: toNode)
            return nil
        }
        guard case .mapping(let conditions) = ifNode.content, conditions.count == 1, let c = conditions.first,
              let name = Read.string(c.key, what: "a field", log: &log) else {
            log.error("sets.condition", "'if' names one field of '\(event.name)' and its value, like {outcome: cin} or {outcome: [cin, cp]}", at: ifNode)
            return nil
        }
        guard let f = event.fieldIndex(name) else {
            log.error("unknown-field", "'\(event.name)' has no field '\(name)'", at: c.key,
                      suggestion: Suggestion.closest(to: name, among: event.fields.map(\.name)))
            return nil
        }
        let type = event.fields[f].type
        var values: [Value] = []
        for (text, n) in Read.stringList(c.value, what: "a value of '\(name)'", log: &log) {
            switch type {
            case .enumeration(let set):
                guard set.contains(text) else {
                    log.error("sets.value", "'\(text)' is not one of \(set.joined(separator: ", "))", at: n, suggestion: Suggestion.closest(to: text, among: set))
                    continue
                }
                values.append(.string(text))
            case .string, .role: values.append(.string(text))
            case .bool:
                guard text == "true" || text == "false" else { log.error("expected-bool", "'\(name)' is true or false, not '\(text)'", at: n); continue }
                values.append(.bool(text == "true"))
            case .int:
                guard let i = Int(text) else { log.error("sets.value", "'\(name)' is a whole number, not '\(text)'", at: n); continue }
                values.append(.int(i))
            default:
                log.error("sets.condition", "a conditional 'sets' reads a field that is a bool, int, string, role or one of a set of values; '\(name)' is \(type.withArticle)", at: c.key)
                return nil
            }
        }
        guard !values.isEmpty else { return nil }
        return .when(field: f, oneOf: values, to: to == "true")
    }
}
