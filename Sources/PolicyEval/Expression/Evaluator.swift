/// What a condition can ask of the incident at one instant. The engine provides it.
protocol EvaluationInput {
    /// A data field of the event in scope; nil when the event leaves it out.
    func eventField(_ index: Int) -> Value?
    /// The type of the event in scope; nil where there is none.
    var eventType: EventTypeID? { get }
    /// A fact; nil when the incident does not give it.
    func fact(_ index: Int) -> Bool?
    var age: Int? { get }
    var episodeDuration: Int64? { get }
    var episodeOvernight: Bool? { get }
    var episodeRisk: String? { get }
    func count(_ type: EventTypeID, window: Int64) -> Int
    func episodes(kind: String, window: Int64) -> Int
    /// How many events a history term (`Policy.historyTerms`) counts now.
    func historyCount(_ term: Int) -> Int
    /// The data of the latest event a history term keeps; nil where the record has none.
    func latest(_ term: Int) -> [Value?]?
    /// The instant the condition looks at, and the incident's zone (`now`, `today`,
    /// `in_office_hours`); nil where none is known (a `where:` on an earlier event).
    var now: Instant? { get }
    var dateZone: Zone? { get }
    /// The instant the event in scope was recorded at (`time_of(event)`); nil where there is none.
    var eventTime: Instant? { get }
}

extension EvaluationInput {
    var now: Instant? { nil }
    var dateZone: Zone? { nil }
    var eventType: EventTypeID? { nil }
    var eventTime: Instant? { nil }
    func historyCount(_ term: Int) -> Int { 0 }
    func latest(_ term: Int) -> [Value?]? { nil }
}

/// An input that knows its instant, the child's birth date and the episode in scope works
/// out age, duration and overnight the same way, whether live or from a snapshot.
protocol TimedInput: EvaluationInput {
    var instant: Instant { get }
    var born: LocalDate? { get }
    var zone: Zone { get }
    var episodeStart: Instant? { get }
    var episodeEnd: Instant? { get }
}

extension TimedInput {
    var now: Instant? { instant }
    var dateZone: Zone? { zone }
    var age: Int? { born.map { zone.localDate(of: instant).years(since: $0) } }
    var episodeDuration: Int64? { episodeStart.map { (episodeEnd ?? instant).seconds - $0.seconds } }
    var episodeOvernight: Bool? { episodeStart.map { zone.isOvernight(from: $0, to: episodeEnd ?? instant) } }
}

