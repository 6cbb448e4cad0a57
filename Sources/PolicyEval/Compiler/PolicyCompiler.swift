/// Turns a rule file into a `Policy`, or into every diagnostic it deserves.
/// Parse and type-check happen here, once; evaluation never looks at text again.
public struct PolicyCompiler: Sendable {
    public let vocabulary: Vocabulary
    /// Finds a calendar by name for a policy file; returns diagnostics when it cannot.
    public let calendars: @Sendable (_ name: String, _ policyFile: String) -> Result<HolidayCalendar, Diagnostics>

    /// A compiler for one vocabulary; `calendars` finds a calendar by name for a rule file.
    public init(vocabulary: Vocabulary, calendars: @escaping @Sendable (String, String) -> Result<HolidayCalendar, Diagnostics>) {
        self.vocabulary = vocabulary
        self.calendars = calendars
    }

    static let topKeys = ["policy", "title", "authority", "version", "source", "effective", "replaces", "calendar", "calendars", "office_hours",
                          "immediate", "note", "roles", "rules"]
    static let ruleKeys = ["id", "cite", "note", "when", "require", "notify", "escalate"]
    static let triggerKeys = ["event", "open", "for", "overdue", "fact", "becomes", "is", "if"]
    static let obligationKeys = ["action", "responsible", "within", "before", "from", "not_before", "only_if", "unless", "repeat", "calendar", "answers"]

    /// The compiled policy, or nil with at least one error; warnings come either way.
    public func compile(_ file: SourceFile, root: YAMLNode?) -> (Policy?, Diagnostics) {
        var log = DiagnosticLog()
        guard let root else {
            log.append(.error("empty-file", "the file is empty; a policy needs at least 'policy', 'title' and 'rules'",
                              at: SourceLocation(file: file.path, line: 1, column: 1)))
            return (nil, Diagnostics(log.items))
        }
        var state = CompileState(compiler: self, file: file.path)
        let policy = state.compilePolicy(root, log: &log)
        let diagnostics = Diagnostics(log.items)
        return (diagnostics.hasErrors ? nil : policy, diagnostics)
    }
}

/// Ids are lower-case words and digits joined by hyphens, so they read well in reports and URLs.
func isKebabID(_ s: String) -> Bool {
    guard let f = s.first, f.isLetter || f.isNumber, s.last != "-" else { return false }
    return s.allSatisfy { ($0.isLowercase && $0.isASCII) || ($0.isNumber && $0.isASCII) || $0 == "-" } && !s.contains("--")
}

/// The rule's parts read in pass one, kept until every rule id is known.
private struct PendingRule {
    var rule: Rule
    var node: YAMLNode
    var overdueTarget: (String, YAMLNode)?
    /// A rule whose id was used before: checked in full, then left out.
    var duplicate = false
    var conditionNodes: [(YAMLNode, ConditionSlot)] = []
    /// Deadlines read from the record (`{before: event.date, by: 3wd}`, `{at: event.review_date}`):
    /// the case, its field's node and its `by` node, resolved once the trigger's scope is known.
    var recordFieldNodes: [(deadline: Int, field: YAMLNode, by: YAMLNode?)] = []
    /// The duty's own `calendar:`, where it names one: its conditions count working days in it too.
    var calendar: HolidayCalendar?
    /// A duty `calendar:` its deadlines do not use: a warning, unless a condition counts working days in it.
    var unusedCalendar: (name: String, node: YAMLNode)?
}

private enum ConditionSlot {
    case trigger
    case deadline(Int)
    case onlyIf
    case unless(EventTypeID)
    case before(EventTypeID)
    case from(EventTypeID)
    case recurrenceWhile
}

private struct CompileState {
    let compiler: PolicyCompiler
    let file: String
    var vocabulary: Vocabulary { compiler.vocabulary }
    var roles: [String: String] = [:]
    var hasOfficeHours = false
    /// What the policy's conditions read of the earlier record (`latest`, `exists`, `count` with `since` or `where`).
    var history: [HistoryTerm] = []
    /// The policy's other calendars by the names it gives them (`calendars: {police: england-and-wales}`).
    var namedCalendars: [String: HolidayCalendar] = [:]
    /// Every name declared under `calendars:`, those whose calendar failed to load too.
    var declaredCalendars: Set<String> = []
    /// The policy's calendar and office hours, for working days and `in_office_hours` in conditions.
    var policyCalendar: HolidayCalendar?
    var policyOfficeHours: OfficeHours?

    init(compiler: PolicyCompiler, file: String) {
        self.compiler = compiler
        self.file = file
    }

