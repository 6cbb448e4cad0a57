import Collections
import Foundation

/// A failure that stops evaluation: the answer would be wrong, so there is none.
public struct EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var event: String?
    public init(_ message: String, event: String? = nil) {
        self.message = message
        self.event = event
    }
    public var description: String { event.map { "event \($0): \(message)" } ?? message }
}

/// What one call to `ingest` or `advance` changed, for services reacting to events as they happen.
public enum Change: Sendable, Equatable {
    /// A duty is owed, due at `due`; also a duty reported `indeterminate` before, once the
    /// record says again what its `while` turns on and it is owed as before.
    case opened(rule: String, triggeredBy: String, due: Instant)
    case indeterminate(rule: String, triggeredBy: String, unknown: [String])
    case discharged(rule: String, status: ObligationStatus, by: String)
    case cancelled(rule: String, by: String)
    /// An overdue duty's closing event came: the breach stands and nothing later answers it.
    case closed(rule: String, by: String)
    case overdue(rule: String, since: Instant)
    case escalated(rule: String, notify: [String], at: Instant)
}

/// One incident's evaluation state against one policy. A value: copy it, send it
/// between tasks, encode it between events and restore it later. Time moves only
/// when an event arrives or `advance(to:)` is called; the session never reads a clock.
public struct Session: Sendable {
    public let policy: Policy
    let zone: Zone
    var state: SessionState
    /// Set by `explain`: the rule whose every step is recorded.
    var tracedRule: Int?
    /// A stream may repeat an event id; a batch read from a file has been checked already.
    var checksDuplicateIDs = true
    /// A batch evaluation wants only the report, not the changes event by event.
    var reportsChanges = true
    var trace: [TraceEntry] = []
    /// Kept only while a rule is traced: the events counts and history read, with their ids,
    /// and the episodes' starts, so that `explain` can say which were counted.
    var tracedRecord: [TracedEvent] = []
    var tracedEpisodes: [TracedEpisode] = []
    /// How many timers known to do nothing may wait before they are swept out (tests lower
    /// it). A sweep happens only when they are a quarter of the queue, so each costs a few times
    /// the timers it removes, and the number can be small.
    var staleTimersBeforeSweep = 64
    /// Scratch for one event: the value of each shared trigger condition, once evaluated.
    private var memo: [Truth?] = []
    /// While a repeated report is applied as a change of risk: the report's own type.
    private var rereport: EventTypeID?
    /// Set for one of several versions side by side (`VersionedSession`): whether this version
    /// was in force on a local day. Changes to duties that arose on other days are not reported.
    var versionInForce: (@Sendable (LocalDate) -> Bool)?

    public init(policy: Policy, incidentID: String, zone: Zone, subject: Subject) {
        self.policy = policy
        self.zone = zone
        self.time = TimeContext(zone: zone, calendar: policy.calendar, officeHours: policy.officeHours, immediate: policy.immediate)
        self.inputContext = InputContext(policy: policy, zone: zone, born: subject.born)
        self.state = SessionState(incidentID: incidentID, zoneName: zone.identifier, subject: subject, facts: subject.facts)
        self.memo = Array(repeating: nil, count: policy.sharedConditions)
        state.policyID = policy.id
        state.policyVersion = policy.version
    }

    /// Restores a session from `encoded()`; the policy must be the one it was made with.
    public init(policy: Policy, restoring data: Data) throws {
        self.policy = policy
        // The format first, so a session saved by another engine is refused in words, not misread.
        struct Format: Decodable { var format: Int? }
        let format = try JSONDecoder().decode(Format.self, from: data).format ?? 1
        guard format == SessionState.format else {
            throw EvaluationError("this session was saved by another version of policyeval (session format \(format); this one reads \(SessionState.format)); start a new session and give it the incident's events again")
        }
        self.state = try JSONDecoder().decode(SessionState.self, from: data)
        guard state.policyID == policy.id, state.policyVersion == policy.version else {
            throw EvaluationError("this session was saved with policy '\(state.policyID)' version \(state.policyVersion), not '\(policy.id)' version \(policy.version)")
        }
        self.zone = try Zone(identifier: state.zoneName)
        self.time = TimeContext(zone: zone, calendar: policy.calendar, officeHours: policy.officeHours, immediate: policy.immediate)
        self.inputContext = InputContext(policy: policy, zone: zone, born: state.subject.born)
        self.memo = Array(repeating: nil, count: policy.sharedConditions)
        let prepared = state.episodes.count == policy.vocabulary.episodes.count && state.countHistory.count == policy.countedTypes.count
            && state.pendingByRule.count == policy.rules.count && state.overdueByRule.count == policy.rules.count
            && state.history.count == policy.historyTerms.count
        let idle = state.episodes.isEmpty && state.pendingByRule.isEmpty && state.obligations.isEmpty
        guard prepared || idle else {
            throw EvaluationError("this session was saved with a different vocabulary")
        }
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(state)
    }

    /// Deadline arithmetic in the incident's zone with the policy's calendar and hours; made once.
    let time: TimeContext
    /// What every condition input shares; made once.
    let inputContext: InputContext

    // MARK: Public operations

    /// Takes one event, in time order. Returns what it changed.
    @discardableResult
    public mutating func ingest(_ event: Event) throws(EvaluationError) -> [Change] {
        var changes: [Change] = []
        if checksDuplicateIDs, state.seenEventIDs.contains(event.id) {
            throw EvaluationError("duplicate event id", event: event.id)
        }
        if let clock = state.clock, event.time < clock {
            warn(event.id, "arrived after the session had reached \(clock); an event earlier than the session's clock is left out")
            return []
        }
        if checksDuplicateIDs { state.seenEventIDs.insert(event.id) }
        state.prepare(episodeKinds: policy.vocabulary.episodes.count, countedTypes: policy.countedTypes.count, rules: policy.rules.count,
                          historyTerms: policy.historyTerms.count)
        try fireTimers(through: event.time, changes: &changes)
        try begin(at: event.time, changes: &changes)
        state.clock = event.time
        state.eventCount += 1
        try apply(event, changes: &changes)
        // Thresholds crossed in the past (an episode that began at `last_seen`) fire now.
        try fireTimers(through: event.time, changes: &changes, strictlyBefore: true)
        return changes
    }

    /// An event this policy has no use for: only its id is remembered, so a duplicate is still caught.
    /// The first one still starts the record.
    mutating func noteSkipped(_ event: Event) throws(EvaluationError) {
        if checksDuplicateIDs { state.seenEventIDs.insert(event.id) }
        if !state.started {
            state.prepare(episodeKinds: policy.vocabulary.episodes.count, countedTypes: policy.countedTypes.count, rules: policy.rules.count,
                          historyTerms: policy.historyTerms.count)
            var none: [Change] = []
            try begin(at: event.time, changes: &none)
        }
    }

    /// The record starts at its first event's instant, before that event is applied: the subject's
    /// facts are the state then. Rules on a fact holding (`is`) whose fact already holds fire, with
    /// `subject.facts` as what triggered them; a rule on a fact becoming true that already is gets
    /// a warning, since it fires only when an event changes it.
    private mutating func begin(at instant: Instant, changes: inout [Change]) throws(EvaluationError) {
        guard !state.started else { return }
        state.started = true
        for rule in policy.rules {
            // Only for `true`: a fact false from the start is the usual case, and "becomes false" means its end.
            guard case .becomes(let f, let v) = rule.trigger, v, state.facts[f] == v else { continue }
            let fact = policy.vocabulary.facts[f].name
            warn(nil, "facts.\(fact) is already \(v) when the record starts, so rule '\(rule.id)' ({fact: \(fact), becomes: \(v)}) fires only if an event changes it; {fact: \(fact), is: \(v)} also fires at the start")
        }
        for r in policy.graph.startTriggers {
            guard case .holds(let f, let v) = policy.rules[r].trigger, state.facts[f] == v else { continue }
            if tracedRule == r { traceLine(r, "facts.\(policy.vocabulary.facts[f].name) is already \(v) when the record starts", at: instant) }
            try fire(rule: r, at: instant, event: nil, episode: nil, via: nil, by: "subject.facts", changes: &changes)
        }
    }

    /// Moves time forward, firing every deadline and threshold up to `instant`.
    @discardableResult
    public mutating func advance(to instant: Instant) throws(EvaluationError) -> [Change] {
        var changes: [Change] = []
        try fireTimers(through: instant, changes: &changes)
        if state.clock == nil || state.clock! < instant { state.clock = instant }
        return changes
    }

    /// The report as of an instant, which must not be before the session's clock (a report
    /// as of an earlier moment would mix in events that had not happened yet).
    public func report(asOf: Instant) throws(EvaluationError) -> Report {
        if let clock = state.clock, asOf < clock {
            throw EvaluationError("cannot report as of \(asOf): the session has already reached \(clock)")
        }
        var copy = self
        try copy.advance(to: asOf)
        return copy.buildReport(asOf: asOf)
    }

    // MARK: Events