/// Three-valued evaluation: an unknown input gives unknown unless the known parts decide.
/// `unknowns` collects the names of inputs the record did not give, for "indeterminate".
/// The input is passed down, never stored, so evaluating copies nothing.
enum Evaluator {
    static func value<Input: EvaluationInput>(_ e: Expr, _ input: Input, _ unknowns: inout [String]) -> Value {
        switch e {
        case .constant(let v): return v
        case .eventField(let place, let name, let type, let optional):
            guard let i = place.index(for: input.eventType) else {
                // An event of a type that has no such field (a rule on several types): unknown, never false.
                unknowns.append("event.\(name)")
                return .unknown
            }
            if let v = input.eventField(i) { return v }
            // An optional bool the event leaves out is false: the record says it did not happen.
            if type == .bool && optional { return .bool(false) }
            unknowns.append("event.\(name)")
            return .unknown
        case .eventType(let names):
            if let t = input.eventType, t < names.count { return .string(names[t]) }
            unknowns.append("event.type")
            return .unknown
        case .fact(let i, let name):
            if let b = input.fact(i) { return .bool(b) }
            unknowns.append("facts.\(name)")
            return .unknown
        case .age:
            if let a = input.age { return .int(a) }
            unknowns.append("age")
            return .unknown
        case .episodeDuration: return input.episodeDuration.map(Value.duration) ?? unknownEpisode(&unknowns)
        case .episodeOvernight: return input.episodeOvernight.map(Value.bool) ?? unknownEpisode(&unknowns)
        case .episodeRisk: return input.episodeRisk.map(Value.string) ?? unknownEpisode(&unknowns)
        case .count(let type, _, let window, _): return .int(input.count(type, window: window))
        case .episodes(let kind, let window, _): return .int(input.episodes(kind: kind, window: window))
        case .exists(let term, _): return .bool(input.historyCount(term) > 0)
        case .historyCount(let term, _): return .int(input.historyCount(term))
        case .latestField(let term, let termText, _, let index, let name, let type, let optional):
            // No such event: unknown, naming it. A field it leaves out reads as `event.` does.
            guard let data = input.latest(term) else {
                unknowns.append(termText)
                return .unknown
            }
            if index < data.count, let v = data[index] { return v }
            if type == .bool && optional { return .bool(false) }
            unknowns.append("\(termText).\(name)")
            return .unknown
        case .said(let x): return .bool(given(x, input))
        case .saidOrUnknown(let x):
            if given(x, input) { return value(x, input, &unknowns) }
            if case .latestField(let term, let termText, _, _, _, _, _) = x, input.latest(term) == nil {
                unknowns.append(termText)  // no such event at all, as for latest(T).field
            } else {
                unknowns.append(fieldName(x))
            }
            return .unknown
        case .not(let x):
            if case .bool(let b) = value(x, input, &unknowns) { return .bool(!b) }
            return .unknown
        // Cases matched rather than compared with `==`: the derived equality is a call per test.
        case .and(let a, let b):
            let va = value(a, input, &unknowns)
            if case .bool(false) = va { return va }
            let vb = value(b, input, &unknowns)
            if case .bool(false) = vb { return vb }
            return va.isUnknown || vb.isUnknown ? .unknown : .bool(true)
        case .or(let a, let b):
            let va = value(a, input, &unknowns)
            if case .bool(true) = va { return va }
            let vb = value(b, input, &unknowns)
            if case .bool(true) = vb { return vb }
            return va.isUnknown || vb.isUnknown ? .unknown : .bool(false)
        case .compare(let op, let a, let b):
            let va = value(a, input, &unknowns), vb = value(b, input, &unknowns)
            if va.isUnknown || vb.isUnknown { return .unknown }
            return .bool(Evaluator.compare(op, va, vb))
        case .member(let x, let items):
            let v = value(x, input, &unknowns)
            if v == .unknown { return .unknown }
            return .bool(items.contains(v))
        case .contains(let x, let list):
            let v = value(x, input, &unknowns), l = value(list, input, &unknowns)
            guard case .roles(let names) = l, case .string(let name) = v else { return .unknown }
            return .bool(names.contains(name))
        case .add(let a, let b), .subtract(let a, let b):
            let sign: Int64 = { if case .add = e { return 1 } else { return -1 } }()
            switch (value(a, input, &unknowns), value(b, input, &unknowns)) {
            case (.int(let x), .int(let y)): return .int(x &+ Int(sign) &* y)
            case (.duration(let x), .duration(let y)): return .duration(x &+ sign &* y)
            case (.time(let t), .duration(let y)):
                // A time moved past the years a date can have (1 to 9999) is no time at all.
                let moved = t + sign &* y
                guard (-62_135_596_800...253_402_300_799).contains(moved.seconds) else { unknowns.append("a time past 9999"); return .unknown }
                return .time(moved)
            case (.time(let t), .time(let u)) where sign < 0: return .duration(t.seconds &- u.seconds)
            default: return .unknown
            }
        case .negate(let x):
            switch value(x, input, &unknowns) {
            case .int(let i): return .int(0 &- i)
            case .duration(let d): return .duration(0 &- d)
            default: return .unknown
            }
        case .today:
            guard let now = input.now, let zone = input.dateZone else { unknowns.append("today"); return .unknown }
            return .date(zone.localDate(of: now))
        case .now:
            guard let now = input.now else { unknowns.append("now"); return .unknown }
            return .time(now)
        case .shiftDate(let x, let span, let back, _, let calendar):
            guard case .date(let d) = value(x, input, &unknowns) else { return .unknown }
            do throws(TimeError) {
                return .date(try shift(d, span, back: back, calendar: calendar))
            } catch {
                // A year the calendar does not cover: not a guess, but what is missing.
                unknowns.append(calendar.map { "\($0.name) calendar beyond \($0.covers.lowerBound)–\($0.covers.upperBound)" } ?? "a date past 9999")
                return .unknown
            }
        case .eventTime:
            guard let t = input.eventTime else { unknowns.append("time_of(event)"); return .unknown }
            return .time(t)
        case .latestTime(let term, let termText, _, let index):
            // No such event: unknown, naming it, never false.
            guard let data = input.latest(term) else { unknowns.append(termText); return .unknown }
            if index < data.count, let v = data[index] { return v }
            unknowns.append("time_of(\(termText))")
            return .unknown
        case .dateOf(let x):
            guard case .time(let t) = value(x, input, &unknowns) else { return .unknown }
            guard let zone = input.dateZone, abs(t.seconds) < 253_402_300_800 else { unknowns.append("the incident's zone"); return .unknown }
            return .date(zone.localDate(of: t))
        case .inOfficeHours(let x, let hours, let calendar):
            guard case .time(let t) = value(x, input, &unknowns) else { return .unknown }
            guard let zone = input.dateZone, abs(t.seconds) < 253_402_300_800 else { unknowns.append("office hours"); return .unknown }
            do throws(TimeError) {
                return .bool(try hours.isOpen(at: t, zone: zone, calendar: calendar))
            } catch {
                unknowns.append("\(calendar.name) calendar beyond \(calendar.covers.lowerBound)–\(calendar.covers.upperBound)")
                return .unknown
            }
        }
    }