    mutating func compilePolicy(_ root: YAMLNode, log: inout DiagnosticLog) -> Policy? {
        guard let top = MappingReader(root, what: "a policy", allowed: PolicyCompiler.topKeys, log: &log) else { return nil }
        let what = "a policy"
        let id = top.required("policy", what: what, log: &log).flatMap { n -> String? in
            guard let s = Read.string(n, what: "the policy id", log: &log) else { return nil }
            if !isKebabID(s) { log.error("bad-id", "a policy id is lower-case words joined by hyphens, like 'bcp-missing-children'", at: n) }
            return s
        }
        let title = top.required("title", what: what, log: &log).flatMap { Read.string($0, what: "the title", log: &log) }
        let authorityNode = top.required("authority", what: what, log: &log)
        let authority = Read.optionalString(authorityNode, what: "the authority", log: &log)
        let version = top.required("version", what: what, log: &log).flatMap { Read.string($0, what: "the version", log: &log) }
        let source = top.required("source", what: what, log: &log).flatMap { Read.string($0, what: "the source document's title", log: &log) }
        let note = Read.optionalString(top["note"], what: "the note", log: &log)
        if let a = authorityNode, authority == nil, note == nil {
            log.error("authority-without-note", "a policy with no authority needs a 'note' saying why", at: a)
        }
        var effective: LocalDate?
        if let n = top["effective"], let s = Read.string(n, what: "the effective date", log: &log) {
            effective = LocalDate(s)
            if effective == nil { log.error("bad-date", "'\(s)' is not a date like 2020-01-31", at: n) }
        }
        // The version this one replaces (checked against the versions beside it when the folder is read).
        let replaces = Read.optionalString(top["replaces"], what: "the version it replaces", log: &log)
        if let r = replaces, r == version, let n = top["replaces"] {
            log.error("policy.replaces-itself", "a version cannot replace itself ('version' is also \"\(r)\"); name the version it takes over from", at: n)
        }

        var calendar: HolidayCalendar?
        if let n = top.required("calendar", what: what, log: &log), let name = Read.string(n, what: "the calendar", log: &log) {
            switch compiler.calendars(name, file) {
            case .success(let c): calendar = c
            case .failure(let d):
                log.error("unknown-calendar", "cannot load calendar '\(name)'", at: n,
                          suggestion: d.items.first?.suggestion,
                          notes: d.items.map { Diagnostic.Note($0.message, at: $0.location) })
            }
        }

        // Other calendars some duties count working days in: `calendars: {police: england-and-wales}`.
        if let n = top["calendars"] {
            if case .mapping(let pairs) = n.content {
                for p in pairs {
                    guard let alias = Read.string(p.key, what: "a calendar's name in this policy", log: &log),
                          let name = Read.string(p.value, what: "a calendar", log: &log) else { continue }
                    declaredCalendars.insert(alias)
                    if let c = loadCalendar(name, p.value, log: &log) { namedCalendars[alias] = c }
                }
            } else {
                log.error("expected-mapping", "'calendars' names the other calendars duties may count in, like {police: england-and-wales}", at: n)
            }
        }

        var officeHours: OfficeHours?
        if let n = top["office_hours"] {
            officeHours = readOfficeHours(n, log: &log)
            hasOfficeHours = true
        }

        var immediate: Int64 = 3600
        if let n = top["immediate"], let s = Read.string(n, what: "the immediate allowance", log: &log) {
            if let span = readSpan(s, n, log: &log) {
                if let secs = span.elapsedSeconds, span.isClockLength {
                    immediate = secs
                } else {
                    log.error("unit-misplaced", "'immediate' is a length of clock time: use minutes or hours, like 1h or 30m", at: n)
                }
            }
        }

        roles = vocabulary.roles
        var localRoles: [String: String] = [:]
        if let n = top["roles"] {
            if case .mapping(let pairs) = n.content {
                for p in pairs {
                    guard let name = Read.string(p.key, what: "a role name", log: &log) else { continue }
                    if vocabulary.roles[name] != nil {
                        log.warning("role-already-declared", "role '\(name)' is already in the vocabulary", at: p.key)
                    }
                    localRoles[name] = Read.optionalString(p.value, what: "a role description", log: &log) ?? name
                    roles[name] = localRoles[name]
                }
            } else {
                log.error("expected-mapping", "'roles' maps each local role to a description", at: n)
            }
        }

        var pending: [PendingRule] = []
        var firstByID: [String: YAMLNode] = [:]
        if let n = top.required("rules", what: what, log: &log) {
            let items = Read.sequence(n, what: "'rules'", log: &log)
            if items.isEmpty, case .sequence = n.content { log.error("no-rules", "a policy needs at least one rule", at: n) }
            for item in items {
                guard var p = readRule(item, index: pending.count, log: &log) else { continue }
                if let first = firstByID[p.rule.id] {
                    log.error("duplicate-rule-id", "rule id '\(p.rule.id)' is used twice", at: item["id"] ?? item,
                              notes: [Diagnostic.Note("first used here", at: first.start)])
                    p.duplicate = true
                } else {
                    firstByID[p.rule.id] = item["id"] ?? item
                }
                pending.append(p)
            }
        }

        resolveOverdueTriggers(&pending, log: &log)
        let chains = CompileState.chainHeads(pending)
        resolveRecordFields(&pending, heads: chains.heads, log: &log)
        policyCalendar = calendar
        policyOfficeHours = officeHours
        compileConditions(&pending, heads: chains.heads, log: &log)
        for p in pending {
            guard let (name, node) = p.unusedCalendar, !p.rule.conditions.contains(where: { $0.expr.countsWorkingDays }) else { continue }
            log.warning("calendar-unused", "this duty counts no working days or hours, so its calendar '\(name)' changes nothing", at: node)
        }
        checkChains(pending, loops: chains.loops, log: &log)

        guard let id, let title, let version, let source, let calendar else { return nil }
        let rules = pending.map(\.rule)
        var counted = Set<EventTypeID>(), longest: Int64 = 0
        for rule in rules {
            // Every condition's counts, those of a conditional `unless` too: a count nobody keeps reads 0.
            for term in rule.conditions.flatMap(\.counts) {
                switch term {
                case .events(let t, let window):
                    counted.insert(t)
                    longest = max(longest, window)
                case .episodes(_, let window): longest = max(longest, window)
                case .history: break
                }
            }
        }
        var policy = Policy(
            id: id, title: title, authority: authority, version: version, source: source, effective: effective,
            calendar: calendar, officeHours: officeHours, immediate: immediate, note: note, localRoles: localRoles,
            rules: rules, vocabulary: vocabulary, file: file,
            graph: DecisionGraph(rules: rules, vocabulary: vocabulary), countedTypes: counted, longestWindow: longest)
        policy.eventMatters = vocabulary.events.indices.map {
            policy.graph.relevant[$0] || counted.contains($0) || vocabulary.affectsState($0)
        }
        let countedInOrder = counted.sorted()
        policy.countSlot = vocabulary.events.indices.map { countedInOrder.firstIndex(of: $0) ?? -1 }
        policy.episodeOfType = vocabulary.events.map { type in
            vocabulary.episodes.firstIndex { type.name.hasPrefix($0.kind + ".") } ?? -1
        }
        policy.sharedConditions = (rules.compactMap { $0.condition?.slot }.max() ?? -1) + 1
        // Duties counted `from` an earlier event: the events of that type, and of their actions.
        policy.fromRules = vocabulary.events.indices.map { t in
            rules.filter { rule in rule.obligation.map { $0.from != nil && ($0.from == t || $0.actions.contains(t)) } ?? false }.map(\.index)
        }
        for t in vocabulary.events.indices where !policy.fromRules[t].isEmpty { policy.eventMatters[t] = true }
        policy.duties = rules.map { $0.obligation.map(DutyRef.init) }
        policy.historyTerms = history
        policy.historyByType = vocabulary.events.indices.map { t in history.indices.filter { history[$0].type == t } }
        policy.historyAnchors = vocabulary.events.indices.map { t in history.indices.filter { history[$0].span == .since(t) } }
        for t in vocabulary.events.indices where !policy.historyByType[t].isEmpty || !policy.historyAnchors[t].isEmpty {
            policy.eventMatters[t] = true
        }
        // Each rule's history terms gathered once, not once per event type of the vocabulary.
        let termsOfRule = history.isEmpty ? [] : rules.map { $0.conditions.flatMap(\.historyTerms) }
        policy.historyReaders = vocabulary.events.indices.map { t in
            history.isEmpty ? [] : rules.indices.filter { r in
                termsOfRule[r].contains { history[$0].type == t || history[$0].span == .since(t) }
            }.map { rules[$0].index }
        }
        policy.replaces = replaces
        for key in ["policy", "version", "effective", "replaces"] { policy.headerLocations[key] = top[key]?.start }
        return policy
    }

    // MARK: Pieces

    func readSpan(_ text: String, _ node: YAMLNode, log: inout DiagnosticLog) -> TimeSpan? {
        do {
            return try TimeSpan(parsing: text)
        } catch {
            log.append(.error("bad-duration", error.message, at: node.start, length: node.caretLength,
                              suggestion: error.suggestion))
            return nil
        }
    }