    private mutating func apply(_ event: Event, changes: inout [Change]) throws(EvaluationError) {
        let type = event.type
        traceEvent(event)

        if !policy.fromRules[type].isEmpty { rememberForDutiesCountedFrom(event) }

        // 1. Earlier duties this event discharges or cancels.
        if !policy.graph.discharges[type].isEmpty { try discharge(by: event, changes: &changes) }
        if !policy.graph.cancels[type].isEmpty { cancel(by: event, changes: &changes) }
        if !policy.graph.precedes[type].isEmpty { cameFirst(event, changes: &changes) }

        // 2. The record's state: episodes, facts, counts.
        // The kind of the episode in scope, looked up when a rule needs it (`episode(inScope:)`):
        // a copy of its record here counted each of its strings for every event.
        var episodeInScope: Int?
        for k in policy.vocabulary.episodes.indices {
            if type == policy.vocabulary.episodes[k].openedBy {
                // Asked through a field: binding the slot to test it copied the record, strings and all.
                if state.episodes[k]?.serial != nil, let open = state.episodes[k] {
                    let kind = policy.vocabulary.episodes[k]
                    // A repeated report opens nothing, so rules on it do not fire again; a
                    // different risk in it is a change of risk, and rules on that fire.
                    let risk: String? = kind.riskField.flatMap { if case .string(let s)? = event.data[$0] { s } else { nil } }
                    guard let changedBy = kind.riskChangedBy, let risk, risk != open.risk else {
                        warn(event.id, "a \(kind.kind) episode is already open (since \(describe(open.start))); read as a repeat of that report, not a new episode")
                        // What it says of the child still counts (a re-recorded absence at risk).
                        return try updateFacts(by: event, episode: open, changes: &changes)
                    }
                    warn(event.id, "a \(kind.kind) episode is already open (since \(describe(open.start))); read as a change of its risk to \(risk), not a new episode")
                    let fields = policy.vocabulary.events[changedBy].fields
                    var data = [Value?](repeating: nil, count: fields.count)
                    if let i = kind.riskChangedField { data[i] = .string(risk) }
                    rereport = type  // reasons name the report the record holds, not the change it is read as
                    defer { rereport = nil }
                    try changeRisk(of: k, to: risk, by: Event(id: event.id, type: changedBy, time: event.time, data: data), changes: &changes)
                    return try updateFacts(by: event, episode: state.episodes[k], changes: &changes)
                }
                // The kind's fields read in place: binding the kind copied it, strings and all.
                var start = event.time
                if let f = policy.vocabulary.episodes[k].startField, case .time(let t)? = event.data[f] {
                    if t <= event.time { start = t } else {
                        warn(event.id, "'\(policy.vocabulary.events[type].fields[f].name)' is after the event's own time; the episode starts at the event")
                    }
                }
                state.sequence += 1
                let risk: String? = policy.vocabulary.episodes[k].riskField.flatMap { if case .string(let s)? = event.data[$0] { s } else { nil } }
                state.episodes[k] = EpisodeRecord(kind: k, serial: state.sequence, start: start, openedBy: event.id, openedAt: event.time, risk: risk)
                state.episodeStarts[k].insert(start)
                if tracedRule != nil { tracedEpisodes.append(TracedEpisode(kind: k, start: start, openedBy: event.id)) }
                state.episodeStarts[k].prune(before: historyHorizon(now: event.time))
                episodeInScope = k
                // One place in the timer order for each of the kind's thresholds, taken now; the
                // thresholds are armed one at a time, in the order they will be crossed.
                let thresholds = policy.graph.thresholdsByKind[k]
                let base = state.sequence + 1
                state.sequence += thresholds.count
                if !thresholds.isEmpty, let record = state.episodes[k], let first = try nextThreshold(of: record, rules: thresholds, after: nil) {
                    armThreshold(first, rules: thresholds, base: base, episode: record)
                }
            } else if type == policy.vocabulary.episodes[k].closedBy {
                // Moved from the open slot to the closed one and ended there, never copied (a copy
                // counts each of its strings).
                guard state.episodes[k]?.serial != nil else {
                    // The episode may have begun before the record (its state given in the
                    // subject's facts): what the event says of the child still counts.
                    warn(event.id, "no \(policy.vocabulary.episodes[k].kind) episode is open; no rule on this event fires, but the facts it sets apply")
                    return try updateFacts(by: event, episode: nil, changes: &changes)
                }
                state.closedEpisodes[k] = state.episodes[k].take()  // the open slot is empty, so `episode(inScope:)` finds it here
                state.closedEpisodes[k]!.end = event.time
                state.closedEpisodes[k]!.closedBy = event.id
                episodeInScope = k
            } else if type == policy.vocabulary.episodes[k].riskChangedBy {
                guard state.episodes[k]?.serial != nil else {
                    warn(event.id, "no \(policy.vocabulary.episodes[k].kind) episode is open; the risk change is left out of the evaluation")
                    return
                }
                let openRisk = state.episodes[k]?.risk
                let risk: String? = policy.vocabulary.episodes[k].riskChangedField.flatMap { if case .string(let s)? = event.data[$0] { s } else { nil } }
                guard let risk, risk != openRisk else {
                    warn(event.id, "the \(policy.vocabulary.episodes[k].kind) episode's risk is already \(openRisk ?? "unset"); nothing changes")
                    return
                }
                record(event)  // in the record like any other event: counted and remembered
                return try changeRisk(of: k, to: risk, by: event, changes: &changes)
            } else if policy.episodeOfType[type] == k {
                episodeInScope = k
            }
        }
        record(event)

        // 3. Rules this event triggers; a condition shared by several of them is evaluated once.
        // Then the facts it sets, and rules on the facts it changed.
        let changedFacts = try setFacts(by: event, changes: &changes)
        // Most events fire no rule (they keep episodes, facts and counts): nothing more to do.
        guard !policy.graph.triggers[type].isEmpty || !changedFacts.isEmpty else { return }
        try fireRules(on: event, episodeIn: episodeInScope, changes: &changes)
        if !changedFacts.isEmpty { try fireFactRules(changedFacts, event: event, episode: episode(inScope: episodeInScope), changes: &changes) }
    }

    /// The episode of kind `k` in scope of an event: the open one, else the last closed one (an
    /// event that closes an episode has just moved it there). Nothing changes the slots between
    /// an event's episode step and its rules, so reading them then gives what the step saw.
    @inline(__always)
    private func episode(inScope k: Int?) -> EpisodeRecord? {
        guard let k else { return nil }
        if state.episodes[k]?.serial != nil { return state.episodes[k] }  // a field: comparing the slot with nil copied it
        return state.closedEpisodes[k]
    }

    /// The event in the record that counts and history read (one left out, or read as a repeat, is not).
    private mutating func record(_ event: Event) {
        if tracedRule != nil { tracedRecord.append(TracedEvent(id: event.id, type: event.type, time: event.time, data: event.data)) }
        let slot = policy.countSlot[event.type]
        if slot >= 0 {
            state.countHistory[slot].insert(event.time)
            state.countHistory[slot].prune(before: historyHorizon(now: event.time))
        }
        if !policy.historyAnchors[event.type].isEmpty || !policy.historyByType[event.type].isEmpty { remember(event) }
    }

    /// What conditions read of the earlier record (`latest`, `exists`, `count` with `since` or
    /// `where`): terms counted since this event's type start again, then the terms that remember
    /// this type take it, if their `where` holds for it (checked now, once, on its own fields).
    private mutating func remember(_ event: Event) {
        for t in policy.historyAnchors[event.type] {
            state.history[t].count = 0
            state.history[t].anchored = true
        }
        for t in policy.historyByType[event.type] {
            if let filter = policy.historyTerms[t].filter,
               filter.evaluate(RecordedEventInput(data: event.data, eventType: event.type, eventTime: event.time, dateZone: inputContext.zone)) != .yes { continue }
            if policy.historyTerms[t].keepsData { state.history[t].latest = Session.kept(event, fields: policy.vocabulary.events[event.type].fields.count) }
            switch policy.historyTerms[t].span {
            case .within(let window):
                state.history[t].times.insert(event.time)
                state.history[t].times.prune(before: event.time + (-window))
            case .all, .since:
                state.history[t].count += 1
            }
        }
    }

    /// What a `latest(T)` keeps of an event: its data, then its time (read by `time_of(latest(T))`,
    /// at the index just after the type's fields).
    static func kept(_ event: Event, fields: Int) -> [Value?] {
        var data = event.data
        if data.count < fields { data += Array(repeating: nil, count: fields - data.count) }
        data.append(.time(event.time))
        return data
    }

    /// The facts an event sets, without firing rules on the event itself (a repeated report).
    private mutating func updateFacts(by event: Event, episode: EpisodeRecord?, changes: inout [Change]) throws(EvaluationError) {
        let changedFacts = try setFacts(by: event, changes: &changes)
        try fireFactRules(changedFacts, event: event, episode: episode, changes: &changes)
    }

