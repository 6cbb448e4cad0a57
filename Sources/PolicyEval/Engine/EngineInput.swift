/// What a condition sees at one instant of a session: the event in scope, the
/// child's facts, the episode, and counts over the recent record.
struct EngineInput: EvaluationInput {
    let at: Instant
    /// The data of the event in scope (empty where there is none).
    let data: [Value?]
    let episode: EpisodeRecord?
    // Only what conditions read, not the whole session: holding the session would make
    // every later change to its obligations copy them (copy-on-write), per event.
    let facts: [Bool?]
    let born: LocalDate?
    let zone: Zone
    let countHistory: [TimeWindow]
    let countSlot: [Int]
    let episodeStarts: [TimeWindow]
    let episodeKinds: [Vocabulary.Episode]

    init(session: Session, at: Instant, event: Event?, episode: EpisodeRecord?) {
        self.at = at
        self.data = event?.data ?? []
        self.episode = episode
        facts = session.state.facts
        born = session.state.subject.born
        zone = session.zone
        countHistory = session.state.countHistory
        countSlot = session.policy.countSlot
        episodeStarts = session.state.episodeStarts
        episodeKinds = session.policy.vocabulary.episodes
    }

    func eventField(_ index: Int) -> Value? {
        index < data.count ? data[index] : nil
    }

    func fact(_ index: Int) -> Bool? { facts[index] }

    var age: Int? {
        guard let born else { return nil }
        return zone.localDate(of: at).years(since: born)
    }

    private var end: Instant { episode?.end ?? at }

    var episodeDuration: Int64? {
        guard let ep = episode else { return nil }
        return end.seconds - ep.start.seconds
    }

    var episodeOvernight: Bool? {
        guard let ep = episode else { return nil }
        return zone.isOvernight(from: ep.start, to: end)
    }

    var episodeRisk: String? { episode?.risk }

    /// Events of a type in the elapsed window (at - window, at].
    func count(_ type: EventTypeID, window: Int64) -> Int {
        let slot = countSlot[type]
        return slot < 0 ? 0 : countHistory[slot].count(after: at + (-window), upTo: at)
    }

    /// Episodes whose start lies in the elapsed window up to and including the episode in
    /// scope (time semantics: "2 or more episodes in 4 weeks"), or up to now where there is none.
    func episodes(kind: String, window: Int64) -> Int {
        guard let k = episodeKinds.firstIndex(where: { $0.kind == kind }) else { return 0 }
        let end = episode.flatMap { $0.kind == kind ? $0.start : nil } ?? at
        return episodeStarts[k].count(after: end + (-window), upTo: end)
    }

    /// What a condition read here, kept so that its words can be made later.
    func snapshot(of condition: Condition) -> ConditionSnapshot {
        ConditionSnapshot(
            at: at, data: data, facts: facts,
            episodeStart: episode?.start, episodeEnd: episode?.end, episodeRisk: episode?.risk,
            counts: condition.counts.map { term in
                switch term {
                case .events(let type, let window): count(type, window: window)
                case .episodes(let kind, let window): episodes(kind: kind, window: window)
                }
            })
    }
}