    func readOfficeHours(_ node: YAMLNode, log: inout DiagnosticLog) -> OfficeHours? {
        guard case .mapping(let pairs) = node.content else {
            log.error("expected-mapping", "'office_hours' maps days to hours, like {mon-thu: \"08:30-17:15\", fri: \"08:30-16:45\"}", at: node)
            return nil
        }
        var entries: [(String, String)] = []
        var failed = false
        for p in pairs {
            guard let k = Read.string(p.key, what: "days", log: &log), let v = Read.string(p.value, what: "hours", log: &log) else { continue }
            // Each entry on its own first, so that every bad one is reported, not only the first.
            do {
                let one = try OfficeHours(parsing: [(k, v)])
                // Working hours count on working days only: hours given for a weekend are never used.
                if !one.days[5].isEmpty || !one.days[6].isEmpty {
                    log.warning("weekend-office-hours", "office hours for \(one.days[5].isEmpty ? "Sunday" : one.days[6].isEmpty ? "Saturday" : "Saturday and Sunday") are never used: working hours count only on working days (Monday to Friday, not bank holidays)", at: p.key)
                }
            } catch {
                log.error("bad-office-hours", error.message, at: error.inValue ? p.value : p.key)
                failed = true
            }
            entries.append((k, v))
        }
        if failed { return nil }
        do {
            return try OfficeHours(parsing: entries)
        } catch {
            let at = pairs.last { $0.key.scalar?.value == error.key }.map { error.inValue ? $0.value : $0.key } ?? node
            log.error("bad-office-hours", error.message, at: at)
            return nil
        }
    }

    /// A calendar file by name (`calendars/NAME.yaml` beside the vocabulary, then beside the core).
    func loadCalendar(_ name: String, _ node: YAMLNode, log: inout DiagnosticLog) -> HolidayCalendar? {
        switch compiler.calendars(name, file) {
        case .success(let c): return c
        case .failure(let d):
            log.error("unknown-calendar", "cannot load calendar '\(name)'", at: node,
                      suggestion: d.items.first?.suggestion,
                      notes: d.items.map { Diagnostic.Note($0.message, at: $0.location) })
            return nil
        }
    }

    /// A duty's calendar: a name the policy declares under `calendars:`, or a calendar file's
    /// name. A name that is neither is said to be undeclared, with the declared names suggested
    /// first and how to declare it.
    func dutyCalendar(_ name: String, _ node: YAMLNode, log: inout DiagnosticLog) -> HolidayCalendar? {
        if let c = namedCalendars[name] { return c }
        // Declared, but its calendar could not be loaded: reported where it is declared.
        if declaredCalendars.contains(name) { return nil }
        switch compiler.calendars(name, file) {
        case .success(let c): return c
        case .failure(let d):
            let declared = declaredCalendars.sorted()
            let which = declared.isEmpty ? "this policy declares none" : "this policy declares \(declared.joined(separator: ", "))"
            log.error("unknown-calendar", "unknown calendar '\(name)': it is not declared under 'calendars:' (\(which)), and no calendar file has that name",
                      at: node, suggestion: Suggestion.closest(to: name, among: declared) ?? d.items.first?.suggestion,
                      notes: d.items.map { Diagnostic.Note($0.message, at: $0.location) }
                        + [Diagnostic.Note("to declare it, name the calendar file it stands for at the top of the policy, like calendars: {\(name): england-and-wales}; or name a calendar file here")])
            return nil
        }
    }

    func readRoles(_ node: YAMLNode, what: String, log: inout DiagnosticLog) -> [String] {
        Read.stringList(node, what: what, log: &log).compactMap { name, n in checkRole(name, n, log: &log) }
    }

    func checkRole(_ name: String, _ node: YAMLNode, log: inout DiagnosticLog) -> String? {
        guard roles[name] != nil else {
            log.error("undeclared-role", "role '\(name)' is not declared in the vocabulary or this policy's 'roles'", at: node,
                      suggestion: Suggestion.closest(to: name, among: roles.keys))
            return nil
        }
        return name
    }

    func routedRoles(_ node: YAMLNode, what: String, log: inout DiagnosticLog) -> Routed<[String]>? {
        if case .mapping = node.content {
            guard let m = MappingReader(node, what: what, allowed: ["in_hours", "out_of_hours"], log: &log) else { return nil }
            requireOfficeHours(node, log: &log)
            guard let i = m.required("in_hours", what: what, log: &log), let o = m.required("out_of_hours", what: what, log: &log) else { return nil }
            // One side may be `[]`: nobody is told at those times.
            func side(_ n: YAMLNode) -> [String] {
                if case .sequence(let items) = n.content, items.isEmpty { return [] }
                return readRoles(n, what: "roles", log: &log)
            }
            return .byOfficeHours(inHours: side(i), outOfHours: side(o))
        }
        return .always(readRoles(node, what: what, log: &log))
    }

    func requireOfficeHours(_ node: YAMLNode, log: inout DiagnosticLog) {
        if !hasOfficeHours {
            log.error("no-office-hours", "routing by office hours needs the policy's 'office_hours'", at: node)
        }
    }

    func eventTypes(_ node: YAMLNode, what: String, log: inout DiagnosticLog) -> [EventTypeID] {
        Read.stringList(node, what: what, log: &log).compactMap { name, n in
            guard let id = vocabulary.eventIDs[name] else {
                log.error("unknown-event-type", "unknown event type '\(name)'", at: n,
                          suggestion: Suggestion.closest(to: name, among: vocabulary.eventIDs.keys))
                return nil
            }
            return id
        }
    }

    mutating func readRule(_ node: YAMLNode, index: Int, log: inout DiagnosticLog) -> PendingRule? {
        guard let m = MappingReader(node, what: "a rule", allowed: PolicyCompiler.ruleKeys, log: &log) else { return nil }
        let id = m.required("id", what: "a rule", log: &log).flatMap { n -> String? in
            guard let s = Read.string(n, what: "a rule id", log: &log) else { return nil }
            if !isKebabID(s) { log.error("bad-id", "a rule id is lower-case words joined by hyphens, like 'rhi-within-72-hours'", at: n) }
            return s
        }
        let what = id.map { "rule '\($0)'" } ?? "a rule"
        let cite = m.required("cite", what: what, log: &log).flatMap { Read.string($0, what: "a citation", log: &log) }
        let note = Read.optionalString(m["note"], what: "a note", log: &log)

        var pending = PendingRule(
            rule: Rule(index: index, id: id ?? "", cite: cite ?? "", note: note, trigger: .event([]), condition: nil,
                       obligation: nil, notify: nil, escalations: [], location: node.start),
            node: node)

        if let w = m.required("when", what: what, log: &log) { readTrigger(w, into: &pending, log: &log) }
        if let r = m["require"] { pending.rule.obligation = readObligation(r, into: &pending, log: &log) }
        if let n = m["notify"] { pending.rule.notify = routedRoles(n, what: "'notify'", log: &log) }
        if let e = m["escalate"] {
            if m["require"] == nil {
                log.error("escalate-without-require", "'escalate' follows a duty that is overdue, so the rule needs 'require'", at: m.keys["escalate"]!)
            }
            for step in Read.sequence(e, what: "'escalate'", log: &log) {
                guard let s = MappingReader(step, what: "an escalation step", allowed: ["after", "notify"], log: &log),
                      let n = s.required("notify", what: "an escalation step", log: &log),
                      let notify = routedRoles(n, what: "'notify'", log: &log) else { continue }
                var after: TimeSpan?, afterText: String?
                if let a = s["after"], let t = Read.string(a, what: "'after'", log: &log) {
                    after = readSpan(t, a, log: &log)
                    afterText = t
                    if after?.isImmediately == true {
                        log.error("unit-misplaced", "'after' is how long after the deadline; 'immediately' does not fit here (leave 'after' out)", at: a)
                    }
                }
                pending.rule.escalations.append(.init(after: after, afterText: afterText, notify: notify))
            }
        }
        if m["require"] == nil && m["notify"] == nil {
            log.error("rule-does-nothing", "\(what) needs 'require' (a duty) or 'notify' (who to tell), or both", at: node)
        }
        guard id != nil, cite != nil else { return nil }
        return pending
    }