    private mutating func setFacts(by event: Event, changes: inout [Change]) throws(EvaluationError) -> [(fact: Int, value: Bool)] {
        let type = event.type
        // Most events set no fact: nothing to look at.
        if policy.vocabulary.events[type].sets.isEmpty { return [] }
        var changedFacts: [(fact: Int, value: Bool)] = []
        var knownAgain = false
        var unsaid: [(fact: String, field: String)] = []
        // By place, each effect read in place: a loop over the list held it, and copied each effect.
        for s in policy.vocabulary.events[type].sets.indices {
            let fact = policy.vocabulary.events[type].sets[s].fact
            let value: Bool
            switch policy.vocabulary.events[type].sets[s].effect {
            case .constant(let b): value = b
            case .when(let f, let values, let b):
                // A conditional effect: only when the event gives one of the values.
                guard let v = event.data[f], values.contains(v) else { continue }
                value = b
            case .field(let f):
                if case .bool(let b)? = event.data[f] {
                    value = b
                } else {
                    // An optional yes/no field the event leaves out does not say what the fact now is:
                    // the fact becomes unknown, never silently false (a review conference that does not
                    // say whether the plan continues does not end it). Said aloud in the report.
                    guard state.facts[fact] != nil else { continue }
                    let name = policy.vocabulary.events[type].fields[f].name
                    let factName = policy.vocabulary.facts[fact].name
                    warn(event.id, "does not say '\(name)', so facts.\(factName) is now unknown (not read as false); duties that last while it holds are indeterminate until the record says")
                    state.unknownFacts[fact] = state.facts[fact]!
                    state.facts[fact] = nil
                    unsaid.append((fact: factName, field: "event.\(name)"))
                    continue
                }
            }
            if state.facts[fact] == nil, let before = state.unknownFacts.removeValue(forKey: fact) {
                // Known again after an event left it unknown: a change only if it differs from what it was
                // before (a plan that held, went unsaid and holds again did not start anew).
                state.facts[fact] = value
                knownAgain = true
                if before != value { changedFacts.append((fact, value)) }
                continue
            }
            if state.facts[fact] != value {
                state.facts[fact] = value
                changedFacts.append((fact, value))
            }
        }
        if !changedFacts.isEmpty || !unsaid.isEmpty || knownAgain { try endRecurrences(after: event, unsaid: unsaid, changes: &changes) }
        return changedFacts
    }

    private mutating func fireFactRules(_ changedFacts: [(fact: Int, value: Bool)], event: Event, episode eventEpisode: EpisodeRecord?,
                                        changes: inout [Change]) throws(EvaluationError) {
        for (fact, value) in changedFacts {
            for r in policy.graph.factTriggers[fact] {
                switch policy.rules[r].trigger {
                case .becomes(_, let wanted), .holds(_, let wanted): if wanted != value { continue }
                default: continue
                }
                try fire(rule: r, at: event.time, event: event, episode: eventEpisode, via: nil, changes: &changes)
            }
        }
    }

    /// `k`: the kind of the episode in scope (`episode(inScope:)`). Its record is read in place for the
    /// input, and copied for a rule only where `fire` keeps it (a rule another follows) or traces it.
    private mutating func fireRules(on event: Event, episodeIn k: Int?, changes: inout [Change]) throws(EvaluationError) {
        let rules = policy.graph.triggers[event.type]
        defer {
            for r in rules { if let slot = policy.rules[r].condition?.slot, slot >= 0 { memo[slot] = nil } }
        }
        guard !rules.isEmpty else { return }
        // One condition input for every rule the event triggers, not one per rule: each input
        // holds six references, counted up when it is made and down when it goes. Firing a rule
        // changes none of what an input holds (facts, counts, history), so all see the same.
        // Made an optional once: a plain value passed to `fire`'s optional parameter was copied per rule.
        let scope: EngineInput? = input(at: event.time, event: event, episodeIn: k)
        for r in rules {
            if tracedRule != nil || !policy.graph.onOverdue[r].isEmpty {
                try fire(rule: r, at: event.time, event: event, episode: episode(inScope: k), via: nil, sharedConditions: true, scope: scope, changes: &changes)
            } else {
                // An event's rule reads its episode only through the input (its reason names the event).
                try fire(rule: r, at: event.time, event: event, episode: nil, via: nil, sharedConditions: true, scope: scope, changes: &changes)
            }
        }
    }

    /// The open episode's risk changes: rules on the change fire, with the episode in scope.
    private mutating func changeRisk(of k: Int, to risk: String, by event: Event, changes: inout [Change]) throws(EvaluationError) {
        guard state.episodes[k]?.serial != nil else { return }
        state.episodes[k]!.risk = risk  // in place
        try fireRules(on: event, episodeIn: k, changes: &changes)
    }

    /// Counting windows end now, or at the start of the episode in scope (which may be long
    /// past): times before this horizon can never be counted again.
    @inline(__always)
    private func historyHorizon(now: Instant) -> Instant {
        // Only the starts are read: binding each record would copy it, its strings counted.
        var end = now
        for k in state.episodes.indices {
            if let s = state.episodes[k]?.start, s < end { end = s }
            if let s = state.closedEpisodes[k]?.start, s < end { end = s }
        }
        return end + (-policy.longestWindow)
    }

    private mutating func discharge(by event: Event, changes: inout [Change]) throws(EvaluationError) {
        for r in policy.graph.discharges[event.type] {
            // One event discharges one duty of each rule it answers: the earliest still
            // in time, else the oldest overdue, so a late answer never takes a current one's place.
            guard let first = dischargeCandidate(rule: r, event: event) else { continue }
            if let onlyIf = policy.duties[r]?.duty.onlyIf {
                let given = input(at: event.time, event: event, episode: nil)
                let truth = onlyIf.evaluate(given)
                if tracedRule == r {
                    traceLine(r, "\(event.id) \(policy.vocabulary.events[event.type].name): only_if \(onlyIf.source) → \(truth.words)")
                    traceCounts(r, onlyIf, at: event.time, episode: nil)
                }
                guard truth == .yes else { continue }
            }
            // `answers: all`: the answer covers every open duty of the rule, in time or overdue.
            // Otherwise the one duty is answered directly (no one-element array made per answer).
            if policy.duties[r]?.duty.answersAll == true {
                for i in allDischargeCandidates(rule: r, event: event) { try answer(i, rule: r, by: event, changes: &changes) }
            } else {
                try answer(first, rule: r, by: event, changes: &changes)
            }
        }
    }

    /// Duty `i` of rule `r` is answered by `event`.
    private mutating func answer(_ i: Int, rule r: Int, by event: Event, changes: inout [Change]) throws(EvaluationError) {
        state.obligations[i].state = .discharged(by: event.id, at: event.time)
        close(i)
        if !state.from.isEmpty, state.from[r]?.answer?.id == event.id { markAnswered(r) }
        // The status only for the trace or a caller's changes (a batch evaluation wants neither).
        if tracedRule == r || reports(duty: state.obligations[i].triggeredAt) {
            let status = state.obligations[i].status(asOf: event.time)
            if tracedRule == r { traceLine(r, "discharged by \(event.id) at \(describe(event.time)): \(status.rawValue)") }
            if reports(duty: state.obligations[i].triggeredAt) { changes.append(.discharged(rule: policy.rules[r].id, status: status, by: event.id)) }
        }
        if let rec = policy.duties[r]?.duty.recurrence, !rec.fixed, recurrenceLasts(r, at: event, rec) {
            let next = try openOccurrence(rule: r, after: i, at: event.time, by: event.id, recurrence: rec)
            if reports(duty: state.obligations[state.obligations.count - 1].triggeredAt) { changes.append(.opened(rule: policy.rules[r].id, triggeredBy: event.id, due: next)) }
        }
    }

    /// Duties counted `from` an earlier event: this event may be what one counts from, or what answers
    /// one. `only_if` is looked at now, as the event comes (as for any answer), and once: an event it
    /// rejects neither answers the duty nor, where it is of the `from` type too, is counted from
    /// (a routine review after a transition review leaves the duty counted from the transition review).
    private mutating func rememberForDutiesCountedFrom(_ event: Event) {
        for r in policy.fromRules[event.type] {
            guard let duty = policy.duties[r]?.duty else { continue }
            var holds = true
            if duty.actions.contains(event.type), let onlyIf = duty.onlyIf {
                holds = onlyIf.evaluate(input(at: event.time, event: event, episode: nil)) == .yes
                if !holds, tracedRule == r {
                    traceLine(r, "\(event.id) \(policy.vocabulary.events[event.type].name): only_if \(onlyIf.source) → false; it answers nothing"
                        + (duty.from == event.type ? " and is not counted from" : ""), at: event.time)
                }
            }
            let mark = FromRecord.Mark(id: event.id, at: event.time)
            var counted = holds
            if duty.from == event.type, holds, let condition = duty.fromCondition {
                // A conditional `from`: only an event for which it holds is counted from. Where it turns
                // on what the record does not say, the earlier deadline is taken (the reading that
                // protects the child): an earlier event still counted from stays so, and with none this
                // one is counted from rather than the trigger.
                let truth = condition.evaluate(input(at: event.time, event: event, episode: nil))
                switch truth {
                case .yes: counted = true
                case .no: counted = false
                case .unknown: counted = state.from[r]?.anchor == nil || state.from[r]?.anchorUsed == true
                }
                if tracedRule == r {
                    traceLine(r, "\(event.id) \(policy.vocabulary.events[event.type].name): from if \(condition.source) → \(truth.words)"
                        + (counted ? "; counted from" : "; not counted from"), at: event.time)
                    traceCounts(r, condition, at: event.time, episode: nil)
                }
            }
            if duty.from == event.type, counted {
                state.from[r, default: FromRecord()].anchor = mark
                state.from[r, default: FromRecord()].anchorUsed = false
            }
            if duty.actions.contains(event.type), holds {
                state.from[r, default: FromRecord()].answer = mark
                state.from[r, default: FromRecord()].answered = false
            }
        }
    }

