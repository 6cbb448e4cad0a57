/// Everything a session remembers about one incident between events. Codable, so a
/// service can keep it between events and restore it later.
import Collections

struct SessionState: Sendable, Codable {
    /// The policy the state belongs to: a state only restores against the same policy.
    /// The layout of a saved session: raised whenever what it holds changes meaning, so that
    /// a session saved by an earlier engine is refused rather than misread.
    static let format = 5
    var format = SessionState.format
    var policyID = ""
    var policyVersion = ""
    var incidentID: String
    var zoneName: String
    var subject: Subject
    var facts: [Bool?]
    /// The latest instant the session has reached (an event's time or `advance(to:)`).
    var clock: Instant?
    var sequence: Int = 0
    var eventCount: Int = 0
    /// Whether the record has started (its first event has come, even one left out).
    var started = false
    /// Per episode kind (the vocabulary's order): the open episode, and the last closed one.
    var episodes: [EpisodeRecord?]
    var closedEpisodes: [EpisodeRecord?]
    /// Times of events counted by `count(...)`, per counted type (`Policy.countSlot`);
    /// pruned to the longest window.
    var countHistory: [TimeWindow]
    /// Starts of episodes, per kind, for `episodes(...)`; pruned to the longest window.
    var episodeStarts: [TimeWindow]
    /// Per history term (`Policy.historyTerms`): what the record holds of it so far.
    var history: [HistorySlot] = []
    var obligations: [ObligationRecord] = []
    /// Per rule, its open obligations in opening order, those still in time apart from
    /// those overdue: an event looks only at these, never at the whole history, and the
    /// oldest overdue duty is at the front of its queue.
    var pendingByRule: [[Int]]
    var overdueByRule: [Deque<Int>]
    /// For duties of rules that another rule follows when they fall overdue: the event
    /// and episode that fired them, which the following rule's conditions may read.
    var chainContext: [Int: ChainContext] = [:]
    /// Per rule whose duty counts `from` an earlier event: the latest event it counts from, and
    /// the latest event that would answer it.
    var from: [Int: FromRecord] = [:]
    /// Duties counted from a date the record gives (`{before: event.date, by: 3wd}`), by rule
    /// and what was scheduled (`Session.scheduleKey`): the latest one, which a later event
    /// scheduling the same thing replaces.
    var scheduled: [String: Int] = [:]
    /// Per rule on a fixed schedule (`repeat.each`): when its schedule was last ended (`until`,
    /// `unless`, the end of `while`); occurrences of firings before then open no next one.
    var scheduleEnded: [Int: Instant] = [:]
    var escalations: [EscalationRecord] = []
    /// Every duty's and notification's reasons, one after another (one growing array, not
    /// one small allocation per duty).
    var reasons: [Reason] = []
    var timers = TimerQueue()
    var diagnostics: [ReportDiagnostic] = []
    var seenEventIDs: Set<String> = []
    /// Facts an event made unknown by leaving out the field that sets them: the value each had
    /// before. When the record says it again, only a different value is a change of the fact.
    var unknownFacts: [Int: Bool] = [:]
    /// Per rule: its occurrences made indeterminate by a fact gone unknown (`Session.suspend`), in
    /// opening order. When the fact is known again they are put back, or cancelled.
    var suspended: [Int: [Int]] = [:]

    init(incidentID: String, zoneName: String, subject: Subject, facts: [Bool?]) {
        self.incidentID = incidentID
        self.zoneName = zoneName
        self.subject = subject
        self.facts = facts
        // Made at the first event (`prepare`), so that an idle session stays small.
        episodes = []
        closedEpisodes = []
        countHistory = []
        episodeStarts = []
        pendingByRule = []
        overdueByRule = []
    }

    /// Room for the duties, notifications and reasons a long record will make, so that
    /// the arrays never regrow (each regrowth copies them whole). Large reservations cost
    /// address space only: pages never written are never touched.
    mutating func reserve(forEvents events: Int) {
        let n = min(events, 4_000_000)
        obligations.reserveCapacity(n)
        escalations.reserveCapacity(n)
        reasons.reserveCapacity(2 * n)
    }

