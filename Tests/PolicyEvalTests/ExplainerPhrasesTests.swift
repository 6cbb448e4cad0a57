import Testing
@testable import PolicyEval

/// The one explainer walk (`ExplainerPhrases`) gives, through the string sink, the words the
/// string explainer gave (literal phrases below; the reports' goldens pin the rest), and in JSON
/// and text the same words escaped, for every condition that made a duty or a notification in
/// the shipped policies' reports of every example and a long mixed record.
@Suite struct ExplainerPhrasesTests {
    @Test func jsonPhrasesAreTheStringPhrases() {
        var checked = 0, withCounts = 0
        for r in ReportBytesTests.reports {
            let entries = r.obligations.map { ($0.reasons, $0.shared) } + (r.escalations + r.indeterminateNotifications).map { ($0.reasons, $0.shared) }
            for (reasons, shared) in entries {
                let words = shared.words
                for reason in reasons.list(shared) {
                    guard case .condition(let ref, let snapshot) = reason, let condition = ref.condition(in: words.policy) else { continue }
                    let terms = SnapshotTerms(terms: condition.counts, latestTerms: condition.latestTerms, born: words.born, zone: words.zone)
                    SnapshotInput.reading(snapshot, terms) { input in
                        let vocabulary = words.policy.vocabulary
                        let now = condition.counts.isEmpty ? nil : words.zone.describe(snapshot.at)
                        let episode = condition.counts.isEmpty ? nil : snapshot.episodeKind.flatMap { k in
                            snapshot.episodeStart.map { (kind: vocabulary.episodes[k].kind, start: words.zone.describe($0)) }
                        }
                        let expected = condition.explain(input, vocabulary: vocabulary, now: now, episode: episode)
                        // The report's words for the reason are the explainer's.
                        #expect(words.words([reason]) == expected, "\(r.incident) \(r.policy.id)")
                        // As JSON: the strings, each escaped and quoted.
                        let json = JSONBytes(capacity: 64), whole = JSONBytes(capacity: 64)
                        var phrases = JSONPhrases(json)
                        condition.explain(input, vocabulary: vocabulary, now: now, episode: episode, into: &phrases)
                        for (k, w) in expected.enumerated() {
                            if k > 0 { whole.raw(", ") }
                            whole.string(w)
                        }
                        #expect(json.withBytes { Array($0) } == whole.withBytes { Array($0) })
                    }
                    checked += 1
                    if !condition.counts.isEmpty { withCounts += 1 }
                }
            }
        }
        #expect(checked > 1000)
        #expect(withCounts > 10)
    }

    /// The peer rule's condition, overnight and by day, in the words the string explainer gave.
    @Test func peerConditionWords() throws {
        let p = try policy("""
            rules:
              - id: r
                cite: "1"
                when: {event: missing.found, if: "episode.overnight or episode.duration > 9h"}
                require: {action: rhi.completed, within: 72h}
            """)
        let condition = try #require(p.rules[0].condition)
        for (start, words) in [("2026-03-14T22:10:00Z", ["episode ran overnight", "episode lasted 10h 3m, over 9h"]),
                               ("2026-03-14T08:00:00Z", ["episode lasted 10h 3m, over 9h"])] {
            let t = instant(start)
            let snapshot = ConditionSnapshot(at: t + 603 * 60, data: [], facts: [], episodeStart: t, episodeEnd: nil,
                                             episodeRisk: nil, counts: [])
            let json = JSONBytes(capacity: 64)
            SnapshotInput.reading(snapshot, SnapshotTerms(terms: [], latestTerms: [], born: nil, zone: london)) { input in
                #expect(condition.explain(input, vocabulary: p.vocabulary) == words, "\(start)")
                var phrases = JSONPhrases(json)
                condition.explain(input, vocabulary: p.vocabulary, into: &phrases)
            }
            #expect(String(decoding: json.withBytes { Array($0) }, as: UTF8.self) == words.map { "\"\($0)\"" }.joined(separator: ", "))
        }
    }

    /// Shapes the shipped policies' reports may not reach: negations, a false `and`, a sum, a
    /// date held to another, an unknown value, a duration under an hour and a negative one,
    /// in the words the string explainer gave.
    @Test func rarerShapesWords() throws {
        let p = try policy("""
            rules:
              - id: r
                cite: "1"
                when: {event: missing.found, if: "not (episode.overnight and episode.duration < 2h) and not episode.duration >= 30h and episode.duration + 1h > 2m"}
                require: {action: rhi.completed, within: 72h}
            """)
        let condition = try #require(p.rules[0].condition)
        let start = instant("2026-03-14T22:10:00Z")
        let expected: [Int64: [String]] = [
            45: ["episode did not run overnight", "episode lasted 45m, under 30h", "episode lasted 45m, plus 1h: 1h 45m, over 2m"],
            2000: ["episode lasted 33h 20m, at least 2h", "episode lasted 33h 20m, under 30h", "episode lasted 33h 20m, plus 1h: 34h 20m, over 2m"],
        ]
        for (minutes, words) in expected {
            let snapshot = ConditionSnapshot(at: start + minutes * 60, data: [], facts: [], episodeStart: start, episodeEnd: nil,
                                             episodeRisk: nil, counts: [])
            SnapshotInput.reading(snapshot, SnapshotTerms(terms: [], latestTerms: [], born: nil, zone: london)) { input in
                #expect(condition.explain(input, vocabulary: p.vocabulary) == words, "\(minutes) minutes")
            }
        }
        let snapshot = ConditionSnapshot(at: start + 45 * 60, data: [], facts: [], episodeStart: start, episodeEnd: nil,
                                         episodeRisk: nil, counts: [])
        SnapshotInput.reading(snapshot, SnapshotTerms(terms: [], latestTerms: [], born: nil, zone: london)) { input in
            let explainer = Explainer(input: input, vocabulary: p.vocabulary)
            let shapes: [(Expr, whenFalse: [String], whenTrue: [String])] = [
                (.compare(.lt, .episodeDuration, .constant(.duration(-90))), ["episode lasted 45m, at least -1m"], ["episode lasted 45m, under -1m"]),
                (.not(.episodeOvernight), ["episode did not run overnight"], ["episode did not run overnight"]),
                (.compare(.ge, .constant(.duration(60)), .episodeDuration), ["episode lasted 45m, over 1m"], ["episode lasted 45m, at most 1m"]),
                (.compare(.eq, .episodeRisk, .constant(.string("high"))), ["risk: not recorded, not high"], ["risk: not recorded"]),
            ]
            for (e, asFalse, asTrue) in shapes {
                var got = StringPhrases()
                explainer.explainFalse(e, into: &got)
                #expect(got.out == asFalse)
                got = StringPhrases()
                explainer.explain(e, into: &got)
                #expect(got.out == asTrue)
            }
        }
    }
}
