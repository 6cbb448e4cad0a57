/// Reads `Policies/vocabulary.yaml` into a `Vocabulary`, reporting every mistake.
enum VocabularyLoader {
    static func load(_ root: YAMLNode, file: String, log: inout DiagnosticLog) -> Vocabulary? {
        guard let top = MappingReader(root, what: "the vocabulary", allowed: ["vocabulary", "version", "facts", "episodes", "events", "roles"], log: &log)
        else { return nil }
        let before = log.items.count

        var facts: [Vocabulary.Fact] = []
        var factIndex: [String: Int] = [:]
        if let node = top.required("facts", what: "the vocabulary", log: &log), case .mapping(let pairs) = node.content {
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
                factIndex[name] = facts.count
                let meaning = Read.optionalString(spec["meaning"], what: "a meaning", log: &log) ?? name.replacingUnderscores
                facts.append(.init(index: facts.count, name: name, type: type, meaning: meaning))
            }
        }

        var roles: [String: String] = [:]
        if let node = top.required("roles", what: "the vocabulary", log: &log), case .mapping(let pairs) = node.content {
            for pair in pairs {
                guard let name = Read.string(pair.key, what: "a role name", log: &log) else { continue }
                roles[name] = Read.optionalString(pair.value, what: "a role description", log: &log) ?? name
            }
        }

        // Event types first (interned in file order), their effects once facts and names are known.
        var events: [Vocabulary.EventType] = []
        var eventIDs: [String: EventTypeID] = [:]
        var effectNodes: [(EventTypeID, YAMLNode)] = []
        if let node = top.required("events", what: "the vocabulary", log: &log), case .mapping(let pairs) = node.content {
            for pair in pairs {
                guard let name = Read.string(pair.key, what: "an event type", log: &log),
                      let spec = MappingReader(pair.value, what: "event type '\(name)'", allowed: ["data", "sets"], log: &log)
                else { continue }
                var fields: [Vocabulary.Field] = []
                if let data = spec["data"], case .mapping(let fieldPairs) = data.content {
                    for fp in fieldPairs {
                        guard var fname = Read.string(fp.key, what: "a field name", log: &log),
                              let tname = Read.string(fp.value, what: "a field type", log: &log) else { continue }
                        let optional = fname.hasSuffix("?")
                        if optional { fname.removeLast() }
                        guard let type = ValueType(parsing: tname) else {
                            log.error("unknown-type", "unknown type '\(tname)'; use bool, int, string, time, date, role, [role] or a|b|c", at: fp.value)
                            continue
                        }
                        fields.append(.init(name: fname, type: type, optional: optional))
                    }
                }
                let id = events.count
                eventIDs[name] = id
                events.append(.init(id: id, name: name, fields: fields, sets: []))
                if let sets = spec["sets"] { effectNodes.append((id, sets)) }
            }
        }
        for (id, node) in effectNodes {
            guard case .mapping(let pairs) = node.content else {
                log.error("expected-mapping", "'sets' must map facts to true, false or a field name", at: node)
                continue
            }
            for pair in pairs {
                guard let fact = Read.string(pair.key, what: "a fact", log: &log),
                      let value = Read.string(pair.value, what: "a value", log: &log) else { continue }
                guard let fi = factIndex[fact] else {
                    log.error("unknown-fact", "unknown fact '\(fact)'", at: pair.key, suggestion: Suggestion.closest(to: fact, among: factIndex.keys))
                    continue
                }
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

        var episodes: [Vocabulary.Episode] = []
        if let node = top.required("episodes", what: "the vocabulary", log: &log), case .mapping(let pairs) = node.content {
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
        return Vocabulary(events: events, eventIDs: eventIDs, facts: facts, factIndex: factIndex, episodes: episodes, roles: roles, file: file)
    }
}