    /// Sizes the per-kind and per-rule tables, once, before the first event is applied.
    mutating func prepare(episodeKinds: Int, countedTypes: Int, rules: Int, historyTerms: Int) {
        guard episodes.count != episodeKinds || pendingByRule.count != rules || countHistory.count != countedTypes
                || history.count != historyTerms else { return }
        history = Array(repeating: HistorySlot(), count: historyTerms)
        episodes = Array(repeating: nil, count: episodeKinds)
        closedEpisodes = episodes
        countHistory = Array(repeating: TimeWindow(), count: countedTypes)
        episodeStarts = Array(repeating: TimeWindow(), count: episodeKinds)
        pendingByRule = Array(repeating: [], count: rules)
        overdueByRule = Array(repeating: [], count: rules)
    }

    // Encoded with every set and dictionary in sorted order, so the same state gives the same bytes.
    private enum Keys: String, CodingKey {
        case format, policyID, policyVersion, incidentID, zoneName, subject, facts, clock, sequence, eventCount, started, episodes, closedEpisodes
        case countHistory, episodeStarts, history, obligations, pendingByRule, overdueByRule, chainContext, from, scheduled, scheduleEnded, escalations, reasons, timers, diagnostics, seenEventIDs
        case unknownFacts, suspended
    }

    private struct Entry<K: Codable & Comparable, V: Codable>: Codable {
        var key: K
        var value: V
    }

    private static func entries<K, V>(_ d: [K: V]) -> [Entry<K, V>] { d.map { Entry(key: $0.key, value: $0.value) }.sorted { $0.key < $1.key } }
    private static func dictionary<K, V>(_ e: [Entry<K, V>]) -> [K: V] { Dictionary(e.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }) }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        format = try c.decodeIfPresent(Int.self, forKey: .format) ?? 1
        policyID = try c.decode(String.self, forKey: .policyID)
        policyVersion = try c.decode(String.self, forKey: .policyVersion)
        incidentID = try c.decode(String.self, forKey: .incidentID)
        zoneName = try c.decode(String.self, forKey: .zoneName)
        subject = try c.decode(Subject.self, forKey: .subject)
        facts = try c.decode([Bool?].self, forKey: .facts)
        clock = try c.decodeIfPresent(Instant.self, forKey: .clock)
        sequence = try c.decode(Int.self, forKey: .sequence)
        eventCount = try c.decode(Int.self, forKey: .eventCount)
        started = try c.decode(Bool.self, forKey: .started)
        episodes = try c.decode([EpisodeRecord?].self, forKey: .episodes)
        closedEpisodes = try c.decode([EpisodeRecord?].self, forKey: .closedEpisodes)
        countHistory = try c.decode([TimeWindow].self, forKey: .countHistory)
        episodeStarts = try c.decode([TimeWindow].self, forKey: .episodeStarts)
        history = try c.decode([HistorySlot].self, forKey: .history)
        obligations = try c.decode([ObligationRecord].self, forKey: .obligations)
        pendingByRule = try c.decode([[Int]].self, forKey: .pendingByRule)
        overdueByRule = try c.decode([Deque<Int>].self, forKey: .overdueByRule)
        chainContext = Self.dictionary(try c.decode([Entry<Int, ChainContext>].self, forKey: .chainContext))
        from = Self.dictionary(try c.decode([Entry<Int, FromRecord>].self, forKey: .from))
        scheduled = Self.dictionary(try c.decode([Entry<String, Int>].self, forKey: .scheduled))
        scheduleEnded = Self.dictionary(try c.decodeIfPresent([Entry<Int, Instant>].self, forKey: .scheduleEnded) ?? [])
        escalations = try c.decode([EscalationRecord].self, forKey: .escalations)
        reasons = try c.decode([Reason].self, forKey: .reasons)
        timers = try c.decode(TimerQueue.self, forKey: .timers)
        diagnostics = try c.decode([ReportDiagnostic].self, forKey: .diagnostics)
        seenEventIDs = Set(try c.decode([String].self, forKey: .seenEventIDs))
        unknownFacts = Self.dictionary(try c.decodeIfPresent([Entry<Int, Bool>].self, forKey: .unknownFacts) ?? [])
        suspended = Self.dictionary(try c.decodeIfPresent([Entry<Int, [Int]>].self, forKey: .suspended) ?? [])
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(format, forKey: .format)
        try c.encode(policyID, forKey: .policyID)
        try c.encode(policyVersion, forKey: .policyVersion)
        try c.encode(incidentID, forKey: .incidentID)
        try c.encode(zoneName, forKey: .zoneName)
        try c.encode(subject, forKey: .subject)
        try c.encode(facts, forKey: .facts)
        try c.encodeIfPresent(clock, forKey: .clock)
        try c.encode(sequence, forKey: .sequence)
        try c.encode(eventCount, forKey: .eventCount)
        try c.encode(started, forKey: .started)
        try c.encode(episodes, forKey: .episodes)
        try c.encode(closedEpisodes, forKey: .closedEpisodes)
        try c.encode(countHistory, forKey: .countHistory)
        try c.encode(episodeStarts, forKey: .episodeStarts)
        try c.encode(history, forKey: .history)
        try c.encode(obligations, forKey: .obligations)
        try c.encode(pendingByRule, forKey: .pendingByRule)
        try c.encode(overdueByRule, forKey: .overdueByRule)
        try c.encode(Self.entries(chainContext), forKey: .chainContext)
        try c.encode(Self.entries(from), forKey: .from)
        try c.encode(Self.entries(scheduled), forKey: .scheduled)
        try c.encode(Self.entries(scheduleEnded), forKey: .scheduleEnded)
        try c.encode(escalations, forKey: .escalations)
        try c.encode(reasons, forKey: .reasons)
        try c.encode(timers, forKey: .timers)
        try c.encode(diagnostics, forKey: .diagnostics)
        try c.encode(seenEventIDs.sorted(), forKey: .seenEventIDs)
        // Only when there are any: a state without them encodes as before.
        if !unknownFacts.isEmpty { try c.encode(Self.entries(unknownFacts), forKey: .unknownFacts) }
        if !suspended.isEmpty { try c.encode(Self.entries(suspended), forKey: .suspended) }
    }
}

