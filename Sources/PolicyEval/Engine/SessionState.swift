/// Everything a session remembers about one incident between events. Codable, so a
/// service can keep it between events and restore it later.
import Collections

struct SessionState: Sendable, Codable {
    var incidentID: String
    var zoneName: String
    var subject: Subject
    var facts: [Bool?]
    /// The latest instant the session has reached (an event's time or `advance(to:)`).
    var clock: Instant?
    var sequence: Int = 0
    var eventCount: Int = 0
    var episodes: [String: EpisodeRecord] = [:]
    var closedEpisodes: [String: EpisodeRecord] = [:]
    /// Times of events counted by `count(...)`, per counted type; pruned to the longest window.
    var countHistory: [EventTypeID: [Instant]] = [:]
    /// Starts of episodes, per kind, for `episodes(...)`; pruned to the longest window.
    var episodeStarts: [String: [Instant]] = [:]
    var obligations: [ObligationRecord] = []
    var escalations: [EscalationRecord] = []
    var timers = TimerQueue()
    var diagnostics: [ReportDiagnostic] = []
    var seenEventIDs: Set<String> = []
}

struct EpisodeRecord: Sendable, Codable, Equatable {
    var kind: String
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
    var because: [String]
    /// The data of the event that fired the rule, for rules chained on this one's overdue.
    var triggerEvent: Event?
    var episode: EpisodeRecord?

    /// The moment it became overdue, as reports give it: the due instant itself,
    /// or the start of the day after a due date.
    var overdueMoment: Instant {
        if case .instant(let t) = due { return t }
        return overdueAt
    }
}

struct EscalationRecord: Sendable, Codable, Equatable {
    var rule: Int
    var at: Instant
    var notify: [String]
    var because: [String]
    var obligation: Int?
}

public struct ReportDiagnostic: Sendable, Codable, Equatable {
    public var severity: Diagnostic.Severity
    public var event: String?
    public var message: String
}

/// Something due to happen at an instant unless the record overtakes it.
struct Timer: Sendable, Codable, Comparable {
    enum Kind: Sendable, Codable, Equatable {
        case threshold(rule: Int, episode: String, serial: Int)
        case overdue(obligation: Int)
        case escalation(obligation: Int, step: Int)
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
    init() {}
    var next: Timer? { heap.min }
    mutating func push(_ t: Timer) { heap.insert(t) }
    mutating func pop() -> Timer? { heap.popMin() }
    var count: Int { heap.count }

    init(from decoder: any Decoder) throws { heap = Heap(try [Timer](from: decoder)) }
    func encode(to encoder: any Encoder) throws { try heap.unordered.sorted().encode(to: encoder) }
}