    func readTrigger(_ node: YAMLNode, into p: inout PendingRule, log: inout DiagnosticLog) {
        guard let m = MappingReader(node, what: "'when'", allowed: PolicyCompiler.triggerKeys, log: &log) else { return }
        let shapes = ["event", "open", "overdue", "fact"].filter { m[$0] != nil }
        guard shapes.count == 1 else {
            if shapes.isEmpty {
                log.error("trigger-shape", "'when' needs one of 'event', 'open' (with 'for'), 'overdue' or 'fact' (with 'becomes')", at: node)
            } else {
                log.error("trigger-shape", "'when' takes only one of 'event', 'open', 'overdue' and 'fact', not \(shapes.joined(separator: " and "))", at: m.keys[shapes[1]]!)
            }
            return
        }
        if let f = m.keys["for"], shapes[0] != "open" {
            log.error("trigger-shape", "'for' goes with 'open' (an episode open for that long)", at: f)
        }
        if let b = m.keys["becomes"], shapes[0] != "fact" {
            log.error("trigger-shape", "'becomes' goes with 'fact' (a fact about the child changing)", at: b)
        }
        if let b = m.keys["is"], shapes[0] != "fact" {
            log.error("trigger-shape", "'is' goes with 'fact' (a fact about the child holding, from the start or later)", at: b)
        }
        switch shapes[0] {
        case "event":
            p.rule.trigger = .event(eventTypes(m["event"]!, what: "'event'", log: &log))
        case "open":
            let n = m["open"]!
            guard let kind = Read.string(n, what: "an episode kind", log: &log) else { return }
            guard vocabulary.episode(kind: kind) != nil else {
                log.error("unknown-episode", "unknown episode kind '\(kind)'", at: n,
                          suggestion: Suggestion.closest(to: kind, among: vocabulary.episodes.map(\.kind)))
                return
            }
            guard let f = m.required("for", what: "an episode threshold", log: &log), let t = Read.string(f, what: "'for'", log: &log),
                  let span = readSpan(t, f, log: &log) else { return }
            guard !span.isImmediately, !span.needsOfficeHours else {
                log.error("unit-misplaced", "'for' is how long the episode has been open: use m, h, d, w, wd or mo, not '\(t)'", at: f)
                return
            }
            p.rule.trigger = .threshold(episode: kind, span: span, text: t)
        case "fact":
            let n = m["fact"]!
            guard let name = Read.string(n, what: "a fact", log: &log) else { return }
            let bare = name.hasPrefix("facts.") ? String(name.dropFirst(6)) : name
            guard let fact = vocabulary.factIndex[bare] else {
                log.error("unknown-fact", "unknown fact '\(bare)'", at: n, suggestion: Suggestion.closest(to: bare, among: vocabulary.factIndex.keys))
                return
            }
            // `becomes`: when an event changes it; `is`: that, or already so when the record starts.
            if m["becomes"] != nil, let i = m.keys["is"] {
                log.error("trigger-shape", "a fact trigger takes 'becomes' (when an event changes the fact) or 'is' (also when the record starts with it), not both", at: i)
                return
            }
            let key = m["is"] != nil ? "is" : "becomes"
            guard let b = m[key] ?? m.required("becomes", what: "a fact trigger ('becomes' or 'is')", log: &log),
                  let text = Read.string(b, what: "true or false", log: &log) else { return }
            guard text == "true" || text == "false" else {
                log.error("expected-bool", "'\(key)' is true or false, not '\(text)'", at: b)
                return
            }
            let value = text == "true"
            p.rule.trigger = key == "is" ? .holds(fact: fact, value: value) : .becomes(fact: fact, value: value)
            // A trigger that can never fire is a warning: no event sets the fact to that value.
            let settable = vocabulary.events.contains { type in
                type.sets.contains { set in
                    guard set.fact == fact else { return false }
                    switch set.effect {
                    case .constant(let v), .when(_, _, let v): return v == value
                    case .field: return true
                    }
                }
            }
            if !settable, key == "becomes" {
                let never = vocabulary.events.contains(where: { $0.sets.contains { $0.fact == fact } })
                    ? "no event in the vocabulary sets facts.\(bare) to \(text)" : "no event in the vocabulary sets facts.\(bare)"
                log.warning("never-fires", "\(never), so this rule can never fire", at: b)
            }
        default:
            let n = m["overdue"]!
            if let target = Read.string(n, what: "a rule id", log: &log) { p.overdueTarget = (target, n) }
            p.rule.trigger = .overdue(rule: -1)
        }
        if let c = m["if"] { p.conditionNodes.append((c, .trigger)) }
    }

