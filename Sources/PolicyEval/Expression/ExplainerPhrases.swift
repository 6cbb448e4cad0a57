/// The one walk that explains a condition, phrase by phrase into a `PhraseSink`: a report's
/// bytes (JSON, text) or strings (`StringPhrases`, for `Condition.explain` and `because`). The
/// shapes most conditions are made of (and, or, not, a comparison, an episode's duration or
/// overnight, an event field, a fact, a count) are written in pieces, with no string made per
/// value or per phrase. Why: a long record's report explains a condition for every duty, and
/// making its words as strings first was a third of the cost of writing the report. Any other
/// shape is made by `describe` as a string and written whole inside the phrase: each sink
/// escapes a character at a time, and the pieces written with `fixed` hold nothing to escape.
extension Condition {
    func explain<I: EvaluationInput, P: PhraseSink>(_ input: I, vocabulary: Vocabulary, now: String? = nil,
                                                    episode: (kind: String, start: String)? = nil, into out: inout P) {
        Explainer(input: input, vocabulary: vocabulary, now: now, episode: episode).explain(expr, into: &out)
    }
}

extension Explainer {
    /// An explainer that takes the vocabulary's facts as they are (a report's words hold them).
    init(input: I, facts: [Vocabulary.Fact], now: String? = nil, episode: (kind: String, start: String)? = nil) {
        self.input = input
        self.facts = facts
        self.now = now
        self.episode = episode
    }

    /// Words for the parts of a true condition that made it true, a phrase each.
    /// `known` is `e`'s value where the caller has just worked it out (not worked out again).
    func explain<P: PhraseSink>(_ e: Expr, into out: inout P, known: Value? = nil) {
        switch e {
        case .and(let a, let b):
            explain(a, into: &out)
            explain(b, into: &out)
        case .or(let a, let b):
            // Only the branches that held are reasons.
            if case let va = truth(a), va == .bool(true) { explain(a, into: &out, known: va) }
            if case let vb = truth(b), vb == .bool(true) { explain(b, into: &out, known: vb) }
        case .not(let x):
            explainFalse(x, into: &out)
        case .compare(var op, var a, var b):
            // `2 <= count(...)` reads as `count(...) >= 2`: the value first, then what it is held to.
            if Explainer.isConstant(a), !Explainer.isConstant(b) {
                swap(&a, &b)
                op = op.flipped
            }
            out.begin()
            if op == .eq, Explainer.isConstant(b) {
                describe(a, into: &out)
                return out.end()
            }
            var counts = false
            a.visitCountTerms { _ in counts = true }
            let va = truth(a)
            describeTerm(a, known: va, into: &out)
            // A count already ends with its window ("... to Sun 1 Mar"): what it is held to goes in brackets.
            out.fixed(counts ? " (" : ", ")
            // Dates and times are held to one another in words of the calendar: "on or after".
            switch va {
            case .date, .time: out.fixed(op.calendarWords)
            default: out.fixed(op.words)
            }
            out.fixed(" ")
            if Explainer.isConstant(b) { value(truth(b), into: &out) } else { describeTerm(b, into: &out) }
            if counts { out.fixed(")") }
            out.end()
        default:
            out.begin()
            describe(e, known: known, into: &out)
            out.end()
        }
    }

    /// Words for the parts of a false condition that made it false ("not (a or b)").
    func explainFalse<P: PhraseSink>(_ e: Expr, into out: inout P) {
        switch e {
        case .or(let a, let b):
            explainFalse(a, into: &out)
            explainFalse(b, into: &out)
        case .and(let a, let b):
            if truth(a) == .bool(false) { explainFalse(a, into: &out) }
            if truth(b) == .bool(false) { explainFalse(b, into: &out) }
        case .not(let x):
            explain(x, into: &out)
        case .eventField, .fact, .episodeOvernight, .member, .exists, .latestField, .contains, .said, .saidOrUnknown, .inOfficeHours:
            // A false leaf already reads in the negative.
            out.begin()
            describe(e, into: &out)
            out.end()
        case .compare(let op, let a, let b):
            // The value it had, against what it missed.
            explain(.compare(op.negated, a, b), into: &out)
        default:
            out.begin()
            out.fixed("not: ")
            describe(e, into: &out)
            out.end()
        }
    }

