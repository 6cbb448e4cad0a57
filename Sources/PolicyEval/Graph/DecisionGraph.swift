/// The compiled shape of a policy: which rules each event type can touch, which
/// rules wait on clocks, and the escalation edges between rules. Built once by the
/// compiler, so evaluating an event looks only at the rules its type indexes.
public struct DecisionGraph: Sendable {
    /// For each event type: the rules it triggers.
    public var triggers: [[Int]]
    /// For each event type: the rules whose duties it may discharge.
    public var discharges: [[Int]]
    /// For each event type: the rules whose duties it cancels (`unless`, `repeat.until`).
    public var cancels: [[Int]]
    /// For each event type: the rules whose undone duties it breaches by coming first (`before`).
    public var precedes: [[Int]]
    /// For each episode kind: its threshold rules.
    public var thresholds: [String: [Int]]
    /// The same, per episode kind's place in the vocabulary: what a session reads when an episode
    /// opens or a threshold fires (an index, not a lookup by the kind's name).
    var thresholdsByKind: [[Int]] = []
    /// For each rule: the rules triggered when one of its duties becomes overdue.
    public var onOverdue: [[Int]]
    /// Whether an event type matters to this policy at all (triggers, discharges, cancels).
    public var relevant: [Bool]
    /// Recurring rules that last only `while` a condition holds: looked at when a fact changes.
    public var whileRules: [Int]
    /// For each fact: the rules triggered when it changes (`when: {fact: cp_plan, becomes: true}`).
    public var factTriggers: [[Int]]
    /// Rules on a fact holding (`{fact: cp_plan, is: true}`): looked at when the record starts.
    public var startTriggers: [Int] = []

    init(rules: [Rule], vocabulary: Vocabulary) {
        let n = vocabulary.events.count
        triggers = Array(repeating: [], count: n)
        discharges = Array(repeating: [], count: n)
        cancels = Array(repeating: [], count: n)
        precedes = Array(repeating: [], count: n)
        thresholds = [:]
        onOverdue = Array(repeating: [], count: rules.count)
        factTriggers = Array(repeating: [], count: vocabulary.facts.count)
        for rule in rules {
            switch rule.trigger {
            case .becomes(let fact, _): factTriggers[fact].append(rule.index)
            case .holds(let fact, _):
                factTriggers[fact].append(rule.index)
                startTriggers.append(rule.index)
            case .event(let types): for t in Set(types) { triggers[t].append(rule.index) }
            case .threshold(let kind, _, _): thresholds[kind, default: []].append(rule.index)
            case .overdue(let j) where j >= 0: onOverdue[j].append(rule.index)
            case .overdue: break
            }
            if let o = rule.obligation {
                for t in Set(o.actions) { discharges[t].append(rule.index) }
                for t in Set(o.unless + (o.recurrence?.until ?? [])) { cancels[t].append(rule.index) }
                for t in Set(o.before) { precedes[t].append(rule.index) }
            }
        }
        whileRules = rules.filter { $0.obligation?.recurrence?.whileCondition != nil }.map(\.index)
        let (t, d, c, b) = (triggers, discharges, cancels, precedes)
        relevant = (0..<n).map { !t[$0].isEmpty || !d[$0].isEmpty || !c[$0].isEmpty || !b[$0].isEmpty }
        let byName = thresholds
        thresholdsByKind = vocabulary.episodes.map { byName[$0.kind] ?? [] }
    }
}
