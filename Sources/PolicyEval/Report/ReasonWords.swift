/// Puts reasons into practitioner words ("missing for 24h since ..., still missing at ...").
/// A report holds one, shared by all its entries, and uses it when `because` is read.
final class ReasonWords: Sendable, Equatable {
    let policy: Policy
    let zone: Zone
    let born: LocalDate?
    /// What every entry's reasons look up, found once per report rather than per reason (a
    /// rule read out of the policy is copied and released each time): each rule's trigger
    /// condition and its deadline cases' conditions, and the event types' names.
    private let triggers: [Box?]
    private let deadlineCases: [[Box?]]
    private let eventNames: [String]
    private let facts: [Vocabulary.Fact]

    init(policy: Policy, zone: Zone, born: LocalDate?) {
        self.policy = policy
        self.zone = zone
        self.born = born
        triggers = policy.rules.map { $0.condition.map { Box($0, born: born, zone: zone) } }
        deadlineCases = policy.rules.map { $0.obligation?.within.map { $0.condition.map { Box($0, born: born, zone: zone) } } ?? [] }
        eventNames = policy.vocabulary.events.map(\.name)
        facts = policy.vocabulary.facts
    }

    /// A condition held by reference: read for each reason without copying its parts, with
    /// what its snapshots are read with.
    private final class Box: Sendable {
        let condition: Condition
        let terms: SnapshotTerms
        init(_ condition: Condition, born: LocalDate?, zone: Zone) {
            self.condition = condition
            terms = SnapshotTerms(terms: condition.counts, latestTerms: condition.latestTerms, born: born, zone: zone)
        }
    }

    private func condition(_ ref: ConditionRef) -> Box? {
        switch ref {
        case .trigger(let r): return triggers[r]
        case .deadlineCase(let r, let k): return deadlineCases[r][k]
        }
    }

    /// Two reports' words agree when they come from the same policy, zone and child.
    static func == (a: ReasonWords, b: ReasonWords) -> Bool {
        a === b || (a.policy.id == b.policy.id && a.policy.version == b.policy.version && a.zone == b.zone && a.born == b.born)
    }

    func words(_ reasons: ArraySlice<Reason>) -> [String] {
        var out = StringPhrases()
        for reason in reasons { compose(reason, into: &out) }
        return out.out
    }