    func readObligation(_ node: YAMLNode, into p: inout PendingRule, log: inout DiagnosticLog) -> Rule.Obligation? {
        let what = "'require'"
        guard let m = MappingReader(node, what: what, allowed: PolicyCompiler.obligationKeys, log: &log) else { return nil }
        let actions = m.required("action", what: what, log: &log).map { eventTypes($0, what: "'action'", log: &log) } ?? []
        var responsible: Routed<String>?
        if let r = m["responsible"] {
            if case .mapping = r.content {
                if let rm = MappingReader(r, what: "'responsible'", allowed: ["in_hours", "out_of_hours"], log: &log),
                   let i = rm.required("in_hours", what: "'responsible'", log: &log), let o = rm.required("out_of_hours", what: "'responsible'", log: &log),
                   let iname = Read.string(i, what: "a role", log: &log), let oname = Read.string(o, what: "a role", log: &log) {
                    requireOfficeHours(r, log: &log)
                    if let a = checkRole(iname, i, log: &log), let b = checkRole(oname, o, log: &log) {
                        responsible = .byOfficeHours(inHours: a, outOfHours: b)
                    }
                }
            } else if let name = Read.string(r, what: "a role", log: &log), let role = checkRole(name, r, log: &log) {
                responsible = .always(role)
            }
        }
        var cases: [Rule.DeadlineCase] = []
        // `before` events: with them, 'within' may be left out (the duty is due only when one comes).
        let before = m["before"].map { conditionalEvents($0, key: "before", slot: ConditionSlot.before, into: &p, log: &log) } ?? []
        if m["within"] == nil, m["before"] != nil {
            let names = before.map { vocabulary.events[$0].name }.joined(separator: " or ")
            cases.append(.init(condition: nil, span: .minutes(0), text: "before \(names)", reckoning: .open))
        } else if let w = m.required("within", what: what, log: &log) {
            if case .sequence(let items) = w.content {
                for (i, item) in items.enumerated() {
                    guard let cm = MappingReader(item, what: "a deadline case", allowed: ["if", "within"], log: &log),
                          let wn = cm.required("within", what: "a deadline case", log: &log),
                          let deadline = readWithin(wn, index: cases.count, countedFrom: m["from"] != nil, into: &p, log: &log) else { continue }
                    if let c = cm["if"] {
                        p.conditionNodes.append((c, .deadline(cases.count)))
                    } else if i != items.count - 1 {
                        log.error("unreachable-case", "only the last deadline case may leave out 'if'; the cases after this one can never apply", at: item)
                    }
                    cases.append(deadline)
                }
                if items.isEmpty { log.error("empty-list", "'within' needs at least one case", at: w) }
            } else if let deadline = readWithin(w, index: 0, countedFrom: m["from"] != nil, into: &p, log: &log) {
                cases.append(deadline)
            }
        }
        let fromRecord = cases.contains { $0.reckoning.field != nil }
        var notBefore: TimeSpan?, notBeforeText: String?
        if let n = m["not_before"], let t = Read.string(n, what: "'not_before'", log: &log) {
            notBefore = readDeadline(t, n, log: &log)
            notBeforeText = t
            if notBefore?.isImmediately == true { log.error("unit-misplaced", "'not_before: immediately' means nothing; leave it out", at: n) }
        }
        if let c = m["only_if"] { p.conditionNodes.append((c, .onlyIf)) }
        let unless = m["unless"].map { conditionalEvents($0, key: "unless", slot: ConditionSlot.unless, into: &p, log: &log) } ?? []
        var recurrence: Rule.Recurrence?
        if let r = m["repeat"], let rm = MappingReader(r, what: "'repeat'", allowed: ["every", "each", "until", "while", "at"], log: &log) {
            // `every`: the next one due an interval after the previous was done; `each`: a fixed
            // schedule, each one due an interval after the previous one's due, done or not.
            let fixed = rm["each"] != nil
            if fixed, rm["every"] != nil, let e = rm["each"] {
                log.error("every-and-each", "a recurrence is 'every' (counted from each answer) or 'each' (a fixed schedule), not both", at: e)
            }
            if fixed, let at = rm["at"] {
                log.error("each-with-at", "'each' gives its own time of day ('each: 1wkd at 10:00'); clock checkpoints ('at') go with 'every'", at: at)
            }
            if fixed, m["answers"] != nil, let a = m["answers"] {
                log.error("each-with-answers", "on a fixed schedule ('each') every occurrence is its own duty; 'answers' does not go with it", at: a)
            }
            let key = fixed ? "each" : "every"
            if !fixed, rm["every"] == nil, !rm.misspelt.contains("every"), !rm.misspelt.contains("each") {
                log.error("missing-key", "'repeat' needs 'every' (the next one counted from each answer) or 'each' (a fixed schedule, done or not)", at: r)
            }
            if let e = fixed ? rm["each"] : rm["every"], let t = Read.string(e, what: "'\(key)'", log: &log),
               let span = readDeadline(t, e, log: &log) {
                if span.isImmediately { log.error("unit-misplaced", "a recurrence cannot repeat 'immediately'", at: e) }
                if span.isZero {
                    log.error("zero-interval", "a recurrence every '\(t)' would repeat at the same instant without end; give an interval longer than zero", at: e)
                }
                var checkpoints: [LocalTime] = []
                if let at = rm["at"] {
                    if !span.isClockLength {
                        log.error("unit-misplaced", "clock checkpoints ('at') go with an interval in minutes or hours, not '\(t)'", at: e)
                    }
                    for (text, n) in Read.stringList(at, what: "'at'", log: &log) {
                        if let lt = LocalTime(text) { checkpoints.append(lt) } else {
                            log.error("bad-time", "'\(text)' is not a local time like \"23:00\"", at: n)
                        }
                    }
                }
                let until = rm["until"].map { eventTypes($0, what: "'until'", log: &log) } ?? []
                if let c = rm["while"] { p.conditionNodes.append((c, .recurrenceWhile)) }
                if fromRecord {
                    log.error("record-deadline-with-repeat", "a deadline read from the record ('before' or 'at') does not go with 'repeat'", at: r)
                }
                if !before.isEmpty, let b = m.keys["before"] {
                    log.error("before-with-repeat", "'before' closes one duty when its event comes; it does not go with 'repeat'", at: b)
                }
                if rm["until"] == nil && rm["while"] == nil {
                    log.warning("recurrence-never-closes", "this recurrence has no 'until' or 'while': it repeats for as long as the incident runs", at: r)
                }
                recurrence = .init(every: span, everyText: t, until: until, checkpoints: checkpoints.sorted(), fixed: fixed)
            }
        }
        var from: EventTypeID?
        if let f = m["from"] {
            // `from: T`, or `{event: T, if: C}`: counted only from a T for which C holds.
            let types: [EventTypeID]
            if case .mapping = f.content {
                types = conditionalEvents(f, key: "from", slot: ConditionSlot.from, into: &p, log: &log)
            } else {
                types = eventTypes(f, what: "'from'", log: &log)
            }
            if types.count > 1 { log.error("expected-text", "'from' names one event type", at: f) }
            if recurrence != nil { log.error("from-with-repeat", "'from' counts one duty from an earlier event; it does not go with 'repeat'", at: f) }
            if fromRecord {
                log.error("from-with-record-deadline", "'from' counts a deadline from an earlier event; a deadline read from the record ('before' or 'at') is not counted from anything", at: f)
            }
            from = types.first
        }
        if let bn = m["before"] {
            // An event cannot both answer the duty and be what it must come before, or cancel it.
            for t in Set(before) where actions.contains(t) {
                log.error("before-is-action", "'\(vocabulary.events[t].name)' both answers this duty and is listed in 'before'", at: bn)
            }
            for t in Set(before) where unless.contains(t) {
                log.error("before-is-unless", "'\(vocabulary.events[t].name)' both cancels this duty ('unless') and breaches it ('before')", at: bn)
            }
        }
        // The duty's own calendar: its working days (and hours) are counted in it.
        if let cn = m["calendar"], let name = Read.string(cn, what: "a calendar", log: &log) {
            if let c = dutyCalendar(name, cn, log: &log) {
                p.calendar = c
                let spans = cases.map(\.span) + [notBefore, recurrence?.every].compactMap { $0 }
                if !spans.contains(where: \.usesCalendar) { p.unusedCalendar = (name, cn) }
                for k in cases.indices { cases[k].span = cases[k].span.counted(in: c) }
                notBefore = notBefore?.counted(in: c)
                if let r = recurrence { recurrence!.every = r.every.counted(in: c) }
            }
        }
        // `answers: all`: one answer covers every open duty of the rule; `one` (the default) the earliest.
        var answersAll = false
        if let a = m["answers"], let t = Read.string(a, what: "'answers'", log: &log) {
            switch t {
            case "all": answersAll = true
            case "one": answersAll = false
            default:
                log.error("bad-answers", "'answers' is 'one' (an answer covers the earliest open duty) or 'all' (every open duty of the rule), not '\(t)'",
                          at: a, suggestion: Suggestion.closest(to: t, among: ["all", "one"]))
            }
        }
        var obligation = Rule.Obligation(actions: actions, responsible: responsible, within: cases, notBefore: notBefore,
                                         notBeforeText: notBeforeText, onlyIf: nil, unless: unless, recurrence: recurrence, from: from,
                                         before: before)
        obligation.answersAll = answersAll
        return obligation
    }