    /// A duty counted from an earlier event may already have been done between that event and
    /// the trigger (a strategy discussion held before the referral was recorded as accepted):
    /// the latest event of its action types for which `only_if` held answers it, unless it
    /// answered a duty of this rule already.
    private mutating func answerFromEarlier(rule r: Int, obligation i: Int, since start: Instant, until instant: Instant, changes: inout [Change]) {
        guard let record = state.from[r], let done = record.answer, !record.answered, done.at >= start, done.at <= instant,
              done.id != state.obligations[i].triggeredBy else { return }
        state.obligations[i].state = .discharged(by: done.id, at: done.at)
        close(i)
        markAnswered(r)
        if tracedRule == r { traceLine(r, "already done by \(done.id) at \(describe(done.at))", at: instant) }
        if reports(duty: state.obligations[i].triggeredAt) { changes.append(.discharged(rule: policy.rules[r].id, status: state.obligations[i].status(asOf: instant), by: done.id)) }
    }

    /// The latest event that would answer rule `r`'s duty counted from an earlier event has answered
    /// one: it answers no other, and, where it is also what the duty counts from, is not counted from again.
    private mutating func markAnswered(_ r: Int) {
        state.from[r]?.answered = true
        if let a = state.from[r]?.answer, state.from[r]?.anchor == a { state.from[r]?.anchorUsed = true }
    }

    /// The duty an event would discharge for a rule (a non-mutating look, so no copy is held
    /// while the obligations change).
    @inline(__always)
    private func dischargeCandidate(rule r: Int, event: Event) -> Int? {
        // Plain loops: a nested function over `self` made a copy of the whole session to capture.
        for i in state.pendingByRule[r] where state.obligations[i].triggeredAt <= event.time && state.obligations[i].triggeredBy != event.id { return i }
        for i in state.overdueByRule[r] where state.obligations[i].triggeredAt <= event.time && state.obligations[i].triggeredBy != event.id { return i }
        return nil
    }

    /// Every duty an event answers for a rule with `answers: all`: those in time, then those overdue.
    @inline(__always)
    private func allDischargeCandidates(rule r: Int, event: Event) -> [Int] {
        func eligible(_ i: Int) -> Bool {
            state.obligations[i].triggeredAt <= event.time && state.obligations[i].triggeredBy != event.id
        }
        return state.pendingByRule[r].filter(eligible) + state.overdueByRule[r].filter(eligible)
    }

    private mutating func cancel(by event: Event, changes: inout [Change]) {
        for r in policy.graph.cancels[event.type] {
            if let condition = policy.duties[r]?.duty.unlessConditions[event.type],
               !(policy.duties[r]?.duty.recurrence?.until.contains(event.type) ?? false) {
                let truth = condition.evaluate(input(at: event.time, event: event, episode: nil))
                if tracedRule == r {
                    traceLine(r, "\(event.id) \(policy.vocabulary.events[event.type].name): unless \(condition.source) → \(truth.words)")
                    traceCounts(r, condition, at: event.time, episode: nil)
                }
                guard truth == .yes else { continue }
            }
            cancelInTime(rule: r, by: event, changes: &changes)
        }
    }

    /// Duties still in time are cancelled. Those already overdue stay overdue (a breach that
    /// has happened stays a breach) and lapse: no later event, of another episode or plan,
    /// can answer them.
    private mutating func cancelInTime(rule r: Int, by event: Event, changes: inout [Change]) {
        // A fixed schedule ends here: no later occurrence opens for a firing before this instant.
        if policy.duties[r]?.duty.recurrence?.fixed == true { state.scheduleEnded[r] = event.time }
        for i in state.pendingByRule[r] where state.obligations[i].triggeredAt <= event.time {
            state.obligations[i].state = .cancelled(by: event.id, at: event.time)
            close(i)
            if tracedRule == r { traceLine(r, "cancelled by \(event.id) at \(describe(event.time))") }
            if reports(duty: state.obligations[i].triggeredAt) { changes.append(.cancelled(rule: policy.rules[r].id, by: event.id)) }
        }
        // Occurrences left indeterminate by a fact gone unknown end too: whatever that fact is, this event ends them.
        if let waiting = state.suspended[r] {
            let ended = waiting.filter { state.obligations[$0].triggeredAt <= event.time }
            for i in ended {
                state.obligations[i].state = .cancelled(by: event.id, at: event.time)
                state.obligations[i].indeterminate = nil
                if tracedRule == r { traceLine(r, "cancelled by \(event.id) at \(describe(event.time))") }
                if reports(duty: state.obligations[i].triggeredAt) { changes.append(.cancelled(rule: policy.rules[r].id, by: event.id)) }
            }
            let left = waiting.filter { state.obligations[$0].triggeredAt > event.time }
            state.suspended[r] = left.isEmpty ? nil : left
        }
        for i in state.overdueByRule[r] where state.obligations[i].triggeredAt <= event.time {
            state.obligations[i].state = .lapsed(by: event.id, at: event.time)
            close(i)
            if tracedRule == r { traceLine(r, "still overdue when \(event.id) closed it at \(describe(event.time)); the breach stands") }
            if reports(duty: state.obligations[i].triggeredAt) { changes.append(.closed(rule: policy.rules[r].id, by: event.id)) }
        }
    }

    /// An event some rules list in `before` has come. Their duties still undone fall due at this
    /// instant: an answer at the same instant is in time (whatever the order of the record), and
    /// once the instant has passed the duty is overdue, escalated and closed by the event. Duties
    /// already overdue are closed now: the breach stands and nothing later answers them.
    private mutating func cameFirst(_ event: Event, changes: inout [Change]) {
        for r in policy.graph.precedes[event.type] {
            if let condition = policy.duties[r]?.duty.beforeConditions[event.type] {
                // Unknown counts as coming first: the reading that protects the child.
                let truth = condition.evaluate(input(at: event.time, event: event, episode: nil))
                if tracedRule == r {
                    traceLine(r, "\(event.id) \(policy.vocabulary.events[event.type].name): before if \(condition.source) → \(truth.words)")
                    traceCounts(r, condition, at: event.time, episode: nil)
                }
                if truth == .no { continue }
            }
            for i in state.pendingByRule[r] where state.obligations[i].triggeredAt <= event.time
                && state.obligations[i].triggeredBy != event.id && state.obligations[i].closing == nil {
                state.obligations[i].closing = event.id
                appendReason(.cameFirst(type: event.type, id: event.id, at: event.time), to: i)
                if event.time + 1 < state.obligations[i].overdueAt {
                    state.obligations[i].due = .instant(event.time)
                    state.obligations[i].overdueAt = event.time + 1
                    state.sequence += 1
                    state.timers.push(Timer(fireAt: event.time + 1, sequence: state.sequence, kind: .overdue(obligation: i)))
                    timerWentStale()  // the timer for its earlier deadline will do nothing
                }
                if tracedRule == r { traceLine(r, "\(event.id) \(policy.vocabulary.events[event.type].name) came while it was undone: due now", at: event.time) }
            }
            for i in state.overdueByRule[r] where state.obligations[i].triggeredAt <= event.time && state.obligations[i].triggeredBy != event.id {
                state.obligations[i].state = .lapsed(by: event.id, at: event.time)
                close(i)
                if tracedRule == r { traceLine(r, "still overdue when \(event.id) came at \(describe(event.time)); the breach stands") }
                if reports(duty: state.obligations[i].triggeredAt) { changes.append(.closed(rule: policy.rules[r].id, by: event.id)) }
            }
        }
    }

    /// Adds a reason to a duty made earlier: its reasons are moved to the end of the log first
    /// when others have been added since (rare: only a `before` event does this).
    private mutating func appendReason(_ reason: Reason, to i: Int) {
        var range = state.obligations[i].because.range
        if range.upperBound != state.reasons.count {
            let copy = Array(state.reasons[range])
            range = state.reasons.count..<(state.reasons.count + copy.count)
            state.reasons.append(contentsOf: copy)
        }
        state.reasons.append(reason)
        state.obligations[i].because = ReasonRange(from: range.lowerBound, to: state.reasons.count)
    }

    /// What a scheduling event schedules: its type and every field that is not a date or a time
    /// (`kind`, and `ref` where given; a field left out counts as a value of its own). A later event
    /// that agrees on all of them schedules the same thing again.
    private func scheduleKey(_ event: Event) -> String {
        var key = "\(event.type)"
        for (k, f) in policy.vocabulary.events[event.type].fields.enumerated() where f.type != .date && f.type != .time {
            key += "|\(f.name)=" + (k < event.data.count ? event.data[k].map { "\($0)" } ?? "-" : "-")
        }
        return key
    }

    /// Whether a recurrence goes on after a discharge: not once its `while` is known to be false.
    @inline(__always)
    private func recurrenceLasts(_ r: Int, at event: Event, _ rec: Rule.Recurrence) -> Bool {
        guard let condition = rec.whileCondition else { return true }
        return condition.evaluate(input(at: event.time, event: nil, episode: nil)) != .no
    }

