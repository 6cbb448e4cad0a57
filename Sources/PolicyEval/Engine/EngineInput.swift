/// What stays the same for every condition a session evaluates: made once per session,
/// so that each input holds one reference to it rather than copies of each part.
final class InputContext: Sendable {
    let zone: Zone
    let born: LocalDate?
    let countSlot: [Int]
    let episodeKinds: [String]
    let historySpans: [HistoryTerm.Span]

    init(policy: Policy, zone: Zone, born: LocalDate?) {
        self.zone = zone
        self.born = born
        countSlot = policy.countSlot
        episodeKinds = policy.vocabulary.episodes.map(\.kind)
        historySpans = policy.historyTerms.map(\.span)
    }
}

/// What a condition sees at one instant of a session: the event in scope, the
/// child's facts, the episode, and counts over the recent record.
struct EngineInput: TimedInput {
    let at: Instant
    /// The data of the event in scope (empty where there is none).
    let data: [Value?]
    /// Its type; nil where no event is in scope.
    let eventType: EventTypeID?
    /// The instant it was recorded at (`time_of(event)`); nil where no event is in scope.
    let eventTime: Instant?
    // Only what conditions read, not the whole session: holding the session would make
    // every later change to its obligations copy them (copy-on-write), per event.
    let facts: [Bool?]
    let countHistory: [TimeWindow]
    let episodeStarts: [TimeWindow]
    let history: [HistorySlot]
    let context: InputContext
    /// The episode in scope: its kind (index), start, end (if closed) and risk.
    let episodeKind: Int
    let episodeStart: Instant?
    let episodeEnd: Instant?
    let episodeRisk: String?

    func eventField(_ index: Int) -> Value? {
        index < data.count ? data[index] : nil
    }

    func fact(_ index: Int) -> Bool? { facts[index] }

    var instant: Instant { at }
    var born: LocalDate? { context.born }
    var zone: Zone { context.zone }
    /// As `TimedInput` works it out, with the zone read in place from the shared context (`zone`
    /// hands back a copy, each of its references counted, for every condition that reads it).
    var episodeOvernight: Bool? {
        guard let start = episodeStart else { return nil }
        return context.zone.isOvernight(from: start, to: episodeEnd ?? at)
    }

    /// Events of a type in the elapsed window (at - window, at].
    func count(_ type: EventTypeID, window: Int64) -> Int {
        let slot = context.countSlot[type]
        return slot < 0 ? 0 : countHistory[slot].count(after: at + (-window), upTo: at)
    }

    /// Episodes whose start lies in the elapsed window up to and including the episode in
    /// scope (time semantics: "2 or more episodes in 4 weeks"), or up to now where there is none.
    func episodes(kind: String, window: Int64) -> Int {
        guard let k = context.episodeKinds.firstIndex(of: kind) else { return 0 }
        let end = k == episodeKind ? episodeStart ?? at : at
        return episodeStarts[k].count(after: end + (-window), upTo: end)
    }

    func historyCount(_ term: Int) -> Int {
        switch context.historySpans[term] {
        case .all: return history[term].count
        case .since: return history[term].anchored ? history[term].count : 0
        case .within(let window): return history[term].times.count(after: at + (-window), upTo: at)
        }
    }

    func latest(_ term: Int) -> [Value?]? { history[term].latest }

    /// What a condition read here, kept so that its words can be made later.
    func snapshot(of condition: Condition) -> ConditionSnapshot {
        ConditionSnapshot(
            at: at, data: data, eventType: eventType, eventTime: eventTime, facts: facts,
            episodeStart: episodeStart, episodeEnd: episodeEnd, episodeRisk: episodeRisk,
            episodeKind: episodeKind < 0 ? nil : episodeKind,
            counts: condition.counts.map { term in
                switch term {
                case .events(let type, let window): count(type, window: window)
                case .episodes(let kind, let window): episodes(kind: kind, window: window)
                case .history(let term): historyCount(term)
                }
            },
            latest: condition.latestTerms.map { latest($0) })
    }
}

extension Session {
    /// The input for conditions at an instant. A method, so that `self` is borrowed, not
    /// copied, even from a mutating caller.
    @inline(__always)  // called from mutating methods: a call passed a copy of the whole session
    func input(at instant: Instant, event: Event?, episode: EpisodeRecord?) -> EngineInput {
        input(at: instant, event: event, episodeKind: episode?.kind ?? -1, start: episode?.start, end: episode?.end, risk: episode?.risk)
    }

    /// The same, for the episode of kind `k` in scope (`episode(inScope:)`), read in its slot:
    /// copying the record out counted each of its strings.
    @inline(__always)
    func input(at instant: Instant, event: Event?, episodeIn k: Int?) -> EngineInput {
        guard let k else { return input(at: instant, event: event, episode: nil) }
        if state.episodes[k]?.serial != nil {
            return input(at: instant, event: event, episodeKind: state.episodes[k]?.kind ?? -1, start: state.episodes[k]?.start,
                         end: state.episodes[k]?.end, risk: state.episodes[k]?.risk)
        }
        return input(at: instant, event: event, episodeKind: state.closedEpisodes[k]?.kind ?? -1, start: state.closedEpisodes[k]?.start,
                     end: state.closedEpisodes[k]?.end, risk: state.closedEpisodes[k]?.risk)
    }

    @inline(__always)
    private func input(at instant: Instant, event: Event?, episodeKind: Int, start: Instant?, end: Instant?, risk: String?) -> EngineInput {
        EngineInput(at: instant, data: event?.data ?? [], eventType: event?.type, eventTime: event?.time, facts: state.facts, countHistory: state.countHistory,
                    episodeStarts: state.episodeStarts, history: state.history, context: inputContext, episodeKind: episodeKind,
                    episodeStart: start, episodeEnd: end, episodeRisk: risk)
    }
}

/// An event being recorded, as a `where:` of a history term sees it: its own fields, its own
/// time (`time_of(event)`) and the incident's zone (for `date_of` and `in_office_hours`) only.
struct RecordedEventInput: EvaluationInput {
    let data: [Value?]
    let eventType: EventTypeID?
    var eventTime: Instant? = nil
    var dateZone: Zone? = nil
    func eventField(_ index: Int) -> Value? { index < data.count ? data[index] : nil }
    func fact(_ index: Int) -> Bool? { nil }
    var age: Int? { nil }
    var episodeDuration: Int64? { nil }
    var episodeOvernight: Bool? { nil }
    var episodeRisk: String? { nil }
    func count(_ type: EventTypeID, window: Int64) -> Int { 0 }
    func episodes(kind: String, window: Int64) -> Int { 0 }
}