    /// The events of `unless` or `before`: each entry an event type, or `{event: TYPE, if:
    /// CONDITION}` to count only when that event says so (a conference that ends the plan).
    private func conditionalEvents(_ node: YAMLNode, key: String, slot: (EventTypeID) -> ConditionSlot,
                                   into p: inout PendingRule, log: inout DiagnosticLog) -> [EventTypeID] {
        var types: [EventTypeID] = []
        let items: [YAMLNode] = { if case .sequence(let s) = node.content { return s } else { return [node] } }()
        for item in items {
            guard case .mapping = item.content else {
                types += eventTypes(item, what: "'\(key)'", log: &log)
                continue
            }
            guard let cm = MappingReader(item, what: "a '\(key)' entry", allowed: ["event", "if"], log: &log),
                  let en = cm.required("event", what: "a '\(key)' entry", log: &log) else { continue }
            let named = eventTypes(en, what: "'event'", log: &log)
            guard named.count == 1 else {
                if named.count > 1 { log.error("expected-text", "a conditional '\(key)' entry names one event type", at: en) }
                continue
            }
            types.append(named[0])
            if let c = cm.required("if", what: "a '\(key)' entry", log: &log) { p.conditionNodes.append((c, slot(named[0]))) }
        }
        return types
    }

    /// One deadline: a length (`72h`), or a date the triggering event gives: `{before: event.date, by: 3wd}`
    /// (that long before it) or `{at: event.review_date}` (by then). The field is resolved later, when
    /// the trigger's scope is known.
    /// `countedFrom`: the duty counts from an earlier event (`from:`), where no time at all
    /// means "by the time the rule fires" ("prior to or at the placement"), not a slip.
    func readWithin(_ node: YAMLNode, index: Int, countedFrom: Bool, into p: inout PendingRule, log: inout DiagnosticLog) -> Rule.DeadlineCase? {
        guard case .mapping = node.content else {
            guard let t = Read.string(node, what: "'within'", log: &log), let span = readDeadline(t, node, log: &log) else { return nil }
            if !countedFrom { warnIfZero(span, t, node, log: &log) }
            return .init(condition: nil, span: span, text: t)
        }
        let what = "a deadline read from the record"
        guard let m = MappingReader(node, what: what, allowed: ["before", "by", "at"], log: &log) else { return nil }
        let placeholder = Rule.RecordField(index: -1, name: "", isTime: false, optional: false)
        switch (m["before"], m["at"]) {
        case (let b?, nil):
            guard let field = Read.string(b, what: "a date or time field, like event.date", log: &log) else { return nil }
            guard let byNode = m.required("by", what: "'before' (how long before, like 3wd)", log: &log),
                  let t = Read.string(byNode, what: "'by'", log: &log), let span = readDeadline(t, byNode, log: &log) else { return nil }
            switch span {
            case .immediately:
                log.error("unit-misplaced", "'by' is how long before; 'immediately' does not fit here (use {at: \(field)} for by then)", at: byNode)
                return nil
            case .workingHours:
                log.error("unit-misplaced", "working hours cannot be counted back before a date or time; use m, h, d, wd, w or mo", at: byNode)
                return nil
            default: break
            }
            p.recordFieldNodes.append((index, b, byNode))
            return .init(condition: nil, span: span, text: "\(t) before \(field)", reckoning: .before(placeholder))
        case (nil, let a?):
            if let by = m.keys["by"] {
                log.error("by-without-before", "'by' goes with 'before' (how long before the date); 'at' is due at the date itself", at: by)
            }
            guard let field = Read.string(a, what: "a date or time field, like event.review_date", log: &log) else { return nil }
            p.recordFieldNodes.append((index, a, nil))
            return .init(condition: nil, span: .minutes(0), text: "at \(field)", reckoning: .at(placeholder))
        case (_?, _?):
            log.error("deadline-shape", "'within' takes 'before' (with 'by') or 'at', not both", at: m.keys["at"]!)
            return nil
        case (nil, nil):
            if !m.misspelt.contains("before") && !m.misspelt.contains("at") {
                log.error("deadline-shape", "\(what) needs 'before' (with 'by'), like {before: event.date, by: 3wd}, or 'at', like {at: event.review_date}", at: node)
            }
            return nil
        }
    }

    /// A deadline of no time (`within: 0h`) is due the instant its rule fires: allowed, but
    /// more likely a slip than meant, so a warning. `0d` is a date deadline, "the same day".
    func warnIfZero(_ span: TimeSpan, _ text: String, _ node: YAMLNode, log: inout DiagnosticLog) {
        if span.isZero && !span.isDateDeadline && text != "at once" {
            log.warning("zero-deadline", "'\(text)' is no time at all: the duty is due the instant the rule fires, and late a second after; if that is meant (the duty should already be done), write 'at once'", at: node)
        }
    }

    /// A deadline unit; working hours need the policy's office hours.
    func readDeadline(_ text: String, _ node: YAMLNode, log: inout DiagnosticLog) -> TimeSpan? {
        guard let span = readSpan(text, node, log: &log) else { return nil }
        if span.needsOfficeHours && !hasOfficeHours {
            log.error("no-office-hours", "'\(text)' counts working hours, so the policy needs 'office_hours'", at: node)
        }
        return span
    }

    // MARK: Second pass