    /// A date moved by a length counted on the calendar, as deadlines count it: `+ 3wd` is the
    /// third working day after, `- 3wd` the third before; months keep the day of the month
    /// where it exists and take the month's last day where it does not.
    static func shift(_ d: LocalDate, _ span: TimeSpan, back: Bool, calendar: HolidayCalendar?) throws(TimeError) -> LocalDate {
        let sign = back ? -1 : 1
        let out: LocalDate
        switch span {
        case .days(let n): out = d.adding(days: sign * n)
        case .weeks(let n): out = d.adding(days: sign * 7 * n)
        case .months(let n): out = d.adding(months: sign * n)
        case .weekdays(let n): out = back ? d.subtracting(weekdays: n) : d.adding(weekdays: n)
        case .workingDays(let n):
            guard let c = calendar else { throw TimeError("no calendar") }
            out = back ? try c.subtractingWorkingDays(n, from: d) : try c.addingWorkingDays(n, to: d)
        default: throw TimeError("'\(span)' cannot move a date")
        }
        guard (1...9999).contains(out.year) else { throw TimeError("past the years a date can have") }
        return out
    }

    /// Whether the record gives a field or fact at all (`said`).
    static func given<Input: EvaluationInput>(_ e: Expr, _ input: Input) -> Bool {
        switch e {
        case .eventField(let place, _, _, _): return place.index(for: input.eventType).flatMap { input.eventField($0) } != nil
        case .latestField(let term, _, _, let index, _, _, _):
            guard let data = input.latest(term), index < data.count else { return false }
            return data[index] != nil
        case .fact(let i, _): return input.fact(i) != nil
        default: return true
        }
    }

    /// The name of a field or fact, as "indeterminate" gives it.
    static func fieldName(_ e: Expr) -> String {
        switch e {
        case .eventField(_, let name, _, _): return "event.\(name)"
        case .latestField(_, let termText, _, _, let name, _, _): return "\(termText).\(name)"
        case .fact(_, let name): return "facts.\(name)"
        default: return "a value"
        }
    }

    private static func unknownEpisode(_ unknowns: inout [String]) -> Value {
        unknowns.append("episode")
        return .unknown
    }