    /// A fact has changed: recurrences that last only `while` a condition holds, and no longer do, end.
    /// `unsaid`: facts this event made unknown by leaving out the field that sets them: an occurrence in
    /// time whose `while` now turns on one becomes indeterminate, naming the fact and the field.
    private mutating func endRecurrences(after event: Event, unsaid: [(fact: String, field: String)] = [], changes: inout [Change]) throws(EvaluationError) {
        try resume(after: event, changes: &changes)
        for r in policy.graph.whileRules where !state.pendingByRule[r].isEmpty || !state.overdueByRule[r].isEmpty {
            guard let condition = policy.duties[r]?.duty.recurrence?.whileCondition else { continue }
            let truth = condition.evaluate(input(at: event.time, event: nil, episode: nil))
            if tracedRule == r {
                traceLine(r, "\(event.id) changed a fact: while \(condition.source) → \(truth.words)")
                traceCounts(r, condition, at: event.time, episode: nil)
            }
            if truth == .no { cancelInTime(rule: r, by: event, changes: &changes) }
            if case .unknown(let names) = truth {
                let fields = unsaid.filter { names.contains("facts.\($0.fact)") }.map(\.field)
                if !fields.isEmpty { suspend(rule: r, by: event, unknown: Session.unique(names + fields), changes: &changes) }
            }
        }
    }

    /// The occurrences of rule `r` still in time become indeterminate: whether they are still owed turns on
    /// what the record does not say. They are neither answered nor escalated; a breach already made stays.
    private mutating func suspend(rule r: Int, by event: Event, unknown: [String], changes: inout [Change]) {
        for i in state.pendingByRule[r] where state.obligations[i].triggeredAt <= event.time {
            state.obligations[i].indeterminate = unknown
            appendReason(.event(type: event.type, id: event.id, at: event.time), to: i)
            for name in unknown { appendReason(.unknown(name), to: i) }
            if let k = state.pendingByRule[r].ascendingIndex(of: i) { state.pendingByRule[r].remove(at: k) }
            state.suspended[r, default: []].append(i)
            timerWentStale()  // its overdue timer will do nothing
            if tracedRule == r { traceLine(r, "\(event.id) leaves it unknown whether it is still owed: indeterminate", at: event.time) }
            if reports(duty: state.obligations[i].triggeredAt) { changes.append(.indeterminate(rule: policy.rules[r].id, triggeredBy: state.obligations[i].triggeredBy, unknown: unknown)) }
        }
    }

    /// Facts have changed or are known again: occurrences suspended by a fact gone unknown whose `while`
    /// is now known are put back as the same duties, due as before, with their timers. One whose due has
    /// passed meanwhile is overdue at once, its escalations counted from its due. If the `while` is now
    /// false, `endRecurrences` then cancels them as it does when a `while` goes false (a breach made
    /// while the record was silent stays a breach and lapses).
    private mutating func resume(after event: Event, changes: inout [Change]) throws(EvaluationError) {
        guard !state.suspended.isEmpty else { return }
        var resumed = false
        for r in state.suspended.keys.sorted() {
            guard let condition = policy.duties[r]?.duty.recurrence?.whileCondition else { continue }
            let truth = condition.evaluate(input(at: event.time, event: nil, episode: nil))
            if case .unknown = truth { continue }
            let fixed = policy.duties[r]?.duty.recurrence?.fixed == true
            for i in state.suspended.removeValue(forKey: r) ?? [] where state.obligations[i].state == .open {
                state.obligations[i].indeterminate = nil
                // Its reasons no longer say the record leaves it unknown; the event that said it again is added.
                let kept = state.reasons[state.obligations[i].because.range].filter { if case .unknown = $0 { return false } else { return true } }
                let start = state.reasons.count
                state.reasons.append(contentsOf: kept)
                state.reasons.append(.event(type: event.type, id: event.id, at: event.time))
                state.obligations[i].because = ReasonRange(from: start, to: state.reasons.count)
                let k = state.pendingByRule[r].firstIndex { $0 > i } ?? state.pendingByRule[r].endIndex
                state.pendingByRule[r].insert(i, at: k)
                let overdueAt = state.obligations[i].overdueAt
                // Its overdue timer may have been swept out while it was indeterminate: a new one (the
                // overdue timer does nothing for a duty already overdue).
                state.sequence += 1
                state.timers.push(Timer(fireAt: overdueAt, sequence: state.sequence, kind: .overdue(obligation: i)))
                // The next occurrence on a fixed schedule: its timer has already come and done nothing if
                // the due has passed; otherwise it is still waiting.
                if fixed, overdueAt <= event.time, state.obligations[i].due.displayInstant(in: zone) != .noDeadline {
                    state.sequence += 1
                    state.timers.push(Timer(fireAt: overdueAt, sequence: state.sequence, kind: .nextOccurrence(obligation: Int32(i))))
                }
                resumed = true
                // A stream told of the duty as indeterminate hears that it is owed again, due as before.
                if reports(duty: state.obligations[i].triggeredAt) {
                    changes.append(.opened(rule: policy.rules[r].id, triggeredBy: state.obligations[i].triggeredBy,
                                           due: state.obligations[i].due.displayInstant(in: zone)))
                }
                if tracedRule == r { traceLine(r, "\(event.id) says \(condition.source) again (\(truth.words)): the duty is owed as before, due \(dueWords(state.obligations[i].due))", at: event.time) }
            }
        }
        // Those whose due has passed fall overdue now, with the escalations due since.
        if resumed { try fireTimers(through: event.time, changes: &changes) }
    }

    // MARK: Firing rules

    /// A rule's trigger has happened at `instant`: check its condition, open its duty, tell its roles.
    /// What a rule's conditions say at one instant: whether it fires, the deadline case that
    /// applies, the reasons, and what the record does not give.
    private struct Judgement {
        var truth = Truth.yes
        var unknown: [String]?
        var chosenCase = -1
        /// Whether the words of the trigger condition, and of the deadline case that applied, are
        /// kept (`keepReasons`): flags, not the reasons, so that a judgement is small to pass back.
        var conditionReason = false
        var caseReason = false
    }

    /// Reads a rule's trigger condition (unless `known` already) and its deadline cases through
    /// one input, passed down and never copied.
    @inline(__always)
    private func judge(rule r: Int, _ input: EngineInput, known: Truth?) -> Judgement {
        var j = Judgement()
        if let c = policy.rules[r].condition {
            j.truth = known ?? c.evaluate(input)
            if j.truth == .no { return j }  // before any reason is made: most rules an event looks at do not fire
            if case .unknown(let names) = j.truth { j.unknown = names } else { j.conditionReason = true }
        }
        guard let count = policy.duties[r]?.duty.within.count else { return j }
        j.chosenCase = count - 1
        for k in 0..<count {
            // The first deadline case whose condition holds (an unknown one makes the duty indeterminate).
            guard let cond = policy.duties[r]!.duty.within[k].condition else { j.chosenCase = k; break }
            let t = cond.evaluate(input)
            if t == .yes { j.chosenCase = k; j.caseReason = true; break }
            if case .unknown(let names) = t { j.unknown = (j.unknown ?? []) + names; j.chosenCase = k; break }
        }
        return j
    }

    /// The words of what a judgement found true, read through the input it was made with, on the log.
    private mutating func keepReasons(of j: Judgement, rule r: Int, _ input: EngineInput) {
        if j.conditionReason, let c = policy.rules[r].condition {
            state.reasons.append(.condition(.trigger(rule: r), input.snapshot(of: c)))
        }
        if j.caseReason, let cond = policy.duties[r]?.duty.within[j.chosenCase].condition {
            state.reasons.append(.condition(.deadlineCase(rule: r, index: j.chosenCase), input.snapshot(of: cond)))
        }
    }