    func resolveOverdueTriggers(_ rules: inout [PendingRule], log: inout DiagnosticLog) {
        let index = Dictionary(rules.enumerated().filter { !$0.element.duplicate }.map { ($1.rule.id, $0) }, uniquingKeysWith: { a, _ in a })
        for i in rules.indices {
            guard let (target, node) = rules[i].overdueTarget else { continue }
            guard let j = index[target] else {
                log.error("unknown-rule", "no rule has id '\(target)'", at: node, suggestion: Suggestion.closest(to: target, among: index.keys))
                continue
            }
            if rules[j].rule.obligation == nil {
                log.error("overdue-without-duty", "rule '\(target)' has no 'require', so it can never be overdue", at: node)
            }
            rules[i].rule.trigger = .overdue(rule: j)
        }
    }

    /// Deadlines read from the record: `event.date` must be a `date` or `time` field of every
    /// event type that can fire the rule.
    func resolveRecordFields(_ rules: inout [PendingRule], heads: [Int?], log: inout DiagnosticLog) {
        for i in rules.indices {
            let scope = scope(of: rules, i, heads: heads)
            for (k, node, byNode) in rules[i].recordFieldNodes {
                guard let text = node.scalar?.value, let deadline = rules[i].rule.obligation?.within[k] else { continue }
                guard let field = recordField(text, node, scope: scope, log: &log) else { continue }
                // A firing type without the field gives a duty with no date: said, unless the case has
                // a condition of its own (which may tell the types apart).
                let conditional = rules[i].conditionNodes.contains { if case .deadline(k) = $0.1 { true } else { false } }
                if !field.places.isEmpty, !conditional, let types = scope.eventTypes {
                    var without: [String] = []
                    for t in types where field.places[t] == nil && !without.contains(vocabulary.events[t].name) { without.append(vocabulary.events[t].name) }
                    if !without.isEmpty {
                        log.warning("field-not-on-every-type",
                                    "\(without.map { "'\($0)'" }.joined(separator: ", ")) \(without.count == 1 ? "has" : "have") no field '\(field.name)': its duty has no date and is indeterminate; give it a deadline case of its own (- {if: 'event.type == \"\(without[0])\"', within: ...}) if that is not meant",
                                    at: node)
                    }
                }
                switch deadline.reckoning {
                case .before:
                    if !field.isTime, deadline.span.isClockLength, let byNode {
                        log.error("unit-misplaced", "'\(deadline.span)' before a date cannot be counted: event.\(field.name) is a date with no time of day; use d, wd, w or mo, or a time field", at: byNode)
                    }
                    rules[i].rule.obligation?.within[k].reckoning = .before(field)
                default:
                    rules[i].rule.obligation?.within[k].reckoning = .at(field)
                }
            }
        }
    }

    func recordField(_ text: String, _ node: YAMLNode, scope: ExpressionScope, log: inout DiagnosticLog) -> Rule.RecordField? {
        guard let types = scope.eventTypes, let first = types.first else {
            log.error("expression.no-event", "'\(text)' is not available: \(scope.noEventReason)", at: node)
            return nil
        }
        // The field is looked up per firing event type: it may sit at different places, and a type
        // without it gives an indeterminate duty naming it. One type that has it is enough.
        let name = String(text.dropFirst(6))
        let type = types.first { text.hasPrefix("event.") && vocabulary.events[$0].fieldIndex(name) != nil }.map { vocabulary.events[$0] } ?? vocabulary.events[first]
        let dated = Array(Set(types.flatMap { vocabulary.events[$0].fields.filter { $0.type == .date || $0.type == .time }.map { "event.\($0.name)" } })).sorted()
        guard text.hasPrefix("event."), !text.dropFirst(6).isEmpty else {
            log.error("expected-field", "a deadline read from the record names a date or time field of the triggering event, like event.date; '\(text)' is not one", at: node,
                      suggestion: Suggestion.closest(to: "event." + text, among: dated) ?? dated.first)
            return nil
        }
        guard let index = type.fieldIndex(name) else {
            let which = types.count == 1 ? "event type '\(type.name)' has no field '\(name)'"
                : "none of the event types \(types.map { "'\(vocabulary.events[$0].name)'" }.joined(separator: ", ")) has a field '\(name)'"
            log.error("unknown-field", which, at: node,
                      suggestion: Suggestion.closest(to: text, among: dated) ?? Suggestion.closest(to: name, among: type.fields.map(\.name)).map { "event.\($0)" })
            return nil
        }
        let spec = type.fields[index]
        guard spec.type == .date || spec.type == .time else {
            log.error("expected-date-field", "'\(text)' is \(spec.type.withArticle), not a date or time", at: node,
                      suggestion: dated.count == 1 ? dated[0] : nil)
            return nil
        }
        var places: [EventTypeID: Int] = [:]
        var isTime = spec.type == .time, optional = spec.optional
        for t in types {
            let other = vocabulary.events[t]
            guard let j = other.fieldIndex(name) else { optional = true; continue }
            guard other.fields[j].type == .date || other.fields[j].type == .time else {
                log.error("expected-date-field", "'\(text)' is \(other.fields[j].type.withArticle) in '\(other.name)', not a date or time", at: node)
                return nil
            }
            if other.fields[j].type != .time { isTime = false }
            if other.fields[j].optional { optional = true }
            places[t] = j
        }
        var field = Rule.RecordField(index: index, name: name, isTime: isTime, optional: optional)
        if places.count != Set(types).count || Set(places.values).count != 1 { field.places = places }
        return field
    }

    /// The scope of a rule's trigger: what `event.` and `episode.` mean there. An overdue
    /// trigger sees what the rule at the head of its chain saw (`heads`, from `chainHeads`).
    func scope(of rules: [PendingRule], _ i: Int, heads: [Int?]) -> ExpressionScope {
        switch rules[i].rule.trigger {
        case .event(let types):
            var s = ExpressionScope(eventTypes: types, episode: nil)
            let kinds = Set(types.map { t -> String? in
                let name = vocabulary.events[t].name
                return vocabulary.episodes.first { name.hasPrefix($0.kind + ".") }?.kind
            })
            if kinds.count == 1, let k = kinds.first!, let e = vocabulary.episode(kind: k) { s.episode = e }
            else { s.noEpisodeReason = "the triggering event is not part of a missing or absence episode" }
            return s
        case .threshold(let kind, _, _):
            return ExpressionScope(eventTypes: nil, episode: vocabulary.episode(kind: kind),
                                   noEventReason: "an episode threshold fires on a clock, not an event; use facts. or episode.")
        case .becomes, .holds:
            return ExpressionScope(eventTypes: nil, episode: nil,
                                   noEventReason: "a fact trigger fires on whichever event changes the fact; use facts.")
        case .overdue:
            guard let head = heads[i], head != i else { return ExpressionScope(eventTypes: nil, episode: nil) }
            return scope(of: rules, head, heads: heads)
        }
    }