    /// `describe(_:known:)` written inside a phrase.
    func describe<P: PhraseSink>(_ e: Expr, known: Value? = nil, into out: inout P) {
        switch e {
        case .eventField(_, let name, let type, _):
            let v = known ?? truth(e)
            if type == .bool {
                if v != .bool(true) { out.fixed("not ") }
                Explainer.name(name, into: &out)
            } else {
                Explainer.name(name, into: &out)
                out.fixed(": ")
                value(v, into: &out)
            }
        case .fact(let i, let name):
            if (known ?? truth(e)) != .bool(true) { out.fixed("not recorded as: ") }
            out.text(facts[i].meaning); out.fixed(" (facts."); out.text(name); out.fixed(")")
        case .eventType:
            out.fixed("event: "); Explainer.value(known ?? truth(e), into: &out)
        case .age:
            out.fixed("child aged "); Explainer.value(known ?? truth(e), into: &out)
        case .episodeDuration:
            out.fixed("episode lasted "); Explainer.value(known ?? truth(e), into: &out)
        case .episodeOvernight:
            if (known ?? truth(e)) == .bool(true) { out.fixed("episode ran overnight") } else { out.fixed("episode did not run overnight") }
        case .episodeRisk:
            out.fixed("risk: "); Explainer.value(known ?? truth(e), into: &out)
        case .count(_, let name, _, let windowText):
            Explainer.value(known ?? truth(e), into: &out)
            out.fixed(" "); out.text(name); out.fixed(" in the "); out.text(windowText.windowWords); out.fixed(" ")
            upTo(now, into: &out)
        case .episodes(let kind, _, let windowText):
            let v = known ?? truth(e)
            Explainer.value(v, into: &out)
            out.fixed(" "); out.text(kind); out.fixed(v == .int(1) ? " episode" : " episodes")
            out.fixed(" in the "); out.text(windowText.windowWords); out.fixed(" ")
            upTo(episode?.kind == kind ? episode?.start : now, into: &out)
        case .member(let x, _), .saidOrUnknown(let x):
            describe(x, into: &out)
        default:
            out.text(describe(e, known: known))
        }
    }

    /// `describeTerm(_:)` written inside a phrase.
    private func describeTerm<P: PhraseSink>(_ e: Expr, known: Value? = nil, into out: inout P) {
        switch e {
        case .add, .subtract: out.text(describeTerm(e))
        default: describe(e, known: known, into: &out)
        }
    }

    /// `text(_:)`: dates and times in words.
    private func value<P: PhraseSink>(_ v: Value, into out: inout P) {
        switch v {
        case .date(let d): out.date(d)
        case .time(let t):
            // London's words are written in place (digits, names and GMT or BST); another zone's as `text` gives them.
            if let zone = input.dateZone {
                if zone.identifier == "Europe/London" { out.instant(t, in: zone) } else { out.text(zone.describe(t)) }
            } else {
                out.text(t.description)
            }
        default: Explainer.value(v, into: &out)
        }
    }

    /// `Explainer.text(_:)`.
    private static func value<P: PhraseSink>(_ v: Value, into out: inout P) {
        switch v {
        case .bool(let b): out.fixed(b ? "yes" : "no")
        case .int(let i): out.int(i)
        case .duration(let d):
            // `Durations.describe`: "27h 50m", "45m", "3h".
            if d < 0 { out.fixed("-") }
            let total = abs(d) / 60
            let h = Int(total / 60), m = Int(total % 60)
            if h == 0 {
                out.int(m); out.fixed("m")
            } else {
                out.int(h); out.fixed("h")
                if m != 0 { out.fixed(" "); out.int(m); out.fixed("m") }
            }
        case .unknown: out.fixed("not recorded")
        default: out.text(text(v))
        }
    }

    /// `replacingUnderscores`, written: most names have no underscore to replace.
    private static func name<P: PhraseSink>(_ name: String, into out: inout P) {
        if name.utf8.contains(0x5F) { out.text(name.replacingUnderscores) } else { out.text(name) }
    }

    private func upTo<P: PhraseSink>(_ words: String?, into out: inout P) {
        if let words { out.fixed("to "); out.text(words) } else { out.fixed("up to then") }
    }
}
