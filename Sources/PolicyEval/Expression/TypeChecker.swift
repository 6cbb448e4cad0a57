/// What a condition may refer to where it stands in a rule.
struct ExpressionScope: Sendable {
    /// The event types whose data `event.` reads; nil where no event is in scope (a threshold).
    var eventTypes: [EventTypeID]?
    /// The episode kind `episode.` reads; nil where no episode is in scope.
    var episode: Vocabulary.Episode?
    /// Why `event.` or `episode.` is unavailable, for the error message.
    var noEventReason = "this trigger has no event"
    var noEpisodeReason = "this trigger does not concern a missing or absence episode"
    /// Inside `where:` of `count`, `exists` or `latest`: the event type it filters. Only that
    /// event's own fields are kept for earlier events, so nothing else may be read there.
    var filterOf: String? = nil
    /// The calendar working days (`wd`) are counted in: the duty's own `calendar:`, else the policy's.
    var calendar: HolidayCalendar? = nil
    /// The policy's office hours and its own calendar, for `in_office_hours(...)`.
    var officeHours: OfficeHours? = nil
    var officeCalendar: HolidayCalendar? = nil
}

/// Resolves names against the vocabulary and checks types, so that a wrong
/// comparison (`event.risk == "severe"`) is a compile error with a position.
struct TypeChecker {
    let vocabulary: Vocabulary
    let scope: ExpressionScope
    /// The condition's text, for the source of a `where:` inside it.
    var text: [Unicode.Scalar]
    private(set) var reads: [String] = []
    /// Fields read that only some of the event types in scope have.
    private(set) var partialFields: [PartialField] = []
    /// The policy's history terms so far; those this condition reads are added (once each).
    var history: [HistoryTerm] = []
    /// The roles a role value may name: the vocabulary's and the policy's own.
    var roles: [String: String]

    init(vocabulary: Vocabulary, scope: ExpressionScope, text: String = "", roles: [String: String]? = nil) {
        self.vocabulary = vocabulary
        self.scope = scope
        self.text = Array(text.unicodeScalars)
        self.roles = roles ?? vocabulary.roles
    }

    static func compile(_ text: String, vocabulary: Vocabulary, scope: ExpressionScope) throws(ExpressionError) -> Condition {
        var history: [HistoryTerm] = []
        return try compile(text, vocabulary: vocabulary, scope: scope, history: &history)
    }

    /// `history`: the policy's history terms, to which those the condition reads are added;
    /// `roles`: the roles a role value may name (the vocabulary's and the policy's own).
    static func compile(_ text: String, vocabulary: Vocabulary, scope: ExpressionScope, history: inout [HistoryTerm],
                        roles: [String: String]? = nil) throws(ExpressionError) -> Condition {
        let syntax = try Parser.parse(text)
        var checker = TypeChecker(vocabulary: vocabulary, scope: scope, text: text, roles: roles)
        checker.history = history
        let (expr, type) = try checker.check(syntax)
        guard type == .bool else {
            throw ExpressionError("expression.not-a-condition", "a condition must be true or false, but this is \(type.withArticle)",
                                  offset: syntax.offset, length: syntax.length)
        }
        var seen = Set<String>()
        // A folded YAML scalar ends in a newline: the source is shown in traces and graphs without it.
        // Trimmed from the end in place: reversing twice made the runtime build two generic types (2M instructions at start).
        var end = text.endIndex
        while end > text.startIndex, text[text.index(before: end)].isWhitespace { end = text.index(before: end) }
        let source = String(text[..<end])
        history = checker.history
        return Condition(expr: expr, source: source, reads: checker.reads.filter { seen.insert($0).inserted }, partialFields: checker.partialFields)
    }

    /// The text of a part of the condition, as written (whitespace runs made one space).
    func source(of s: Syntax) -> String {
        let start = max(0, min(s.offset, text.count)), end = max(start, min(s.end, text.count))
        let raw = String(String.UnicodeScalarView(text[start..<end]))
        return raw.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }

    mutating func check(_ s: Syntax) throws(ExpressionError) -> (Expr, ValueType) {
        switch s {
        case .string(let v, _, _): return (.constant(.string(v)), .string)
        case .integer(let v, _, _): return (.constant(.int(v)), .int)
        case .duration(let v, _, _, _): return (.constant(.duration(v)), .duration)
        case .date(let d, _, _): return (.constant(.date(d)), .date)
        case .span(_, let t, let o, let l):
            throw ExpressionError("expression.span", "'\(t)' is counted on the calendar from a date: write it after a date and + or -, like event.date + \(t) or today - \(t)",
                                  offset: o, length: l)
        case .bool(let v, _, _): return (.constant(.bool(v)), .bool)
        case .name(let n, let o, let l): return try resolve(n, offset: o, length: l)
        case .not(let e, _):
            let (x, t) = try check(e)
            try expectType(t, .bool, e, "'not' needs a condition")
            return (.not(x), .bool)
        case .negate(let e, _):
            let (x, t) = try check(e)
            guard t == .int || t == .duration else {
                throw ExpressionError("expression.type", "'-' needs a number or a duration, not \(t.withArticle)", offset: e.offset, length: e.length)
            }
            return (.negate(x), t)
        case .binary(let op, let l, let r, let o, let len):
            return try binary(op, l, r, offset: o, length: len)
        case .contains(let element, let list, let o):
            return try contains(element, list, offset: o)
        case .member(let l, let items, let o):
            let (x, t) = try check(l)
            if t == .roleList {
                let first = items.first.flatMap { if case .string(let v, _, _) = $0 { v } else { nil } } ?? "leader"
                throw ExpressionError("expression.list", "'\(source(of: l))' is a list of roles; ask about one role at a time: \"\(first)\" in \(source(of: l))",
                                      offset: l.offset, length: l.length, suggestion: "\"\(first)\" in \(source(of: l))")
            }
            var values: [Value] = []
            for item in items {
                let v = try literal(item, as: t)
                values.append(v)
            }
            if items.isEmpty {
                throw ExpressionError("expression.empty-list", "'in' needs at least one value", offset: o, length: 2)
            }
            return (.member(x, values), .bool)
        case .call(let name, let args, let o, let len):
            return try call(name, args, offset: o, length: len)
        case .field(let base, let field, let o, let len):
            return try latestField(base, field, offset: o, length: len)
        }
    }

