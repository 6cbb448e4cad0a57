/// Puts reasons into practitioner words ("missing for 24h since ..., still missing at ...").
/// A report holds one, shared by all its entries, and uses it when `because` is read.
final class ReasonWords: Sendable, Equatable {
    let policy: Policy
    let zone: Zone
    let born: LocalDate?

    init(policy: Policy, zone: Zone, born: LocalDate?) {
        self.policy = policy
        self.zone = zone
        self.born = born
    }

    /// Two reports' words agree when they come from the same policy, zone and child.
    static func == (a: ReasonWords, b: ReasonWords) -> Bool {
        a === b || (a.policy.id == b.policy.id && a.policy.version == b.policy.version && a.zone == b.zone && a.born == b.born)
    }

    func words(_ reasons: ArraySlice<Reason>) -> [String] {
        var out: [String] = []
        for reason in reasons { append(reason, to: &out) }
        return out
    }

    private func append(_ reason: Reason, to out: inout [String]) {
        let vocabulary = policy.vocabulary
        switch reason {
        case .event(let type, let id, let at):
            out.append("\(vocabulary.events[type].name) (\(id)) at \(zone.describe(at))")
        case .threshold(let r, let start, let openedBy, let at):
            guard case .threshold(let kind, _, let text) = policy.rules[r].trigger else { return }
            out.append("\(kind) for \(text) since \(zone.describe(start)) (\(openedBy)), still \(kind) at \(zone.describe(at))")
        case .overdue(let target, let due, let at):
            out.append("'\(policy.rules[target].id)' overdue since \(due.map(zone.describe) ?? zone.describe(at))")
        case .condition(let ref, let snapshot):
            guard let condition = ref.condition(in: policy) else { return }
            let input = SnapshotInput(snapshot: snapshot, terms: condition.counts, latestTerms: condition.latestTerms, born: born, zone: zone)
            let episode = snapshot.episodeKind.flatMap { k in
                snapshot.episodeStart.map { (kind: vocabulary.episodes[k].kind, start: zone.describe($0)) }
            }
            out += condition.explain(input, vocabulary: vocabulary, now: zone.describe(snapshot.at), episode: episode)
        case .unknown(let name):
            out.append(unknownWords(name))
        case .countedFrom(let type, let id, let at):
            out.append("counted from \(vocabulary.events[type].name) (\(id)) at \(zone.describe(at))")
        case .occurrence(let r, let n, let after, let checkpoint):
            let every = policy.rules[r].obligation?.recurrence?.everyText ?? ""
            if let t = checkpoint {
                out.append("occurrence \(n): due at the set check time, \(zone.describe(t)), sooner than \(every) after the previous one was done (\(after))")
            } else {
                out.append("occurrence \(n): \(every) after the previous one was done (\(after))")
            }
        case .checkpoint(let t, let span, let start):
            out.append("due at the set check time, \(zone.describe(t)), sooner than \(span) from \(zone.describe(start))")
        case .notDone(let r, let due, let triggeredBy):
            let action = policy.rules[r].obligation.map { $0.actions.map { vocabulary.events[$0].name }.joined(separator: " or ") } ?? ""
            out.append("\(action) not done by \(zone.describe(due)) (triggered by \(triggeredBy))")
        case .stillNotDone(let r, let step):
            if let after = policy.rules[r].escalations[step].afterText { out.append("still not done \(after) after it became overdue") }
        case .recordDate(let r, let k, let value):
            guard let deadline = policy.rules[r].obligation?.within[k] else { return }
            let when: String
            switch value {
            case .date(let d): when = zone.describeDate(d)
            case .instant(let t): when = zone.describe(t)
            }
            out.append("due \(deadline.text): \(deadline.reckoning.field.map { "event.\($0.name)" } ?? "the date") is \(when)")
        case .noDeadline(let r):
            let events = policy.rules[r].obligation?.before.map { vocabulary.events[$0].name }.joined(separator: " or ") ?? ""
            out.append("no deadline of its own: due when \(events) comes, if still undone")
        case .moved(let from, let due):
            out.append("scheduled again: replaces the duty of \(from) (due \(zone.describe(due)))")
        case .cameFirst(let type, let id, let at):
            out.append("\(vocabulary.events[type].name) (\(id)) came at \(zone.describe(at)) while it was undone: due then")
        case .startingFact(let f, let value):
            out.append("facts.\(vocabulary.facts[f].name) already \(value) when the record starts (subject.facts)")
        case .text(let s):
            out.append(s)
        }
    }

    private func unknownWords(_ name: String) -> String {
        if name.hasPrefix("facts."), let i = policy.vocabulary.factIndex[String(name.dropFirst(6))] {
            return "turns on \(name) (\(policy.vocabulary.facts[i].meaning)), which the record does not say"
        }
        if name == "age" { return "turns on the child's age, which the record does not give (subject.born)" }
        if name.hasPrefix("latest("), name.hasSuffix(")") { return "turns on \(name), and the record has no such event" }
        return "turns on \(name), which the record does not give"
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
