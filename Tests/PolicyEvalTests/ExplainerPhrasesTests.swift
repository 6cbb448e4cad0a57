import Testing
@testable import PolicyEval

/// The explainer written straight into a report (`ExplainerPhrases`) gives the words the
/// string explainer gives, for every condition that made a duty or a notification in the
/// shipped policies' reports of every example and a long mixed record, and in both JSON and
/// text the same escaped words.
@Suite struct ExplainerPhrasesTests {
    @Test func phrasesAreTheStringExplainersWords() {
        var checked = 0, withCounts = 0
        for r in ReportBytesTests.reports {
            let entries = r.obligations.map { ($0.reasons, $0.shared) } + (r.escalations + r.indeterminateNotifications).map { ($0.reasons, $0.shared) }
            for (reasons, shared) in entries {
                let words = shared.words
                for reason in reasons.list(shared) {
                    guard case .condition(let ref, let snapshot) = reason, let condition = ref.condition(in: words.policy) else { continue }
                    let input = SnapshotInput(snapshot: snapshot, terms: condition.counts, latestTerms: condition.latestTerms,
                                              born: words.born, zone: words.zone)
                    let vocabulary = words.policy.vocabulary
                    let now = condition.counts.isEmpty ? nil : words.zone.describe(snapshot.at)
                    let episode = condition.counts.isEmpty ? nil : snapshot.episodeKind.flatMap { k in
                        snapshot.episodeStart.map { (kind: vocabulary.episodes[k].kind, start: words.zone.describe($0)) }
                    }
                    let expected = condition.explain(input, vocabulary: vocabulary, now: now, episode: episode)
                    var strings = StringPhrases()
                    condition.explain(input, vocabulary: vocabulary, now: now, episode: episode, into: &strings)
                    #expect(strings.out == expected, "\(r.incident) \(r.policy.id)")
                    // As JSON: the strings, each escaped and quoted.
                    let json = JSONBytes(capacity: 64), whole = JSONBytes(capacity: 64)
                    var phrases = JSONPhrases(json)
                    condition.explain(input, vocabulary: vocabulary, now: now, episode: episode, into: &phrases)
                    for (k, w) in expected.enumerated() {
                        if k > 0 { whole.raw(", ") }
                        whole.string(w)
                    }
                    #expect(json.withBytes { Array($0) } == whole.withBytes { Array($0) })
                    checked += 1
                    if !condition.counts.isEmpty { withCounts += 1 }
                }
            }
        }
        #expect(checked > 1000)
        #expect(withCounts > 10)
    }

    /// Shapes the shipped policies' reports may not reach: negations, a false `and`, a sum, a
    /// date held to another, an unknown value, a duration under an hour and a negative one.
    @Test func rarerShapesReadTheSame() throws {
        let p = try policy("""
            rules:
              - id: r
                cite: "1"
                when: {event: missing.found, if: "not (episode.overnight and episode.duration < 2h) and not episode.duration >= 30h and episode.duration + 1h > 2m"}
                require: {action: rhi.completed, within: 72h}
            """)
        let condition = try #require(p.rules[0].condition)
        let zone = london
        let start = instant("2026-03-14T22:10:00Z")
        for minutes: Int64 in [3, 45, 60, 61, 119, 600, 1500, 2000] {
            let snapshot = ConditionSnapshot(at: start + minutes * 60, data: [], facts: [], episodeStart: start, episodeEnd: nil,
                                             episodeRisk: nil, counts: [])
            let input = SnapshotInput(snapshot: snapshot, terms: [], latestTerms: [], born: nil, zone: zone)
            let expected = condition.explain(input, vocabulary: p.vocabulary)
            var strings = StringPhrases()
            condition.explain(input, vocabulary: p.vocabulary, into: &strings)
            #expect(strings.out == expected, "\(minutes) minutes")
            for e in [Expr.compare(.lt, .episodeDuration, .constant(.duration(-90))), .not(.episodeOvernight),
                      .compare(.ge, .constant(.duration(60)), .episodeDuration), .compare(.eq, .episodeRisk, .constant(.string("high")))] {
                let explainer = Explainer(input: input, vocabulary: p.vocabulary)
                var want: [String] = []
                explainer.explainFalse(e, into: &want)
                explainer.explain(e, into: &want)
                var got = StringPhrases()
                explainer.explainFalse(e, into: &got)
                explainer.explain(e, into: &got)
                #expect(got.out == want)
            }
        }
    }
}