    /// `sharedConditions`: the rule fires on an event, with its trigger conditions memoised in `memo`.
    private mutating func fire(rule r: Int, at instant: Instant, event: Event?, episode: EpisodeRecord?,
                               via origin: (rule: Int, obligation: Int)?, sharedConditions: Bool = false, by: String? = nil,
                               scope: EngineInput? = nil, changes: inout [Change]) throws(EvaluationError) {
        // Fields of the rule are read in place: copying a whole Rule, or its duty, per firing
        // costs a reference count for each of its parts.
        let slot = sharedConditions ? (policy.rules[r].condition?.slot ?? -1) : -1
        let known = slot >= 0 ? memo[slot] : nil
        // The condition first: the words for a rule that does not fire are never built.
        if known == .no {
            if tracedRule == r {
                traceLine(r, "condition \(policy.rules[r].condition!.source) → false", at: instant)
                traceCounts(r, policy.rules[r].condition!, at: instant, episode: episode)
            }
            return
        }
        // The first case read in place (`first` hands back a copy of it).
        let needsInput = policy.rules[r].condition != nil
            || (policy.duties[r]?.duty.within.isEmpty == false && policy.duties[r]!.duty.within[0].condition != nil)
        if needsInput, scope == nil {
            // One input for the rule's conditions and, later, their words: made here, once.
            return try fire(rule: r, at: instant, event: event, episode: episode, via: origin, sharedConditions: sharedConditions, by: by,
                            scope: input(at: instant, event: event, episode: episode), changes: &changes)
        }
        let j: Judgement
        if !needsInput {
            j = Judgement(chosenCase: (policy.duties[r]?.duty.within.count ?? 0) - 1)
        } else {
            j = judge(rule: r, scope!, known: known)  // read in place: `if let` would copy it
        }
        if let c = policy.rules[r].condition {
            if slot >= 0 { memo[slot] = j.truth }
            if tracedRule == r {
                traceLine(r, "condition \(c.source) → \(j.truth.words)", at: instant)
                traceCounts(r, c, at: instant, episode: episode)
            }
            if j.truth == .no { return }
        }
        // The reasons go on the session's one log of reasons: a duty keeps only where its own lie.
        let firstReason = state.reasons.count
        if let t = triggerReason(rule: r, at: instant, event: event, episode: episode, origin: origin) { state.reasons.append(t) }
        if j.conditionReason || j.caseReason { keepReasons(of: j, rule: r, scope!) }  // set only where an input was needed
        // No closure over `self` here or below (a method reference, or a closure reading the zone):
        // in a mutating method each would copy the whole session, every reference in it counted.
        let unknown = j.unknown.map(Session.unique)
        let triggeredBy = by ?? event?.id ?? episode?.openedBy ?? origin.map { state.obligations[$0.obligation].triggeredBy } ?? "-"

        // A recurring duty that lasts only `while` something holds is not begun when it does not.
        var outlasted = false
        if let w = policy.duties[r]?.duty.recurrence?.whileCondition {  // not in a closure: that would copy the session
            if scope != nil { outlasted = w.evaluate(scope!) == .no } else { outlasted = w.evaluate(input(at: instant, event: event, episode: episode)) == .no }
        }
        if outlasted, tracedRule == r { traceLine(r, "not begun: its 'while' is false", at: instant) }
        if let ref = policy.duties[r], !outlasted {
            // The deadline case that applies and the duty's parts are read in place through the shared
            // duty: copying the case, or the parts into a tuple, counted each reference in them per duty.
            let c = j.chosenCase
            // Counted from an earlier event where the rule says so and there is one, else from the trigger.
            var start = instant
            if let t = ref.duty.from, let anchor = state.from[r]?.anchor, anchor.at <= instant, state.from[r]?.anchorUsed != true {
                start = anchor.at
                state.reasons.append(.countedFrom(type: t, id: anchor.id, at: anchor.at))
            }
            // A deadline read from the record: the date or time the event gives, or, where it
            // leaves an optional one out, an indeterminate duty naming the field.
            var unknown = unknown
            var given: Deadline?
            if let f = ref.duty.within[c].reckoning.field {
                let at = f.index(for: event?.type) ?? -1
                switch at >= 0 && at < (event?.data.count ?? 0) ? event!.data[at] : nil {
                case .date(let d)?: given = .date(d)
                case .time(let t)?: given = .instant(t)
                default: unknown = (unknown ?? []) + ["event.\(f.name)"]
                }
            }
            if let names = unknown { state.reasons += names.map(Reason.unknown) }
            let due: Deadline, atCheck: Bool
            switch ref.duty.within[c].reckoning {
            case .after:
                (due, atCheck) = try deadline(ref.duty.within[c].span, from: start, event: triggeredBy, checkpoints: ref.duty.recurrence?.checkpoints ?? [])
            case .before:
                if let g = given { due = try deadline(ref.duty.within[c].span, before: g, event: triggeredBy) } else { due = .instant(.noDeadline) }
                atCheck = false
            case .at:
                (due, atCheck) = (given ?? .instant(.noDeadline), false)
            case .open:
                (due, atCheck) = (.instant(.noDeadline), false)
                state.reasons.append(.noDeadline(rule: r))
            }
            if let g = given { state.reasons.append(.recordDate(rule: r, deadline: j.chosenCase, value: g)) }
            if atCheck, case .instant(let t) = due { state.reasons.append(.checkpoint(at: t, instead: ref.duty.within[c].text, from: start)) }
            // The same thing scheduled again, before its date has come: the duty moves with it.
            var key: String?
            // The answer of a replaced duty already done (a report shared for the conference before it
            // was put back) answers the new duty too: met if given by the new deadline, else late.
            var carried: (id: String, at: Instant)?
            if ref.duty.within[c].reckoning.field != nil, let e = event {
                key = "\(r)|" + scheduleKey(e)
                if let old = state.scheduled[key!], state.obligations[old].triggeredBy != e.id,
                   state.obligations[old].scheduledUntil.map({ instant < $0 }) ?? true {
                    switch state.obligations[old].state {
                    case .open:
                        state.reasons.append(.moved(from: state.obligations[old].triggeredBy, due: state.obligations[old].due))
                        state.obligations[old].state = .cancelled(by: e.id, at: instant)
                        close(old)
                        if tracedRule == r { traceLine(r, "\(e.id) schedules it again: the duty of \(state.obligations[old].triggeredBy) moves", at: instant) }
                        if reports(duty: state.obligations[old].triggeredAt) { changes.append(.cancelled(rule: policy.rules[r].id, by: e.id)) }
                    case .discharged(let by, let at):
                        state.reasons.append(.moved(from: state.obligations[old].triggeredBy, due: state.obligations[old].due))
                        carried = (by, at)
                    default: break
                    }
                }
            }
            var windowOpens: Instant?
            if let nb = ref.duty.notBefore { windowOpens = try windowStart(nb, from: start, event: triggeredBy) }
            var responsible: String?
            if let routed = ref.duty.responsible { responsible = route(routed, at: instant) }
            var record = ObligationRecord(
                rule: r, occurrence: 1, triggeredBy: triggeredBy, triggeredAt: instant, due: due, overdueAt: due.overdueAt(in: zone),
                windowOpens: windowOpens, responsible: responsible, indeterminate: unknown,
                because: ReasonRange(from: firstReason, to: state.reasons.count))
            // Moved only by a booking made before the date begins: one made on the day (the next
            // review booked at this one) is another meeting (review finding).
            switch given {
            case .date(let d)?: record.scheduledUntil = zone.startOfDay(d)
            case .instant(let t)?: record.scheduledUntil = t
            case nil: break
            }
            let index = addObligation(consume record)
            if let key { state.scheduled[key] = index }
            if let done = carried, unknown == nil {
                state.obligations[index].state = .discharged(by: done.id, at: done.at)
                close(index)
                if tracedRule == r { traceLine(r, "already done by \(done.id) at \(describe(done.at)), for the duty it replaces", at: instant) }
                if reports(duty: instant) { changes.append(.discharged(rule: policy.rules[r].id, status: state.obligations[index].status(asOf: instant), by: done.id)) }
            }
            // Kept only when another rule follows this one's overdue and may read them.
            if !policy.graph.onOverdue[r].isEmpty { state.chainContext[index] = ChainContext(event: event, episode: episode) }
            if tracedRule == r {
                let whether = unknown.map { "indeterminate (turns on \($0.joined(separator: ", ")))" } ?? "fired"
                traceLine(r, "\(whether) by \(triggeredBy); due \(dueWords(due)) (\(ref.duty.within[c].text))", at: instant)
            }
            if let names = unknown {
                if reports(duty: instant) { changes.append(.indeterminate(rule: policy.rules[r].id, triggeredBy: triggeredBy, unknown: names)) }
            } else {
                if reports(duty: instant) { changes.append(.opened(rule: policy.rules[r].id, triggeredBy: triggeredBy, due: due.displayInstant(in: zone))) }
            }
            if ref.duty.from != nil, unknown == nil {
                answerFromEarlier(rule: r, obligation: index, since: start, until: instant, changes: &changes)
            }
        } else {
            if let names = unknown { state.reasons += names.map(Reason.unknown) }
            if tracedRule == r {
                let whether = unknown.map { "indeterminate (turns on \($0.joined(separator: ", ")))" } ?? "fired"
                traceLine(r, "\(whether) by \(triggeredBy)", at: instant)
            }
        }
        let because = ReasonRange(from: firstReason, to: state.reasons.count)
        if let notify = policy.rules[r].notify, case let roles = route(notify, at: instant), !roles.isEmpty {
            if let names = unknown {
                // Whether to tell them turns on what the record does not say: reported as such, never dropped.
                state.escalations.append(EscalationRecord(rule: r, at: instant, notify: roles, because: because,
                                                          obligation: nil, unknown: names))
                if policy.duties[r] == nil {
                    if reports(duty: instant) { changes.append(.indeterminate(rule: policy.rules[r].id, triggeredBy: triggeredBy, unknown: names)) }
                }
            } else {
                state.escalations.append(EscalationRecord(rule: r, at: instant, notify: roles, because: because, obligation: nil))
                if reports(duty: instant) { changes.append(.escalated(rule: policy.rules[r].id, notify: roles, at: instant)) }
            }
        }
    }