    /// For each rule, the rule at the head of its escalation chain (the first rule that is not
    /// `{overdue: ...}`; itself when it is not one), and the loops found on the way, each as
    /// the rules in it in chain order from where the walk first met it. Nil for a rule whose
    /// chain loops or names no rule. Linear: each rule is walked once (white, on the path,
    /// done), iteratively, so a chain of any length neither recurses nor walks twice.
    static func chainHeads(_ rules: [PendingRule]) -> (heads: [Int?], loops: [[Int]]) {
        var heads = [Int?](repeating: nil, count: rules.count)
        var done = [Bool](repeating: false, count: rules.count)
        var onPath = [Int](repeating: -1, count: rules.count)  // the rule's place on the current path
        var loops: [[Int]] = []
        var path: [Int] = []
        for start in rules.indices where !done[start] {
            path.removeAll(keepingCapacity: true)
            var i = start
            var head: Int?
            while true {
                if done[i] { head = heads[i]; break }
                if onPath[i] >= 0 { loops.append(Array(path[onPath[i]...])); head = nil; break }
                guard case .overdue(let j) = rules[i].rule.trigger else { head = i; break }
                onPath[i] = path.count
                path.append(i)
                guard j >= 0 else { head = nil; break }
                i = j
            }
            for k in path {
                heads[k] = head
                done[k] = true
                onPath[k] = -1
            }
            if path.isEmpty { heads[i] = head; done[i] = true }
        }
        return (heads, loops)
    }

    mutating func compileConditions(_ rules: inout [PendingRule], heads: [Int?], log: inout DiagnosticLog) {
        var slots: [String: Int] = [:]
        // How many rules use each slot, by slot number (slots are numbered from 0 as they are made):
        // an array, not a dictionary of Int to Int, a type nothing else makes at start.
        var uses: [Int] = []
        defer {
            // Only a condition used by two or more rules is worth remembering per event.
            for i in rules.indices {
                if let c = rules[i].rule.condition, c.slot >= 0, c.slot >= uses.count || uses[c.slot] < 2 { rules[i].rule.condition = c.inSlot(-1) }
            }
        }
        for i in rules.indices {
            let triggerScope = scope(of: rules, i, heads: heads)
            for (node, slot) in rules[i].conditionNodes {
                guard let text = Read.string(node, what: "a condition", log: &log) else { continue }
                var scope = triggerScope
                if case .onlyIf = slot {
                    scope = ExpressionScope(eventTypes: rules[i].rule.obligation?.actions ?? [], episode: nil,
                                            noEpisodeReason: "'only_if' looks at the discharging event")
                }
                if case .unless(let type) = slot {
                    scope = ExpressionScope(eventTypes: [type], episode: nil,
                                            noEpisodeReason: "a conditional 'unless' looks at the cancelling event")
                }
                if case .before(let type) = slot {
                    scope = ExpressionScope(eventTypes: [type], episode: nil,
                                            noEpisodeReason: "a conditional 'before' looks at the event that may come first")
                }
                if case .from(let type) = slot {
                    scope = ExpressionScope(eventTypes: [type], episode: nil,
                                            noEpisodeReason: "a conditional 'from' looks at the event that may be counted from")
                }
                if case .recurrenceWhile = slot {
                    scope = ExpressionScope(eventTypes: nil, episode: nil,
                                            noEventReason: "'while' is checked whenever a fact changes; use facts.",
                                            noEpisodeReason: "'while' is checked whenever a fact changes; use facts.")
                }
                // Working days count in the duty's calendar, else the policy's; office hours in the policy's.
                scope.calendar = rules[i].calendar ?? policyCalendar
                scope.officeHours = policyOfficeHours
                scope.officeCalendar = policyCalendar
                do {
                    var c = try TypeChecker.compile(text, vocabulary: vocabulary, scope: scope, history: &history, roles: roles)
                    if case .trigger = slot {
                        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
                        // The types written as numbers by hand: an array's description goes through the runtime's reflection.
                        let typeList = (scope.eventTypes ?? []).map { String($0) }.joined(separator: ",")
                        let key = "[\(typeList)]|\(scope.episode?.kind ?? "")|\(scope.calendar?.name ?? "")|\(words)"
                        c = c.inSlot(slots[key] ?? slots.count)
                        slots[key] = c.slot
                        while uses.count <= c.slot { uses.append(0) }
                        uses[c.slot] += 1
                    }
                    // A field only some of the types in scope have reads as unknown for the others: said
                    // where nothing in the condition tells the types apart.
                    if !c.reads.contains("event.type") {
                        for f in c.partialFields {
                            let types = f.missingOn.map { "'\($0)'" }.joined(separator: ", ")
                            log.append(.warning("field-not-on-every-type",
                                                "\(types) \(f.missingOn.count == 1 ? "has" : "have") no field '\(f.name)': for such an event it reads as unknown (never false); test event.type first if that is not meant",
                                                at: node.location(ofValueOffset: f.offset), length: f.length))
                        }
                    }
                    switch slot {
                    case .trigger: rules[i].rule.condition = c
                    case .deadline(let k): rules[i].rule.obligation?.within[k].condition = c
                    case .onlyIf: rules[i].rule.obligation?.onlyIf = c
                    case .unless(let type): rules[i].rule.obligation?.unlessConditions[type] = c
                    case .before(let type): rules[i].rule.obligation?.beforeConditions[type] = c
                    case .from: rules[i].rule.obligation?.fromCondition = c
                    case .recurrenceWhile: rules[i].rule.obligation?.recurrence?.whileCondition = c
                    }
                } catch {
                    for e in error.all {
                        let start = node.location(ofValueOffset: e.offset)
                        var notes: [Diagnostic.Note] = []
                        // Inside { } an unquoted value stops at ',' or ': ', cutting the condition short.
                        if node.scalar?.style == .plain, e.offset >= text.unicodeScalars.count {
                            notes.append(Diagnostic.Note("put the condition in quotes: '...'; unquoted, it ends at the first ',' or ': '"))
                        }
                        log.append(.error(e.id, e.message, at: start, length: e.length, notes: notes, suggestion: e.suggestion))
                    }
                }
            }
        }
    }

    /// Overdue triggers form chains; a loop would escalate for ever. Each loop is reported
    /// once, at the `overdue:` of its first rule in the file; a long one is named by its
    /// first and last rules and its length.
    func checkChains(_ rules: [PendingRule], loops: [[Int]], log: inout DiagnosticLog) {
        for cycle in loops {
            let ids = (cycle + [cycle[0]]).map { rules[$0].rule.id }
            let names = ids.count <= 12 ? ids.joined(separator: " → ")
                : (ids.prefix(5) + ["…"] + ids.suffix(3)).joined(separator: " → ") + " (\(cycle.count) rules)"
            let at = rules[cycle.min()!]
            log.error("escalation-loop", "escalation chain loops: \(names)", at: at.overdueTarget?.1 ?? at.node)
        }
    }
}