/// What a session holds of one history term: how many matching events (since the latest anchor,
/// or ever), their times where the term counts over a window, and the latest one's data where
/// it reads a field of it.
struct HistorySlot: Sendable, Codable, Equatable {
    /// Matching events since the term's anchor came (`since:`), or in the whole record.
    var count = 0
    /// For `since:`: whether an anchor has come (before the first, nothing counts).
    var anchored = false
    /// For `within:`: the matching events' times, pruned to the window.
    var times = TimeWindow()
    /// For `latest(...)`: the latest matching event's data.
    var latest: [Value?]? = nil

    private enum Keys: String, CodingKey { case count, anchored, times, latest }
    init() {}
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        count = try c.decodeIfPresent(Int.self, forKey: .count) ?? 0
        anchored = try c.decodeIfPresent(Bool.self, forKey: .anchored) ?? false
        times = try c.decodeIfPresent(TimeWindow.self, forKey: .times) ?? TimeWindow()
        latest = try c.decodeIfPresent([Value?].self, forKey: .latest)
    }
    /// Only what the term uses, so that a saved session stays small.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        if count != 0 { try c.encode(count, forKey: .count) }
        if anchored { try c.encode(anchored, forKey: .anchored) }
        if !times.times.isEmpty { try c.encode(times, forKey: .times) }
        try c.encodeIfPresent(latest, forKey: .latest)
    }
}

struct EpisodeRecord: Sendable, Codable, Equatable {
    /// The episode kind, as its place among the vocabulary's episodes.
    var kind: Int
    var serial: Int
    var start: Instant
    var openedBy: String
    var openedAt: Instant
    var risk: String?
    var end: Instant?
    var closedBy: String?
}

/// One duty: a rule fired, or one occurrence of a recurring rule.
struct ObligationRecord: Sendable, Codable {
    enum State: Sendable, Codable, Equatable {
        case open
        case discharged(by: String, at: Instant)
        case cancelled(by: String, at: Instant)
        /// Overdue when its closing event came (`unless`, `repeat.until`, the end of a
        /// `while`): the breach stands, and no later event can answer it.
        case lapsed(by: String, at: Instant)
    }
    var rule: Int
    var occurrence: Int
    var triggeredBy: String
    var triggeredAt: Instant
    var due: Deadline
    var overdueAt: Instant
    var windowOpens: Instant?
    var responsible: String?
    var state: State = .open
    var becameOverdue = false
    var indeterminate: [String]?
    /// Where its reasons lie in the session's log of reasons.
    var because: ReasonRange
    /// For a duty counted from a date the record gives: the instant that date begins (a later
    /// event scheduling the same thing moves the duty only before then).
    var scheduledUntil: Instant? = nil
    /// An event its rule lists in `before` came while it was undone: it is due at that
    /// instant (an answer at the same instant is in time), and closed by that event.
    var closing: String? = nil

    /// The moment it became overdue, as reports give it: the due instant itself,
    /// or the start of the day after a due date.
    var overdueMoment: Instant {
        if case .instant(let t) = due { return t }
        return overdueAt
    }
}