    /// An obligation is no longer open: take it out of its rule's open list.
    private mutating func close(_ i: Int) {
        let r = state.obligations[i].rule
        // Only the list it is in is searched: a long queue of old breaches is never scanned for a duty in time.
        if state.obligations[i].becameOverdue {
            guard let k = state.overdueByRule[r].firstIndex(of: i) else { return }
            if k == state.overdueByRule[r].startIndex { state.overdueByRule[r].removeFirst() } else { state.overdueByRule[r].remove(at: k) }
        } else if let k = state.pendingByRule[r].ascendingIndex(of: i) {
            state.pendingByRule[r].remove(at: k)
            timerWentStale()  // its overdue timer is still waiting
        }
    }

    /// A waiting timer will do nothing when it comes (its duty is done, or its episode over).
    /// Once they are a quarter of the queue they are swept out, so a long-lived session does not
    /// hold a timer for every duty done ahead of its deadline.
    private mutating func timerWentStale() {
        state.timers.stale += 1
        // Swept once they are a quarter of the queue, not half: a sweep costs a few instructions a
        // timer, while a stale timer left to come due costs a pop from the heap (a few hundred).
        guard state.timers.stale > staleTimersBeforeSweep, state.timers.stale * 4 > state.timers.count else { return }
        let obligations = state.obligations, episodes = state.episodes
        state.timers.keep { t in
            switch t.kind {
            case .overdue(let i): return obligations[Int(i)].state == .open && obligations[Int(i)].indeterminate == nil
            case .escalation(let i, _): return obligations[Int(i)].state == .open
            case .nextOccurrence: return true
            case .threshold(_, let kind, let serial): return episodes[Int(kind)].map { Int32(truncatingIfNeeded: $0.serial) == serial } ?? false
            }
        }
    }

    /// A duty has become overdue: it moves to the back of its rule's overdue queue.
    private mutating func markOverdue(_ i: Int) {
        let r = state.obligations[i].rule
        state.obligations[i].becameOverdue = true
        if let k = state.pendingByRule[r].ascendingIndex(of: i) { state.pendingByRule[r].remove(at: k) }
        state.overdueByRule[r].append(i)
    }

    @discardableResult
    /// The next occurrence of duty `previous`'s rule: its record, opened at `instant` and due `due`.
    @inline(__always)
    private func occurrence(after previous: Int, at instant: Instant, due: Deadline) -> ObligationRecord {
        var record = state.obligations[previous]
        record.occurrence += 1
        record.triggeredAt = instant
        record.due = due
        record.overdueAt = due.overdueAt(in: zone)
        record.windowOpens = nil
        record.state = .open
        record.becameOverdue = false
        return record
    }

    /// Adds an occurrence with its one reason, in the chain of the duty before it.
    private mutating func addOccurrence(_ record: ObligationRecord, after previous: Int, because reason: Reason) {
        var record = record
        state.reasons.append(reason)
        record.because = ReasonRange(from: state.reasons.count - 1, to: state.reasons.count)
        let index = addObligation(record)
        if let context = state.chainContext[previous] { state.chainContext[index] = context }
    }

    /// Consuming, and what it needs read first: the record is moved into the list, not copied.
    private mutating func addObligation(_ record: consuming ObligationRecord) -> Int {
        let index = state.obligations.count
        let rule = record.rule, overdueAt = record.overdueAt, determinate = record.indeterminate == nil
        let due = record.due
        state.obligations.append(record)
        if determinate { state.pendingByRule[rule].append(index) }
        state.sequence += 1
        state.timers.push(Timer(fireAt: overdueAt, sequence: state.sequence, kind: .overdue(obligation: index)))
        if !determinate { timerWentStale() }
        // On a fixed schedule the next occurrence opens when this one's due has passed, answered or not
        // (after its overdue timer, so an answer then goes to the new one).
        if determinate, due.displayInstant(in: zone) != .noDeadline, policy.duties[rule]?.duty.recurrence?.fixed == true {
            state.sequence += 1
            state.timers.push(Timer(fireAt: overdueAt, sequence: state.sequence, kind: .nextOccurrence(obligation: Int32(index))))
        }
        return index
    }

    /// The next occurrence of a recurring duty, due one interval after the discharge of the previous.
    private mutating func openOccurrence(rule r: Int, after previous: Int, at instant: Instant, by eventID: String,
                                         recurrence: Rule.Recurrence) throws(EvaluationError) -> Instant {
        let (due, atCheck) = try deadline(recurrence.every, from: instant, event: eventID, checkpoints: recurrence.checkpoints)
        var record = occurrence(after: previous, at: instant, due: due)
        record.triggeredBy = eventID
        var check: Instant?
        if atCheck, case .instant(let t) = due { check = t }
        addOccurrence(record, after: previous, because: .occurrence(rule: r, number: record.occurrence, after: eventID, checkpoint: check))
        if tracedRule == r { traceLine(r, "next occurrence due \(dueWords(due))") }
        return due.displayInstant(in: zone)
    }

    /// The next occurrence of a fixed schedule (`repeat.each`), due one interval after the previous one's
    /// due, opened once that due has passed whether or not the previous one was answered. None opens once
    /// the schedule has ended (`until`, `unless`, the end of `while`) or the previous one became indeterminate.
    private mutating func openScheduled(after previous: Int, at instant: Instant, changes: inout [Change]) throws(EvaluationError) {
        let r = state.obligations[previous].rule
        guard let rec = policy.duties[r]?.duty.recurrence, rec.fixed, state.obligations[previous].indeterminate == nil else { return }
        switch state.obligations[previous].state {
        case .open, .discharged: break
        case .cancelled, .lapsed: return
        }
        if let ended = state.scheduleEnded[r], ended >= state.obligations[previous].triggeredAt { return }
        if let w = rec.whileCondition, w.evaluate(input(at: instant, event: nil, episode: nil)) == .no {
            if tracedRule == r { traceLine(r, "the schedule ends: its 'while' is false", at: instant) }
            return
        }
        if state.obligations[previous].occurrence >= Rule.Recurrence.maxOccurrences {
            warn(state.obligations[previous].triggeredBy, "rule '\(policy.rules[r].id)': its schedule (each \(rec.everyText)) reached \(Rule.Recurrence.maxOccurrences) occurrences at \(describe(instant)); later ones are not shown")
            return
        }
        let from = state.obligations[previous].due.displayInstant(in: zone)
        let due: Deadline
        do {
            due = try time.deadline(rec.every, from: from)
        } catch {
            throw EvaluationError(error.message, event: state.obligations[previous].triggeredBy)
        }
        var record = occurrence(after: previous, at: instant, due: due)
        record.closing = nil
        addOccurrence(record, after: previous, because: .scheduled(rule: r, number: record.occurrence, previousDue: state.obligations[previous].due))
        if tracedRule == r { traceLine(r, "occurrence \(record.occurrence) on the schedule, due \(dueWords(due))", at: instant) }
        if reports(duty: instant) { changes.append(.opened(rule: policy.rules[r].id, triggeredBy: record.triggeredBy, due: due.displayInstant(in: zone))) }
    }

    /// A deadline `span` before a date or time the record gives.
    @inline(__always)
    private func deadline(_ span: TimeSpan, before given: Deadline, event: String) throws(EvaluationError) -> Deadline {
        do {
            switch given {
            case .date(let d): return try time.deadline(span, before: d)
            case .instant(let t): return try time.deadline(span, before: t)
            }
        } catch {
            throw EvaluationError(error.message, event: event)
        }
    }

    /// `atCheckpoint`: a set check time of the recurrence came sooner than the span.
    @inline(__always)
    private func deadline(_ span: TimeSpan, from instant: Instant, event: String, checkpoints: [LocalTime]) throws(EvaluationError) -> (Deadline, atCheckpoint: Bool) {
        do {
            let d = try time.deadline(span, from: instant)
            if !checkpoints.isEmpty, case .instant(let t) = d {
                let checkpoint = zone.nextLocalTime(checkpoints, after: instant)
                if checkpoint < t { return (.instant(checkpoint), true) }
            }
            return (d, false)
        } catch {
            throw EvaluationError(error.message, event: event)
        }
    }

    /// The next of an episode's thresholds to be crossed after `previous`, in the order of their
    /// timers (instant, then the rule's place in the kind's list). Armed one at a time, an episode
    /// that ends early leaves one timer waiting, not one for every threshold of its kind.
    @inline(__always)
    private func nextThreshold(of episode: EpisodeRecord, rules: [Int], after previous: (fireAt: Instant, position: Int)?) throws(EvaluationError) -> (fireAt: Instant, position: Int)? {
        var best: (fireAt: Instant, position: Int)?
        for (q, r) in rules.enumerated() {
            guard case .threshold(_, let span, _) = policy.rules[r].trigger else { continue }
            let (_, fireAt) = try thresholdCrossing(span, from: episode.start, event: episode.openedBy)
            if let p = previous, (fireAt, q) <= (p.fireAt, p.position) { continue }
            if let b = best, (b.fireAt, b.position) < (fireAt, q) { continue }
            best = (fireAt, q)
        }
        return best
    }

    /// `base`: the timer order taken for the episode's first threshold.
    private mutating func armThreshold(_ next: (fireAt: Instant, position: Int), rules: [Int], base: Int, episode: EpisodeRecord) {
        state.timers.push(Timer(fireAt: next.fireAt, sequence: base + next.position,
                                kind: .threshold(rule: rules[next.position], episode: episode.kind, serial: episode.serial)))
    }