    /// A reason in words, into a list of strings or straight into a report's bytes. The
    /// phrases written most often (an event, a condition, a missed deadline) are put
    /// together in pieces; the rest are made whole.
    func compose<P: PhraseSink>(_ reason: Reason, into out: inout P) {
        switch reason {
        case .event(let type, let id, let at):
            out.begin(); out.text(eventNames[type]); out.fixed(" ("); out.text(id); out.fixed(") at "); out.instant(at, in: zone); out.end()
        case .threshold(let r, let start, let openedBy, let at):
            guard case .threshold(let kind, _, let text) = policy.rules[r].trigger else { return }
            out.begin()
            out.text(kind); out.fixed(" for "); out.text(text); out.fixed(" since "); out.instant(start, in: zone)
            out.fixed(" ("); out.text(openedBy); out.fixed("), still "); out.text(kind); out.fixed(" at "); out.instant(at, in: zone)
            out.end()
        case .overdue(let target, let due, let at):
            out.begin(); out.fixed("'"); out.text(policy.rules[target].id); out.fixed("' overdue since ")
            if let due { out.deadline(due, in: zone) } else { out.instant(at, in: zone) }
            out.end()
        case .condition(let ref, let snapshot):
            guard let box = condition(ref) else { return }
            // The snapshot read in place, not copied into an input (and freed) for each reason.
            // Where a window ends is said only by counting terms: most conditions have none, and
            // their explanations need no instant put into words.
            SnapshotInput.reading(snapshot, box.terms) { input in
                if box.condition.counts.isEmpty {
                    Explainer(input: input, facts: facts).explain(box.condition.expr, into: &out)
                } else {
                    let episode = snapshot.episodeKind.flatMap { k in
                        snapshot.episodeStart.map { (kind: policy.vocabulary.episodes[k].kind, start: zone.describe($0)) }
                    }
                    Explainer(input: input, facts: facts, now: zone.describe(snapshot.at), episode: episode).explain(box.condition.expr, into: &out)
                }
            }
        case .unknown(let name):
            unknownWords(name, into: &out)
        case .countedFrom(let type, let id, let at):
            out.begin(); out.fixed("counted from "); out.text(policy.vocabulary.events[type].name); out.fixed(" ("); out.text(id); out.fixed(") at "); out.instant(at, in: zone); out.end()
        case .occurrence(let r, let n, let after, let checkpoint):
            let every = policy.rules[r].obligation?.recurrence?.everyText ?? ""
            if let t = checkpoint {
                out.phrase("occurrence \(n): due at the set check time, \(zone.describe(t)), sooner than \(every) after the previous one was done (\(after))")
            } else {
                out.phrase("occurrence \(n): \(every) after the previous one was done (\(after))")
            }
        case .scheduled(let r, let n, let previous):
            let each = policy.rules[r].obligation?.recurrence?.everyText ?? ""
            out.phrase("occurrence \(n): on the schedule, each \(each) after the previous one's due (\(zone.describe(previous.displayInstant(in: zone)))), done or not")
        case .checkpoint(let t, let span, let start):
            out.phrase("due at the set check time, \(zone.describe(t)), sooner than \(span) from \(zone.describe(start))")
        case .notDone(let r, let due, let triggeredBy):
            let action = policy.rules[r].obligation.map { $0.actions.map { policy.vocabulary.events[$0].name }.joined(separator: " or ") } ?? ""
            out.begin(); out.text(action); out.fixed(" not done by "); out.deadline(due, in: zone); out.fixed(" (triggered by "); out.text(triggeredBy); out.fixed(")"); out.end()
        case .stillNotDone(let r, let step):
            if let after = policy.rules[r].escalations[step].afterText { out.phrase("still not done \(after) after it became overdue") }
        case .recordDate(let r, let k, let value):
            guard let deadline = policy.rules[r].obligation?.within[k] else { return }
            let when: String
            switch value {
            case .date(let d): when = zone.describeDate(d)
            case .instant(let t): when = zone.describe(t)
            }
            out.phrase("due \(deadline.text): \(deadline.reckoning.field.map { "event.\($0.name)" } ?? "the date") is \(when)")
        case .noDeadline(let r):
            let events = policy.rules[r].obligation?.before.map { policy.vocabulary.events[$0].name }.joined(separator: " or ") ?? ""
            out.phrase("no deadline of its own: due when \(events) comes, if still undone")
        case .moved(let from, let due):
            out.phrase("scheduled again: replaces the duty of \(from) (due \(zone.describe(due)))")
        case .cameFirst(let type, let id, let at):
            out.begin(); out.text(policy.vocabulary.events[type].name); out.fixed(" ("); out.text(id); out.fixed(") came at "); out.instant(at, in: zone); out.fixed(" while it was undone: due then"); out.end()
        case .startingFact(let f, let value):
            out.phrase("facts.\(policy.vocabulary.facts[f].name) already \(value) when the record starts (subject.facts)")
        case .text(let s):
            out.phrase(s)
        }
    }

    private func unknownWords<P: PhraseSink>(_ name: String, into out: inout P) {
        out.begin()
        if name.hasPrefix("facts."), let i = policy.vocabulary.factIndex[String(name.dropFirst(6))] {
            out.fixed("turns on "); out.text(name); out.fixed(" ("); out.text(policy.vocabulary.facts[i].meaning); out.fixed("), which the record does not say")
        } else if name == "age" {
            out.fixed("turns on the child's age, which the record does not give (subject.born)")
        } else if name.hasPrefix("latest("), name.hasSuffix(")") {
            out.fixed("turns on "); out.text(name); out.fixed(", and the record has no such event")
        } else {
            out.fixed("turns on "); out.text(name); out.fixed(", which the record does not give")
        }
        out.end()
    }
}

extension Zone {
    /// A deadline in words: the instant, or "the end of" its date.
    func describe(_ d: Deadline) -> String {
        switch d {
        case .instant(let t): return describe(t)
        case .date(let date): return "the end of \(describeDate(date))"
        }
    }
}