    static func compare(_ op: BinaryOperator, _ a: Value, _ b: Value) -> Bool {
        switch op {
        case .eq: return a == b
        case .ne: return a != b
        default: break
        }
        let x: Int64, y: Int64
        switch (a, b) {
        case (.int(let p), .int(let q)): (x, y) = (Int64(p), Int64(q))
        case (.duration(let p), .duration(let q)): (x, y) = (p, q)
        case (.date(let p), .date(let q)): (x, y) = (Int64(p.daysSinceEpoch), Int64(q.daysSinceEpoch))
        case (.time(let p), .time(let q)): (x, y) = (p.seconds, q.seconds)
        default: return false
        }
        switch op {
        case .lt: return x < y
        case .le: return x <= y
        case .gt: return x > y
        case .ge: return x >= y
        default: return false
        }
    }
}

extension Value {
    var isUnknown: Bool { if case .unknown = self { true } else { false } }
}

/// The outcome of a condition: true, false, or unknown naming what the record did not give.
public enum Truth: Sendable, Equatable {
    case yes, no
    case unknown([String])
}

extension Condition {
    func evaluate<I: EvaluationInput>(_ input: I) -> Truth {
        var unknowns: [String] = []
        switch Evaluator.value(expr, input, &unknowns) {
        case .bool(true): return .yes
        case .bool(false): return .no
        default:
            var seen = Set<String>()
            return .unknown(unknowns.filter { seen.insert($0).inserted })
        }
    }

    /// Practitioner words for the parts of a true condition that made it true.
    /// `now` is the instant in words where a window ends, and `episode` the kind and start of the
    /// episode in scope, where `episodes(...)` of its kind ends; without them a window ends "then".
    /// Only counting terms (`counts`) say where their window ends: a condition without them needs neither.
    func explain<I: EvaluationInput>(_ input: I, vocabulary: Vocabulary, now: String? = nil, episode: (kind: String, start: String)? = nil) -> [String] {
        var out = StringPhrases()
        explain(input, vocabulary: vocabulary, now: now, episode: episode, into: &out)
        return out.out
    }
}

struct Explainer<I: EvaluationInput> {
    let input: I
    /// The vocabulary's facts (for their meanings): only these, not a copy of the whole
    /// vocabulary, which a report explaining thousands of conditions would copy and free each time.
    let facts: [Vocabulary.Fact]
    /// The instant the condition was evaluated at, in words, where known.
    var now: String? = nil
    /// The kind and start (in words) of the episode in scope: `episodes(...)` of its kind count up to its start.
    var episode: (kind: String, start: String)? = nil

    init(input: I, vocabulary: Vocabulary, now: String? = nil, episode: (kind: String, start: String)? = nil) {
        self.input = input
        facts = vocabulary.facts
        self.now = now
        self.episode = episode
    }

    func truth(_ e: Expr) -> Value {
        var unknowns: [String] = []
        return Evaluator.value(e, input, &unknowns)
    }

