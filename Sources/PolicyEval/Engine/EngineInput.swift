/// What a condition sees at one instant of a session: the event in scope, the
/// child's facts, the episode, and counts over the recent record.
struct EngineInput: EvaluationInput {
    let session: Session
    let at: Instant
    let event: Event?
    let episode: EpisodeRecord?

    func eventField(_ index: Int) -> Value? {
        guard let e = event, index < e.data.count else { return nil }
        return e.data[index]
    }

    func fact(_ index: Int) -> Bool? { session.state.facts[index] }

    var age: Int? {
        guard let born = session.state.subject.born else { return nil }
        return session.zone.localDate(of: at).years(since: born)
    }

    private var end: Instant { episode?.end ?? at }

    var episodeDuration: Int64? {
        guard let ep = episode else { return nil }
        return end.seconds - ep.start.seconds
    }

    var episodeOvernight: Bool? {
        guard let ep = episode else { return nil }
        return session.zone.isOvernight(from: ep.start, to: end)
    }

    var episodeRisk: String? { episode?.risk }

    func count(_ type: EventTypeID, window: Int64) -> Int {
        guard let times = session.state.countHistory[type] else { return 0 }
        let from = at + (-window)
        // Times are in order: count those in (at - window, at] from the end.
        var n = 0
        for t in times.reversed() {
            if t <= from { break }
            if t <= at { n += 1 }
        }
        return n
    }

    func episodes(kind: String, window: Int64) -> Int {
        let from = at + (-window)
        return session.state.episodeStarts[kind]?.filter { $0 > from && $0 <= at }.count ?? 0
    }
}