    private func expectType(_ t: ValueType, _ want: ValueType, _ at: Syntax, _ what: String) throws(ExpressionError) {
        guard t == want else {
            throw ExpressionError("expression.type", "\(what), but this is \(t.withArticle)", offset: at.offset, length: at.length)
        }
    }

    /// A literal checked against the type it is compared with (enum values against their set).
    private func literal(_ s: Syntax, as type: ValueType) throws(ExpressionError) -> Value {
        switch (s, type) {
        case (.string(let v, let o, let l), .enumeration(let set)):
            guard set.contains(v) else {
                throw ExpressionError("expression.enum-value", "\"\(v)\" is not one of \(set.map { "\"\($0)\"" }.joined(separator: ", "))",
                                      offset: o, length: l, suggestion: Suggestion.closest(to: v, among: set).map { "\"\($0)\"" })
            }
            return .string(v)
        case (.string(let v, let o, let l), .role):
            guard roles[v] != nil else {
                throw ExpressionError("undeclared-role", "role \"\(v)\" is not declared in the vocabulary or this policy's 'roles'", offset: o, length: l,
                                      suggestion: Suggestion.closest(to: v, among: roles.keys))
            }
            return .string(v)
        case (.string(let v, _, _), .string): return .string(v)
        case (.integer(let v, _, _), .int): return .int(v)
        case (.duration(let v, _, _, _), .duration): return .duration(v)
        case (.bool(let v, _, _), .bool): return .bool(v)
        default:
            throw ExpressionError("expression.type", "expected a literal \(type) here", offset: s.offset, length: s.length)
        }
    }

    private mutating func binary(_ op: BinaryOperator, _ l: Syntax, _ r: Syntax, offset: Int, length: Int) throws(ExpressionError) -> (Expr, ValueType) {
        switch op {
        case .and, .or:
            // Both sides are checked even when one is wrong, so that every mistake in a
            // condition is reported in one run.
            var errors: [ExpressionError] = []
            var a = Expr.constant(.bool(true)), b = Expr.constant(.bool(true))
            do {
                let (x, tx) = try check(l)
                try expectType(tx, .bool, l, "'\(op.rawValue)' joins conditions")
                a = x
            } catch { errors += error.all }
            do {
                let (y, ty) = try check(r)
                try expectType(ty, .bool, r, "'\(op.rawValue)' joins conditions")
                b = y
            } catch { errors += error.all }
            if !errors.isEmpty { throw ExpressionError.joined(errors) }
            return (op == .and ? .and(a, b) : .or(a, b), .bool)
        case .plus, .minus:
            if case .span(_, let t, _, _) = l, op == .plus {
                let (_, tb) = try check(r)
                if tb == .date {
                    throw ExpressionError("expression.span", "write the date first, then the length: \(source(of: r)) + \(t)",
                                          offset: offset, length: length, suggestion: "\(source(of: r)) + \(t)")
                }
            }
            let (a, ta) = try check(l)
            if ta == .date { return try shiftDate(a, op, r, offset: offset, length: length) }
            if case .span(_, let t, let so, let sl) = r {
                let dated: String? = {
                    if ta != .time { return "today \(op.rawValue) \(t)" }
                    if case .call("time_of", _, _, _) = l { return "date_of" + source(of: l).dropFirst(7) + " \(op.rawValue) \(t)" }
                    if case .name("now", _, _) = l { return "today \(op.rawValue) \(t)" }
                    return "date_of(\(source(of: l))) \(op.rawValue) \(t)"
                }()
                let how = ta == .time ? "; take its date first (and compare with today): \(dated!)" : ""
                throw ExpressionError("expression.span", "'\(t)' is counted on the calendar from a date, but '\(source(of: l))' is \(ta.withArticle)\(how)",
                                      offset: so, length: sl, suggestion: dated)
            }
            let (b, tb) = try check(r)
            if ta == .time, tb == .duration { return (op == .plus ? .add(a, b) : .subtract(a, b), .time) }
            if ta == .time, tb == .time, op == .minus { return (.subtract(a, b), .duration) }
            if op == .plus, tb == .date || tb == .time, ta == .duration || { if case .span = l { true } else { false } }() {
                throw ExpressionError("expression.type", "write the \(tb) first, then the length: \(source(of: r)) + \(source(of: l))",
                                      offset: offset, length: length, suggestion: "\(source(of: r)) + \(source(of: l))")
            }
            guard ta == tb, ta == .int || ta == .duration else {
                throw ExpressionError("expression.type", "'\(op.rawValue)' adds or subtracts two numbers or two durations, not \(ta.withArticle) and \(tb.withArticle)",
                                      offset: offset, length: length)
            }
            return (op == .plus ? .add(a, b) : .subtract(a, b), ta)
        case .eq, .ne, .lt, .le, .gt, .ge:
            let (a, ta) = try check(l)
            // A string literal on the right takes the left's enum type, so its value is checked against the set.
            let (b, tb): (Expr, ValueType)
            if case .enumeration = ta, case .string = r {
                (b, tb) = (.constant(try literal(r, as: ta)), ta)
            } else if ta == .role, case .string = r {
                (b, tb) = (.constant(try literal(r, as: ta)), ta)
            } else {
                (b, tb) = try check(r)
                if case .enumeration = tb, case .string = l { _ = try literal(l, as: tb) }
            }
            // A list of roles is asked about one role at a time.
            if ta == .roleList || tb == .roleList {
                let (list, other) = ta == .roleList ? (l, r) : (r, l)
                let one = { if case .string(let v, _, _) = other { "\"\(v)\"" } else { source(of: other) } }()
                throw ExpressionError("expression.list", "'\(source(of: list))' is a list of roles; ask whether one is in it: \(one) in \(source(of: list))",
                                      offset: offset, length: length, suggestion: op == .eq ? "\(one) in \(source(of: list))" : "not \(one) in \(source(of: list))")
            }
            let compatible = ta == tb || (isTextual(ta) && isTextual(tb) && (ta == .string || tb == .string))
            // `event.date == "2026-04-01"`: a date is written without quotes.
            if !compatible, ta == .date || tb == .date, case .string(let v, let so, let sl) = (ta == .date ? r : l), LocalDate(v) != nil {
                throw ExpressionError("expression.type", "\"\(v)\" is a string; a date in a condition is written without quotes: \(v)",
                                      offset: so, length: sl, suggestion: v)
            }
            guard compatible else {
                // A time against a date: say how to make both dates (`today`, `date_of(...)`).
                if (ta == .time && tb == .date) || (ta == .date && tb == .time) {
                    let t = source(of: ta == .time ? l : r)
                    let asDate = t == "now" ? "today" : "date_of(\(t))"
                    throw ExpressionError("expression.type", "cannot compare a time with a date; compare dates: \(asDate) instead of \(t)",
                                          offset: offset, length: length, suggestion: asDate)
                }
                throw ExpressionError("expression.type", "cannot compare \(ta.withArticle) with \(tb.withArticle)", offset: offset, length: length)
            }
            if op != .eq && op != .ne {
                guard ta == .int || ta == .duration || ta == .date || ta == .time else {
                    throw ExpressionError("expression.type", "'\(op.rawValue)' compares numbers, durations, dates or times, not \(ta.withArticle)",
                                          offset: offset, length: length)
                }
            }
            return (.compare(op, a, b), .bool)
        }
    }

    /// `"leader" in event.to`: a role in a list of roles the record gives.
    private mutating func contains(_ element: Syntax, _ list: Syntax, offset: Int) throws(ExpressionError) -> (Expr, ValueType) {
        let (l, lt) = try check(list)
        guard lt == .roleList else {
            let hint: String? = isTextual(lt) ? "\(source(of: list)) == \(source(of: element))" : nil
            throw ExpressionError("expression.type", "'in' needs a list after it: [\"a\", \"b\"], or a list field like event.to; '\(source(of: list))' is \(lt.withArticle)",
                                  offset: list.offset, length: list.length, suggestion: hint)
        }
        let x: Expr
        if case .string = element {
            x = .constant(try literal(element, as: .role))
        } else {
            let (e, et) = try check(element)
            guard et == .role || et == .string else {
                throw ExpressionError("expression.type", "a list of roles holds role names, not \(et.withArticle)", offset: element.offset, length: element.length)
            }
            x = e
        }
        return (.contains(x, list: l), .bool)
    }

    private func isTextual(_ t: ValueType) -> Bool {
        switch t {
        case .string, .role, .enumeration: return true
        default: return false
        }
    }

    private mutating func resolve(_ name: String, offset: Int, length: Int) throws(ExpressionError) -> (Expr, ValueType) {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        let head = parts[0], rest = parts.count > 1 ? parts[1] : nil
        if let filtered = scope.filterOf, (head == "today" || head == "now") && rest == nil {
            // Each earlier event is looked at once, when it is recorded: the trigger's instant is not
            // known then. Its own time is what a filter can read.
            let own = head == "now" ? "time_of(event)" : "date_of(event)"
            throw ExpressionError("expression.where-scope",
                                  "'where' is checked on each \(filtered) when it is recorded, so '\(head)' there has no meaning; each \(filtered)'s own \(head == "now" ? "time" : "date") is \(own)",
                                  offset: offset, length: length, suggestion: own)
        }
        if let filtered = scope.filterOf, head == "age" || ((head == "facts" || head == "episode") && rest != nil) {
            throw ExpressionError("expression.where-scope", "'where' looks only at each \(filtered)'s own fields (event.); '\(name)' is not kept for earlier events",
                                  offset: offset, length: length)
        }
        switch (head, rest) {
        case ("age", nil):
            reads.append("age")
            return (.age, .int)
        case ("today", nil): return (.today, .date)
        case ("now", nil): return (.now, .time)
        case ("event", let field?):
            guard let types = scope.eventTypes, let first = types.first else {
                throw ExpressionError("expression.no-event", "'\(name)' is not available: \(scope.noEventReason)", offset: offset, length: length)
            }
            let firstType = vocabulary.events[first]
            // The event's own type, for a rule on several types (unless a type has a field of that name).
            if field == "type", !types.contains(where: { vocabulary.events[$0].fieldIndex("type") != nil }) {
                reads.append("event.type")
                var names: [String] = []
                for t in types where !names.contains(vocabulary.events[t].name) { names.append(vocabulary.events[t].name) }
                return (.eventType(names: vocabulary.events.map(\.name)), .enumeration(names))
            }
            // A field read per event type: it may sit at different places, and a type without it reads
            // it as unknown (a field guarded by `event.type`: `event.type == "rhi.completed" or
            // event.reason != ""`). At least one type in scope must have it, all with one type.
            var places: [EventTypeID: Int] = [:]
            var missing: [String] = []
            var spec: Vocabulary.Field?
            for t in types where places[t] == nil && !missing.contains(vocabulary.events[t].name) {
                guard let j = vocabulary.events[t].fieldIndex(field) else {
                    missing.append(vocabulary.events[t].name)
                    continue
                }
                let f = vocabulary.events[t].fields[j]
                if let s = spec, s.type != f.type {
                    throw ExpressionError("unknown-field", "'\(field)' is \(s.type.withArticle) in some triggering event types and \(f.type.withArticle) in '\(vocabulary.events[t].name)'",
                                          offset: offset, length: length)
                }
                if spec == nil || (f.optional && !spec!.optional) { spec = f }
                places[t] = j
            }
            guard let spec else {
                if field == "time" || field == "date" {
                    let own = field == "time" ? "time_of(event)" : "date_of(event)"
                    throw ExpressionError("unknown-field", "'\(name)' is not a data field of \(types.count == 1 ? "'\(firstType.name)'" : "these event types"); the instant the event was recorded at is \(own)",
                                          offset: offset, length: length, suggestion: own)
                }
                let names = Array(Set(types.flatMap { vocabulary.events[$0].fields.map(\.name) })).sorted()
                let which = types.count == 1 ? "event type '\(firstType.name)' has no field '\(field)'"
                    : "no field '\(field)' in any of the event types \(missing.map { "'\($0)'" }.joined(separator: ", "))"
                throw ExpressionError("unknown-field", which, offset: offset, length: length,
                                      suggestion: Suggestion.closest(to: field, among: names).map { "event.\($0)" })
            }
            let indexes = Set(places.values)
            let place: FieldPlace = missing.isEmpty && indexes.count == 1 ? .same(indexes.first!) : .byType(places)
            if !missing.isEmpty { partialFields.append(PartialField(name: field, offset: offset, length: length, missingOn: missing)) }
            reads.append("event.\(field)")
            // A field some types do not have is never given by them: `said` may ask of it.
            return (.eventField(place: place, name: field, type: spec.type, optional: spec.optional || !missing.isEmpty), spec.type)
        case ("facts", let fact?):
            guard let index = vocabulary.factIndex[fact] else {
                throw ExpressionError("unknown-fact", "unknown fact '\(fact)'", offset: offset, length: length,
                                      suggestion: Suggestion.closest(to: fact, among: vocabulary.facts.map(\.name)).map { "facts.\($0)" })
            }
            reads.append("facts.\(fact)")
            return (.fact(index: index, name: fact), vocabulary.facts[index].type)
        case ("episode", let what?):
            guard let episode = scope.episode else {
                throw ExpressionError("expression.no-episode", "'\(name)' is not available: \(scope.noEpisodeReason)", offset: offset, length: length)
            }
            reads.append("episode.\(what)")
            switch what {
            case "duration": return (.episodeDuration, .duration)
            case "overnight": return (.episodeOvernight, .bool)
            case "risk" where episode.riskType != nil: return (.episodeRisk, episode.riskType!)
            default:
                let known = episode.riskType == nil ? ["duration", "overnight"] : ["duration", "overnight", "risk"]
                throw ExpressionError("unknown-field", "a \(episode.kind) episode has no '\(what)'; it has \(known.joined(separator: ", "))",
                                      offset: offset, length: length,
                                      suggestion: Suggestion.closest(to: what, among: known).map { "episode.\($0)" })
            }
        default:
            var candidates = ["age", "today", "now"] + vocabulary.facts.map { "facts.\($0.name)" }
            if let t = scope.eventTypes?.first { candidates += vocabulary.events[t].fields.map { "event.\($0.name)" } + ["event.type"] }
            if let e = scope.episode { candidates += ["episode.duration", "episode.overnight"] + (e.riskType == nil ? [] : ["episode.risk"]) }
            // A bare field or fact name: suggest the prefixed form.
            let bare = candidates.first { $0.hasSuffix(".\(name)") }
            throw ExpressionError("unknown-name", "unknown name '\(name)'", offset: offset, length: length,
                                  suggestion: bare ?? Suggestion.closest(to: name, among: candidates))
        }
    }

    static let functions = ["count", "date_of", "episodes", "exists", "in_office_hours", "latest", "said", "said_or_unknown", "time_of"]

    private mutating func call(_ name: String, _ args: [Syntax.Argument], offset: Int, length: Int) throws(ExpressionError) -> (Expr, ValueType) {
        guard TypeChecker.functions.contains(name) else {
            throw ExpressionError("unknown-function", "unknown function '\(name)'; the functions are \(TypeChecker.functions.joined(separator: ", "))", offset: offset,
                                  length: name.unicodeScalars.count, suggestion: Suggestion.closest(to: name, among: TypeChecker.functions))
        }
        if name == "said" || name == "said_or_unknown" { return try said(name, args, offset: offset, length: length) }
        if name == "time_of" || name == "date_of" { return try timeOf(name, args, offset: offset, length: length) }
        if name == "in_office_hours", scope.filterOf != nil { return try officeHoursTest(args, offset: offset, length: length) }
        if let filtered = scope.filterOf {
            throw ExpressionError("expression.where-scope", "'where' looks only at each \(filtered)'s own fields (event.); \(name)(...) cannot be used inside it",
                                  offset: offset, length: name.unicodeScalars.count)
        }
        switch name {
        case "in_office_hours": return try officeHoursTest(args, offset: offset, length: length)
        case "latest":
            let first = args.first.flatMap { a -> String? in if case .name(let n, _, _) = a.value { n } else { nil } } ?? "strategy_discussion.held"
            let fields = vocabulary.event(named: first)?.fields.map(\.name) ?? []
            throw ExpressionError("expression.latest-without-field", "latest(...) is an event: name one of its fields, like latest(\(first)).\(fields.first ?? "field")",
                                  offset: offset, length: length, suggestion: fields.first.map { "latest(\(first)).\($0)" })
        case "exists":
            let term = try historyTerm(name, args, offset: offset, length: length, keepsData: false)
            reads.append("exists(\(vocabulary.events[history[term].type].name))")
            return (.exists(term: term, text: history[term].words), .bool)
        case "count" where !args.dropFirst().contains(where: { $0.label == "since" || $0.label == "where" }) && args.contains(where: { $0.label == "within" }):
            break  // the plain count over a window, kept per type (below)
        case "count":
            let term = try historyTerm(name, args, offset: offset, length: length, keepsData: false)
            reads.append("count(\(vocabulary.events[history[term].type].name))")
            return (.historyCount(term: term, text: history[term].words), .int)
        default: break
        }
        let usage = name == "count" ? "count(missing.reported, within: 28d)" : "episodes(missing, within: 28d)"
        if args.count == 2 { try elapsedWindow(args[1].value) }
        guard args.count == 2, args[0].label == nil, args[1].label == "within",
              case .name(let subject, let so, let sl) = args[0].value,
              case .duration(let window, let text, _, _) = args[1].value
        else {
            throw ExpressionError("expression.call", "write \(usage)", offset: offset, length: length)
        }
        guard window > 0 else {
            throw ExpressionError("expression.call", "the window must be longer than zero", offset: args[1].value.offset, length: args[1].value.length)
        }
        if name == "count" {
            guard let id = vocabulary.eventIDs[subject] else {
                throw ExpressionError("unknown-event-type", "unknown event type '\(subject)'", offset: so, length: sl,
                                      suggestion: Suggestion.closest(to: subject, among: vocabulary.eventIDs.keys))
            }
            reads.append("count(\(subject))")
            return (.count(id, name: subject, window: window, windowText: text), .int)
        }
        guard vocabulary.episode(kind: subject) != nil else {
            throw ExpressionError("unknown-episode", "unknown episode kind '\(subject)'", offset: so, length: sl,
                                  suggestion: Suggestion.closest(to: subject, among: vocabulary.episodes.map(\.kind)))
        }
        reads.append("episodes(\(subject))")
        return (.episodes(kind: subject, window: window, windowText: text), .int)
    }

    /// A window (`within:`) is elapsed time: a calendar length there is refused in words.
    private func elapsedWindow(_ v: Syntax) throws(ExpressionError) {
        guard case .span(_, let t, let o, let l) = v else { return }
        throw ExpressionError("expression.unit-not-elapsed",
                              "'\(t)' is not an elapsed length; a window in a condition is minutes (m), hours (h), days (d = 24h) or weeks (w = 168h)",
                              offset: o, length: l)
    }

    /// `event.date + 3wd`, `today - 1mo`: a date moved by a length written out, counted on the
    /// calendar (days, weeks, months, weekdays, or working days of the scope's calendar).
    private mutating func shiftDate(_ a: Expr, _ op: BinaryOperator, _ r: Syntax, offset: Int, length: Int) throws(ExpressionError) -> (Expr, ValueType) {
        let usage = "add days (d), weeks (w), months (mo), weekdays (wkd) or working days (wd) to a date, like event.date + 3wd"
        let text: String, o: Int, l: Int
        switch r {
        case .span(_, let t, let so, let sl): (text, o, l) = (t, so, sl)
        case .duration(_, let t, let so, let sl):
            guard t.hasSuffix("d") || t.hasSuffix("w") else {
                throw ExpressionError("expression.span", "a date has no time of day, so '\(t)' cannot be added to it; \(usage)", offset: so, length: sl)
            }
            (text, o, l) = (t, so, sl)
        default:
            let (_, tb) = try check(r)
            let hint = tb == .date ? "; to compare two dates, write one moved by a length: \(source(of: r)) + 3wd <= today" : ""
            throw ExpressionError("expression.type", "'\(op.rawValue)' after a date takes a length written out, not \(tb.withArticle)\(hint); \(usage)",
                                  offset: r.offset, length: r.length)
        }
        let span: TimeSpan
        do throws(TimeError) { span = try TimeSpan(parsing: text) } catch {
            throw ExpressionError("expression.span", error.message, offset: o, length: l, suggestion: error.suggestion)
        }
        var calendar: HolidayCalendar?
        if span.usesCalendar {
            guard let c = scope.calendar else {
                throw ExpressionError("expression.span", "'\(text)' counts working days, but no calendar is known here", offset: o, length: l)
            }
            calendar = c
        }
        return (.shiftDate(a, span, back: op == .minus, text: text, calendar: calendar), .date)
    }

    /// `in_office_hours(now)`: whether an instant is in the policy's office hours.
    private mutating func officeHoursTest(_ args: [Syntax.Argument], offset: Int, length: Int) throws(ExpressionError) -> (Expr, ValueType) {
        guard args.count == 1, args[0].label == nil else {
            throw ExpressionError("expression.call", "write in_office_hours(now), or in_office_hours(a time field, like event.last_seen)",
                                  offset: offset, length: length, suggestion: "in_office_hours(now)")
        }
        let arg = args[0].value
        let (x, t) = try check(arg)
        guard t == .time else {
            throw ExpressionError("expression.type", "in_office_hours(...) asks about an instant (now, or a time field), not \(t.withArticle)",
                                  offset: arg.offset, length: arg.length, suggestion: t == .date ? "in_office_hours(now)" : nil)
        }
        guard let hours = scope.officeHours, let calendar = scope.officeCalendar else {
            throw ExpressionError("no-office-hours", "in_office_hours(...) needs the policy's 'office_hours'", offset: offset, length: length)
        }
        reads.append("office hours")
        return (.inOfficeHours(x, hours, calendar: calendar), .bool)
    }

    /// `time_of(event)`, `time_of(latest(T))`: the instant an event was recorded at (its `time`,
    /// never a data field); `date_of(...)` its local date, and `date_of(x)` of any time.
    private mutating func timeOf(_ name: String, _ args: [Syntax.Argument], offset: Int, length: Int) throws(ExpressionError) -> (Expr, ValueType) {
        let usage = name == "time_of" ? "time_of(event), or time_of(latest(private_fostering.notified))"
            : "date_of(event), date_of(latest(private_fostering.notified)), or date_of(a time field, like event.last_seen)"
        guard args.count == 1, args[0].label == nil else {
            throw ExpressionError("expression.call", "write \(usage)", offset: offset, length: length)
        }
        let arg = args[0].value
        let time: Expr
        switch arg {
        case .name("event", let o, let l):
            guard scope.eventTypes?.isEmpty == false else {
                throw ExpressionError("expression.no-event", "'\(name)(event)' is not available: \(scope.noEventReason)", offset: o, length: l)
            }
            reads.append("time_of(event)")
            time = .eventTime
        case .call("latest", let largs, let co, let cl):
            if let filtered = scope.filterOf {
                throw ExpressionError("expression.where-scope", "'where' looks only at each \(filtered)'s own fields and time; latest(...) cannot be used inside it (write \(name)(event))",
                                      offset: co, length: 6, suggestion: "\(name)(event)")
            }
            let term = try historyTerm("latest", largs, offset: co, length: cl, keepsData: true)
            let type = vocabulary.events[history[term].type]
            let termText = history[term].filter.map { "latest(\(type.name), where: \($0.source))" } ?? "latest(\(type.name))"
            reads.append("time_of(\(termText))")
            time = .latestTime(term: term, termText: termText, typeName: type.name, index: type.fields.count)
        case .field(.call("latest", _, _, _), _, _, _) where name == "time_of":
            throw ExpressionError("expression.call", "time_of(...) takes an event, not one of its fields: write time_of(\(source(of: arg).split(separator: ")").first.map { String($0) + ")" } ?? "latest(T)"))",
                                  offset: arg.offset, length: arg.length)
        default:
            // An event type's bare name (`date_of(cp_plan.started)`): the latest such event is what is meant.
            let text = source(of: arg)
            if vocabulary.event(named: text) != nil {
                throw ExpressionError("expression.call", "\(name)(...) takes an event, not an event type's name: write \(name)(latest(\(text))), the latest \(text) in the record",
                                      offset: arg.offset, length: arg.length, suggestion: "latest(\(text))")
            }
            let (x, t) = try check(arg)
            if name == "date_of", t == .time { return (.dateOf(x), .date) }
            throw ExpressionError("expression.type", "\(name)(...) takes an event (event, or latest(T))\(name == "date_of" ? " or a time" : ""), not \(t.withArticle); write \(usage)",
                                  offset: arg.offset, length: arg.length)
        }
        return name == "time_of" ? (time, .time) : (.dateOf(time), .date)
    }

    /// `said(event.x)`: whether the record gives an optional field (or a fact) at all;
    /// `said_or_unknown(event.x)`: an optional yes/no field read as unknown, not false, when left out.
    private mutating func said(_ name: String, _ args: [Syntax.Argument], offset: Int, length: Int) throws(ExpressionError) -> (Expr, ValueType) {
        guard args.count == 1, args[0].label == nil else {
            throw ExpressionError("expression.call", "write \(name)(event.significant_harm): one field of the event, of latest(...), or a fact",
                                  offset: offset, length: length)
        }
        let arg = args[0].value
        let (x, t) = try check(arg)
        let what = source(of: arg)
        switch x {
        case .eventField(_, _, _, let optional), .latestField(_, _, _, _, _, _, let optional):
            if case .latestField = x {} else if !optional {
                throw ExpressionError("expression.said", "'\(what)' is always given (it is not optional), so the record always says it",
                                      offset: arg.offset, length: arg.length)
            }
            if name == "said_or_unknown" {
                guard t == .bool, optional else {
                    let why = optional ? "is \(t.withArticle), unknown already when left out" : "is always given"
                    throw ExpressionError("expression.said", "'\(what)' \(why); said_or_unknown(...) is for an optional yes/no field, which is otherwise read as false",
                                          offset: arg.offset, length: arg.length, suggestion: what)
                }
                return (.saidOrUnknown(x), t)
            }
            return (.said(x), .bool)
        case .fact:
            if name == "said_or_unknown" {
                throw ExpressionError("expression.said", "a fact the record does not give is unknown already; write \(what)",
                                      offset: arg.offset, length: arg.length, suggestion: what)
            }
            return (.said(x), .bool)
        default:
            throw ExpressionError("expression.said", "\(name)(...) asks about a field of an event (event.significant_harm, latest(T).field) or a fact (facts.cp_plan)",
                                  offset: arg.offset, length: arg.length)
        }
    }

    /// `latest(T).field`, or `latest(T, where: ...).field`.
    private mutating func latestField(_ base: Syntax, _ field: String, offset: Int, length: Int) throws(ExpressionError) -> (Expr, ValueType) {
        guard case .call(let name, let args, let co, let cl) = base, name == "latest" else {
            if case .call(let name, _, _, _) = base, !TypeChecker.functions.contains(name) { _ = try check(base) }
            throw ExpressionError("expression.field", "only latest(...) has fields: '.\(field)' cannot follow this", offset: offset, length: length)
        }
        if let filtered = scope.filterOf {
            throw ExpressionError("expression.where-scope", "'where' looks only at each \(filtered)'s own fields (event.); latest(...) cannot be used inside it",
                                  offset: co, length: 6)
        }
        let term = try historyTerm(name, args, offset: co, length: cl, keepsData: true)
        let type = vocabulary.events[history[term].type]
        guard let index = type.fieldIndex(field) else {
            // The time an event was recorded at is not one of its fields: time_of(...) and date_of(...) read it.
            if field == "time" || field == "date" {
                let fn = field == "time" ? "time_of" : "date_of"
                throw ExpressionError("unknown-field", "event type '\(type.name)' has no field '\(field)'; the \(field) it was recorded at is \(fn)(\(source(of: base)))",
                                      offset: offset, length: length, suggestion: "\(fn)(\(source(of: base)))")
            }
            throw ExpressionError("unknown-field", "event type '\(type.name)' has no field '\(field)'", offset: offset, length: length,
                                  suggestion: Suggestion.closest(to: field, among: type.fields.map(\.name)))
        }
        let spec = type.fields[index]
        let termText = history[term].filter.map { "latest(\(type.name), where: \($0.source))" } ?? "latest(\(type.name))"
        reads.append("\(termText).\(field)")
        return (.latestField(term: term, termText: termText, typeName: type.name, index: index, name: field, type: spec.type, optional: spec.optional), spec.type)
    }

    /// The history term a call reads (`exists`, `count` with `since` or `where`, `latest`), added to
    /// the policy's list unless an identical one is there already.
    private mutating func historyTerm(_ name: String, _ args: [Syntax.Argument], offset: Int, length: Int, keepsData: Bool) throws(ExpressionError) -> Int {
        let allowed = keepsData ? ["where"] : ["since", "within", "where"]
        let usage: String
        switch name {
        case "latest": usage = "latest(strategy_discussion.held).outcome, or latest(strategy_discussion.held, where: event.review).outcome"
        case "exists": usage = "exists(tracing.exhausted), exists(tracing.exhausted, since: travel_abroad.possible) or exists(tracing.exhausted, within: 28d), each with where: ... if needed"
        default: usage = "count(absence.started, within: 28d) or count(absence.started, since: looked_after.started), each with where: ... if needed"
        }
        guard let first = args.first, first.label == nil, case .name(let subject, let so, let sl) = first.value else {
            throw ExpressionError("expression.call", "write \(usage)", offset: offset, length: length)
        }
        guard let type = vocabulary.eventIDs[subject] else {
            throw ExpressionError("unknown-event-type", "unknown event type '\(subject)'", offset: so, length: sl,
                                  suggestion: Suggestion.closest(to: subject, among: vocabulary.eventIDs.keys))
        }
        var span = HistoryTerm.Span.all, spanWords = "in the record", spanKey = "all"
        var edgeLabel = keepsData ? "latest" : "in the record"
        var filterSyntax: Syntax?
        var seen: [String] = []
        for arg in args.dropFirst() {
            let v = arg.value
            guard let label = arg.label else {
                throw ExpressionError("expression.call", "after the event type, each part is named (\(allowed.map { "\($0):" }.joined(separator: ", "))); write \(usage)",
                                      offset: v.offset, length: v.length)
            }
            let labelAt = arg.labelOffset >= 0 ? arg.labelOffset : v.offset, labelLength = label.unicodeScalars.count
            guard allowed.contains(label) else {
                let note = keepsData && (label == "since" || label == "within") ? "latest(...) is the latest of the whole record; it takes only where:" : "\(name) takes \(allowed.map { "\($0):" }.joined(separator: ", "))"
                throw ExpressionError("expression.call", "unknown part '\(label):'; \(note)", offset: labelAt, length: labelLength,
                                      suggestion: keepsData ? nil : Suggestion.closest(to: label, among: allowed).map { "\($0):" })
            }
            if seen.contains(label) || (label == "since" && seen.contains("within")) || (label == "within" && seen.contains("since")) {
                throw ExpressionError("expression.call", seen.contains(label) ? "'\(label):' is given twice" : "give 'since:' or 'within:', not both",
                                      offset: labelAt, length: labelLength)
            }
            seen.append(label)
            switch label {
            case "since":
                if case .duration(_, let t, _, _) = v {
                    throw ExpressionError("expression.call", "'since:' takes an event type, like since: travel_abroad.possible; for a length of time write within: \(t)",
                                          offset: v.offset, length: v.length, suggestion: "within: \(t)")
                }
                guard case .name(let anchor, let ao, let al) = v else {
                    throw ExpressionError("expression.call", "'since:' takes an event type, like since: travel_abroad.possible", offset: v.offset, length: v.length)
                }
                guard let a = vocabulary.eventIDs[anchor] else {
                    throw ExpressionError("unknown-event-type", "unknown event type '\(anchor)'", offset: ao, length: al,
                                          suggestion: Suggestion.closest(to: anchor, among: vocabulary.eventIDs.keys))
                }
                guard a != type else {
                    throw ExpressionError("expression.call", "'since:' names another event type: since the latest \(subject), the only \(subject) is that one",
                                          offset: ao, length: al)
                }
                span = .since(a)
                spanWords = "since the latest \(anchor)"
                spanKey = "since \(a)"
                edgeLabel = "since \(anchor)"
            case "within":
                try elapsedWindow(v)
                if case .name(let n, _, _) = v, vocabulary.eventIDs[n] != nil {
                    throw ExpressionError("expression.call", "'within:' takes a length of time, like within: 28d; since an event, write since: \(n)",
                                          offset: v.offset, length: v.length, suggestion: "since: \(n)")
                }
                guard case .duration(let w, let t, _, _) = v else {
                    throw ExpressionError("expression.call", "'within:' takes a length of time, like within: 28d", offset: v.offset, length: v.length)
                }
                guard w > 0 else { throw ExpressionError("expression.call", "the window must be longer than zero", offset: v.offset, length: v.length) }
                span = .within(w)
                spanWords = "in the \(t.windowWords) up to then"
                spanKey = "within \(w)"
                edgeLabel = "within \(t)"
            default:
                filterSyntax = v
            }
        }
        var filter: Condition?
        if let f = filterSyntax {
            var scope = ExpressionScope(eventTypes: [type], episode: nil)
            scope.noEpisodeReason = "'where' looks only at each \(subject)'s own fields"
            scope.filterOf = subject
            scope.calendar = self.scope.calendar
            scope.officeHours = self.scope.officeHours
            scope.officeCalendar = self.scope.officeCalendar
            var sub = TypeChecker(vocabulary: vocabulary, scope: scope, roles: roles)
            sub.text = text
            let (fx, ft) = try sub.check(f)
            try expectType(ft, .bool, f, "'where' needs a condition on each \(subject)")
            filter = Condition(expr: fx, source: source(of: f), reads: sub.reads)
        }
        let words = "\(subject) \(spanWords)" + (filter.map { " where \($0.source)" } ?? "")
        let key = "\(keepsData ? "latest" : "count")|\(type)|\(spanKey)|\(filter?.source ?? "")|\(filter == nil ? "" : scope.calendar?.name ?? "")"
        if let i = history.firstIndex(where: { $0.key == key }) { return i }
        edgeLabel += filter.map { " where \($0.source)" } ?? ""
        history.append(HistoryTerm(type: type, filter: filter, span: span, keepsData: keepsData, key: key, words: words, label: edgeLabel))
        return history.count - 1
    }
}