    /// One input and its value, in words.
    func describe(_ e: Expr, known: Value? = nil) -> String {
        let v = known ?? truth(e)
        switch e {
        case .eventField(_, let name, let type, _):
            return type == .bool ? (v == .bool(true) ? "\(name.replacingUnderscores)" : "not \(name.replacingUnderscores)")
                : "\(name.replacingUnderscores): \(text(v))"
        case .fact(let i, let name):
            let meaning = facts[i].meaning
            return v == .bool(true) ? "\(meaning) (facts.\(name))" : "not recorded as: \(meaning) (facts.\(name))"
        case .eventType: return "event: \(Explainer.text(v))"
        case .age: return "child aged \(Explainer.text(v))"
        case .episodeDuration: return "episode lasted \(Explainer.text(v))"
        case .episodeOvernight: return v == .bool(true) ? "episode ran overnight" : "episode did not run overnight"
        case .episodeRisk: return "risk: \(Explainer.text(v))"
        case .count(_, let name, _, let windowText):
            return "\(Explainer.text(v)) \(name) in the \(windowText.windowWords) \(upTo(now))"
        case .episodes(let kind, _, let windowText):
            return "\(Explainer.text(v)) \(kind) episode\(v == .int(1) ? "" : "s") in the \(windowText.windowWords) \(upTo(episode?.kind == kind ? episode?.start : now))"
        case .exists(_, let text): return (v == .bool(true) ? "a " : "no ") + ending(text)
        case .historyCount(_, let text): return "\(Explainer.text(v)) \(ending(text))"
        case .latestField(_, let termText, let typeName, _, let name, let type, _):
            if v == .unknown, case .unknown = truthOfLatest(e) { return "no \(typeName) in the record (\(termText))" }
            if type == .bool { return v == .bool(true) ? "\(name.replacingUnderscores) in the latest \(typeName)" : "not \(name.replacingUnderscores) in the latest \(typeName)" }
            return "\(name.replacingUnderscores) of the latest \(typeName): \(text(v))"
        case .member(let x, _), .saidOrUnknown(let x): return describe(x)
        case .said(let x):
            let name = Evaluator.fieldName(x)
            let words = name.split(separator: ".").last.map { String($0).replacingUnderscores } ?? name
            return v == .bool(true) ? "the record says whether: \(words) (\(name))" : "the record does not say whether: \(words) (\(name))"
        case .contains(let x, let list):
            return "\(describe(list)) (\(v == .bool(true) ? "includes" : "does not include") \(Explainer.text(truth(x))))"
        case .today: return "today, \(text(v))"
        case .now: return "now, \(text(v))"
        case .eventTime: return "the event's time, \(text(v))"
        case .latestTime(_, let termText, let typeName, _):
            if v == .unknown, input.latest(latestTermOf(e)) == nil { return "no \(typeName) in the record (\(termText))" }
            return "time of the latest \(typeName), \(text(v))"
        case .dateOf(let x):
            if case .eventTime = x { return "the event's date, \(text(v))" }
            if case .latestTime(_, let termText, let typeName, _) = x {
                if v == .unknown, input.latest(latestTermOf(x)) == nil { return "no \(typeName) in the record (\(termText))" }
                return "date of the latest \(typeName), \(text(v))"
            }
            return "date of \(describe(x))"
        case .shiftDate(let x, _, let back, let spanText, let calendar):
            let counted = calendar.map { " (\($0.name))" } ?? ""
            return "\(describe(x)), \(back ? "less" : "plus") \(spanText.windowWords)\(counted): \(text(v))"
        case .inOfficeHours(let x, _, _):
            let when = Explainer.isConstant(x) ? text(truth(x)) : describe(x)
            return v == .bool(true) ? "\(when): in office hours" : v == .bool(false) ? "\(when): out of office hours" : "\(when): office hours not known"
        default: return text(v)
        }
    }

    /// A value in words, dates and times as the report gives them ("Wed 1 Apr 2026", "Wed 1 Apr
    /// 2026 09:00 BST" in the incident's zone).
    func text(_ v: Value) -> String {
        switch v {
        case .date(let d): return d.words
        case .time(let t): return input.dateZone.map { $0.describe(t) } ?? t.description
        default: return Explainer.text(v)
        }
    }

    /// A term of a comparison: its value, and for `+`/`-` each part's ("3 in all: 2 ... + 1 ...").
    func describeTerm(_ e: Expr) -> String {
        switch e {
        case .add, .subtract: return describeSum(e)
        default: return describe(e)
        }
    }

    private func describeSum(_ e: Expr) -> String {
        var parts: [(Bool, Expr)] = []
        func flatten(_ x: Expr, _ plus: Bool) {
            switch x {
            case .add(let a, let b): flatten(a, plus); flatten(b, plus)
            case .subtract(let a, let b): flatten(a, plus); flatten(b, !plus)
            default: parts.append((plus, x))
            }
        }
        flatten(e, true)
        let total = text(truth(e))
        guard let first = parts.first else { return total }
        let rest = parts.dropFirst()
        if !Explainer.isConstant(first.1), rest.allSatisfy({ Explainer.isConstant($0.1) }) {
            // A value adjusted by fixed amounts: "episode lasted 24h 30m, less 1h: 23h 30m".
            let adjustments = rest.map { "\($0.0 ? "plus" : "less") \(self.text(truth($0.1)))" }
            return "\(describe(first.1)), \(adjustments.joined(separator: ", ")): \(total)"
        }
        var text = "\(total) in all: " + (first.0 ? "" : "- ") + describe(first.1)
        for (plus, x) in rest { text += " \(plus ? "+" : "-") \(Explainer.isConstant(x) ? self.text(truth(x)) : describe(x))" }
        return text
    }