/// A run of reasons in a session's log.
struct ReasonRange: Sendable, Codable, Equatable {
    var start: Int32
    var count: Int32
    init(from: Int, to end: Int) {
        start = Int32(from)
        count = Int32(end - from)
    }
    var range: Range<Int> { Int(start)..<Int(start + count) }
}

/// For a rule whose duty counts `from` an earlier event: the latest event of that type (for which
/// the duty's `only_if` holds, where that type also answers the duty), and the latest event of
/// its action types for which `only_if` held when it came, with whether it has answered a duty
/// of the rule already (one event answers one duty of each rule).
struct FromRecord: Sendable, Codable, Equatable {
    struct Mark: Sendable, Codable, Equatable {
        var id: String
        var at: Instant
    }
    var anchor: Mark?
    var answer: Mark?
    var answered = false
    /// The anchor has answered a duty of the rule (it is of an action type too): counted for an
    /// earlier trigger, it is not counted from again.
    var anchorUsed = false
}

/// What a chained rule may read of the duty it follows.
struct ChainContext: Sendable, Codable {
    var event: Event?
    var episode: EpisodeRecord?
}

struct EscalationRecord: Sendable, Codable, Equatable {
    var rule: Int
    var at: Instant
    var notify: [String]
    var because: ReasonRange
    var obligation: Int?
    /// For a notification that turns on what the record does not say: what it does not say.
    var unknown: [String]? = nil
}

public struct ReportDiagnostic: Sendable, Codable, Equatable {
    public var severity: Diagnostic.Severity
    public var event: String?
    public var message: String
}

/// Something due to happen at an instant unless the record overtakes it.
struct Timer: Sendable, Codable, Comparable {
    /// Indexes kept narrow: the heap moves timers at every push and pop, and 32 bytes
    /// move faster than 48.
    enum Kind: Sendable, Codable, Equatable {
        case threshold(rule: Int32, episode: Int32, serial: Int32)
        case overdue(obligation: Int32)
        case escalation(obligation: Int32, step: Int32)
        /// A fixed schedule's next occurrence, once this one's due has passed.
        case nextOccurrence(obligation: Int32)

        static func threshold(rule: Int, episode: Int, serial: Int) -> Kind {
            .threshold(rule: Int32(rule), episode: Int32(episode), serial: Int32(truncatingIfNeeded: serial))
        }
        static func overdue(obligation: Int) -> Kind { .overdue(obligation: Int32(obligation)) }
        static func escalation(obligation: Int, step: Int) -> Kind { .escalation(obligation: Int32(obligation), step: Int32(step)) }
    }
    /// The first instant at which the timer applies; events at the same instant come first.
    var fireAt: Instant
    var sequence: Int
    var kind: Kind

    static func < (a: Timer, b: Timer) -> Bool { (a.fireAt, a.sequence) < (b.fireAt, b.sequence) }
    static func == (a: Timer, b: Timer) -> Bool { a.fireAt == b.fireAt && a.sequence == b.sequence }
}

/// The timers of one session: a min-heap by instant, encoded in order so that
/// encoding is deterministic.
struct TimerQueue: Sendable, Codable {
    private var heap = Heap<Timer>()
    /// How many waiting overdue timers are known to do nothing when they come (see
    /// `Session.timerWentStale`). Not saved: a restored session counts afresh.
    var stale = 0
    init() {}
    /// Drops the timers that `matters` says will do nothing.
    mutating func keep(_ matters: (Timer) -> Bool) {
        heap = Heap(heap.unordered.filter(matters))
        stale = 0
    }
    var next: Timer? { heap.min }
    mutating func push(_ t: Timer) { heap.insert(t) }
    mutating func pop() -> Timer? { heap.popMin() }
    var count: Int { heap.count }

    init(from decoder: any Decoder) throws { heap = Heap(try [Timer](from: decoder)) }
    func encode(to encoder: any Encoder) throws { try heap.unordered.sorted().encode(to: encoder) }
}

extension Array where Element == Int {
    /// Where `value` is in an ascending array, found by halving (a rule with long deadlines
    /// keeps many duties in time, and one becomes overdue or is done at every turn).
    func ascendingIndex(of value: Int) -> Int? {
        var (low, high) = (0, count)
        while low < high {
            let mid = (low + high) / 2
            if self[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < count && self[low] == value ? low : nil
    }
}