    /// When "still open after `span`" becomes true: the instant it is crossed (reported as
    /// the trigger time) and the first instant at which the episode is still open after it.
    @inline(__always)
    private func thresholdCrossing(_ span: TimeSpan, from start: Instant, event: String) throws(EvaluationError) -> (Instant, Instant) {
        if let secs = span.elapsedSeconds { return (start + secs, start + (secs + 1)) }
        do {
            // A calendar length: still open at the start of the day after the last counted day.
            let t = try time.deadline(span, from: start).overdueAt(in: zone)
            return (t, t)
        } catch {
            throw EvaluationError(error.message, event: event)
        }
    }

    @inline(__always)
    private func windowStart(_ span: TimeSpan, from instant: Instant, event: String) throws(EvaluationError) -> Instant {
        do {
            switch try time.deadline(span, from: instant) {
            case .instant(let t): return t
            case .date(let d): return zone.startOfDay(d)
            }
        } catch {
            throw EvaluationError(error.message, event: event)
        }
    }

    @inline(__always)
    private func route<T>(_ r: Routed<T>, at instant: Instant) -> T {
        switch r {
        case .always(let v): return v
        case .byOfficeHours(let inHours, let outOfHours):
            // Read in place: binding the hours to a name would copy them on every routing.
            let open = (try? policy.officeHours?.isOpen(at: instant, zone: zone, calendar: policy.calendar)) ?? false
            return open ? inHours : outOfHours
        }
    }

    // MARK: Timers

    private mutating func fireTimers(through instant: Instant, changes: inout [Change], strictlyBefore: Bool = false) throws(EvaluationError) {
        while let t = state.timers.next, strictlyBefore ? t.fireAt < instant : t.fireAt <= instant {
            _ = state.timers.pop()
            try fireTimer(t, changes: &changes)
        }
    }

    private mutating func fireTimer(_ t: Timer, changes: inout [Change]) throws(EvaluationError) {
        switch t.kind {
        case .threshold(let rule, let kind, let serial):
            // Fires only if the same episode is still open.
            let r = Int(rule)
            guard let open = state.episodes[Int(kind)], Int32(truncatingIfNeeded: open.serial) == serial,
                  case .threshold(_, let span, _) = policy.rules[r].trigger else { return }
            let thresholds = policy.graph.thresholdsByKind[open.kind]
            if let p = thresholds.firstIndex(of: r), let next = try nextThreshold(of: open, rules: thresholds, after: (t.fireAt, p)) {
                armThreshold(next, rules: thresholds, base: t.sequence - p, episode: open)
            }
            let (crossing, _) = try thresholdCrossing(span, from: open.start, event: open.openedBy)
            // A threshold crossed before the episode was reported (it began at `last_seen`) fires
            // at the report: a duty cannot fall due before the record that makes it known.
            try fire(rule: r, at: max(crossing, open.openedAt), event: nil, episode: open, via: nil, changes: &changes)
        case .overdue(let obligation):
            let i = Int(obligation)
            // The duty and its rule are read in place: copying either would count every reference in it.
            guard state.obligations[i].state == .open, state.obligations[i].indeterminate == nil, !state.obligations[i].becameOverdue else {
                state.timers.stale = max(0, state.timers.stale - 1)
                return
            }
            markOverdue(i)
            let r = state.obligations[i].rule
            let due = state.obligations[i].due
            // A duty already past due when its rule fired (counted `from` an earlier event, or by a date
            // the record gives) is overdue at once: its escalations are raised at that instant, never
            // before the record that makes the duty known.
            let moment = max(state.obligations[i].overdueMoment, state.obligations[i].triggeredAt)
            // A `before` event came while it was undone: it closes once the steps due now are raised.
            let closing = state.obligations[i].closing
            if tracedRule == r { traceLine(r, "overdue since \(dueWords(due))", at: moment) }
            if reports(duty: state.obligations[i].triggeredAt) { changes.append(.overdue(rule: policy.rules[r].id, since: due.displayInstant(in: zone))) }
            for step in policy.rules[r].escalations.indices {
                if let after = policy.rules[r].escalations[step].after {
                    if closing != nil { continue }  // closed now: no later step is raised for it
                    let at: Instant
                    do {
                        switch try time.deadline(after, from: moment) {
                        case .instant(let x): at = x
                        case .date(let d): at = zone.startOfDay(d)
                        }
                    } catch {
                        throw EvaluationError(error.message, event: state.obligations[i].triggeredBy)
                    }
                    // Due one second after its instant, as overdue timers are: an answer or a closing
                    // event at that very instant comes first, and the step is not needed.
                    state.sequence += 1
                    state.timers.push(Timer(fireAt: at + 1, sequence: state.sequence, kind: .escalation(obligation: i, step: step)))
                } else {
                    escalate(obligation: i, step: step, at: moment, changes: &changes)
                }
            }
            for next in policy.graph.onOverdue[r] {
                let context = state.chainContext[i]
                try fire(rule: next, at: moment, event: context?.event, episode: context?.episode, via: (r, i), changes: &changes)
            }
            if let by = closing {
                state.obligations[i].state = .lapsed(by: by, at: moment)
                close(i)
                if tracedRule == r { traceLine(r, "closed by \(by): the breach stands", at: moment) }
                if reports(duty: state.obligations[i].triggeredAt) { changes.append(.closed(rule: policy.rules[r].id, by: by)) }
            }
        case .nextOccurrence(let obligation):
            try openScheduled(after: Int(obligation), at: t.fireAt, changes: &changes)
        case .escalation(let obligation, let step):
            let i = Int(obligation)
            guard state.obligations[i].state == .open else { return }
            escalate(obligation: i, step: Int(step), at: t.fireAt + (-1), changes: &changes)
        }
    }

    private mutating func escalate(obligation i: Int, step: Int, at instant: Instant, changes: inout [Change]) {
        let r = state.obligations[i].rule
        let roles = route(policy.rules[r].escalations[step].notify, at: instant)
        guard !roles.isEmpty else { return }
        let first = state.reasons.count
        state.reasons.append(.notDone(rule: r, due: state.obligations[i].due, triggeredBy: state.obligations[i].triggeredBy))
        if policy.rules[r].escalations[step].afterText != nil { state.reasons.append(.stillNotDone(rule: r, step: step)) }
        state.escalations.append(EscalationRecord(rule: r, at: instant, notify: roles, because: ReasonRange(from: first, to: state.reasons.count),
                                                  obligation: i))
        if tracedRule == r { traceLine(r, "escalated to \(roles.joined(separator: ", "))", at: instant) }
        if reports(duty: state.obligations[i].triggeredAt) { changes.append(.escalated(rule: policy.rules[r].id, notify: roles, at: instant)) }
    }

    // MARK: Words

    func describe(_ t: Instant) -> String { zone.describe(t) }

    func dueWords(_ d: Deadline) -> String {
        if case .instant(let t) = d, t == .noDeadline { return "no date yet" }
        return zone.describe(d)
    }

    @inline(__always)
    private func triggerReason(rule r: Int, at instant: Instant, event: Event?, episode: EpisodeRecord?, origin: (rule: Int, obligation: Int)?) -> Reason? {
        switch policy.rules[r].trigger {
        case .becomes(let fact, let value), .holds(let fact, let value):
            guard let e = event else { return .startingFact(fact: fact, value: value) }
            return .event(type: rereport ?? e.type, id: e.id, at: e.time)
        case .event:
            guard let e = event else { return nil }
            return .event(type: rereport ?? e.type, id: e.id, at: e.time)
        case .threshold:
            guard let ep = episode else { return nil }
            return .threshold(rule: r, start: ep.start, openedBy: ep.openedBy, at: instant)
        case .overdue(let j):
            return .overdue(target: j, due: origin.map { state.obligations[$0.obligation].due }, at: instant)
        }
    }

    private static func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    /// Whether a change goes to the caller of `ingest` or `advance`; a batch evaluation, which
    /// only wants the report, makes none. `duty` is when the duty it concerns arose (for a
    /// notification, when the rule fired): a session for one of several versions of a policy
    /// reports only the changes to duties that arose while its version was in force. Asked
    /// before the change is made, at each call site: a method taking the change as an
    /// autoclosure copied the whole session at every call (the closure and the call both read `self`).
    // Helpers read from mutating methods are inlined (`@inline(__always)`): a call to a
    // non-mutating method from a mutating one passed a copy of the whole session (over a
    // kilobyte, copied byte by byte) on every call.
    /// Mutating only so that `self` is passed in place: a non-mutating call from the mutating
    /// methods that ask copied the whole session first.
    @inline(__always)
    private mutating func reports(duty: Instant) -> Bool {
        guard reportsChanges else { return false }
        if let inForce = versionInForce, !inForce(zone.localDate(of: duty)) { return false }
        return true
    }

    mutating func warn(_ event: String?, _ message: String) {
        state.diagnostics.append(ReportDiagnostic(severity: .warning, event: event, message: message))
    }
}

extension Truth {
    var words: String {
        switch self {
        case .yes: "true"
        case .no: "false"
        case .unknown(let names): "unknown (\(names.joined(separator: ", ")) not recorded)"
        }
    }
}