    /// "to Sun 1 Mar 2026 10:30 GMT", or "up to then" where the instant is not known.
    private func upTo(_ words: String?) -> String { words.map { "to \($0)" } ?? "up to then" }

    /// A history term's words with its window's end put in ("in the 28 days to ...").
    private func ending(_ text: String) -> String {
        guard let now else { return text }
        return text.replacing(" up to then", with: " to \(now)")
    }

    /// Whether a term's value is fixed by the rule (a literal, or arithmetic on literals).
    static func isConstant(_ e: Expr) -> Bool {
        switch e {
        case .constant: return true
        case .negate(let x): return isConstant(x)
        case .add(let a, let b), .subtract(let a, let b): return isConstant(a) && isConstant(b)
        default: return false
        }
    }

    /// Whether a `latest(T).field` has an event to read at all.
    private func truthOfLatest(_ e: Expr) -> Value {
        guard case .latestField(let term, _, _, _, _, _, _) = e else { return .unknown }
        return input.latest(term) == nil ? .unknown : .bool(true)
    }

    static func text(_ v: Value) -> String {
        switch v {
        case .bool(let b): return b ? "yes" : "no"
        case .int(let i): return String(i)
        case .string(let s): return s
        case .duration(let d): return Durations.describe(seconds: d)
        case .time(let t): return t.description
        case .date(let d): return d.description
        case .roles(let r): return r.joined(separator: ", ")
        case .unknown: return "not recorded"
        }
    }
}

extension BinaryOperator {
    /// The comparison with its sides swapped: `2 <= x` is `x >= 2`.
    var flipped: BinaryOperator {
        switch self {
        case .lt: return .gt
        case .le: return .ge
        case .gt: return .lt
        case .ge: return .le
        default: return self
        }
    }

    /// The comparison that holds where this one does not.
    var negated: BinaryOperator {
        switch self {
        case .lt: return .ge
        case .le: return .gt
        case .gt: return .le
        case .ge: return .lt
        case .eq: return .ne
        case .ne: return .eq
        default: return self
        }
    }

    /// In words, before a date or time compared with: "on or after Wed 1 Apr 2026". A literal,
    /// written as it is (nothing to escape).
    var calendarWords: StaticString {
        switch self {
        case .gt: return "after"
        case .ge: return "on or after"
        case .lt: return "before"
        case .le: return "on or before"
        case .eq: return "on"
        case .ne: return "not on"
        case .or: return "or"
        case .and: return "and"
        case .plus: return "+"
        case .minus: return "-"
        }
    }

    /// In words, before the value compared with: "at least 2".
    var words: StaticString {
        switch self {
        case .gt: return "over"
        case .ge: return "at least"
        case .lt: return "under"
        case .le: return "at most"
        case .eq: return "equal to"
        case .ne: return "not"
        case .or: return "or"
        case .and: return "and"
        case .plus: return "+"
        case .minus: return "-"
        }
    }
}

extension String {
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }

    /// A window as written, in words: "28d" is "28 days", "4w" "4 weeks", "72h" "72 hours".
    var windowWords: String {
        let units: [(String, String)] = [("wd", "working day"), ("mo", "month"), ("d", "day"), ("w", "week"), ("h", "hour"), ("m", "minute")]
        for (suffix, word) in units where hasSuffix(suffix) {
            guard let n = Int(dropLast(suffix.count)) else { break }
            return "\(n) \(word)\(n == 1 ? "" : "s")"
        }
        return self
    }
}

extension Explainer {
    /// The history term a `time_of(latest(T))` reads.
    func latestTermOf(_ e: Expr) -> Int {
        if case .latestTime(let t, _, _, _) = e { return t }
        return -1
    }
}
