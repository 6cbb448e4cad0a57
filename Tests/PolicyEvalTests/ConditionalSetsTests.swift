import Foundation
import Testing
@testable import PolicyEval

/// `sets: {fact: {to: true, if: {field: value}}}`: a fact set only when the event says so.
@Suite struct ConditionalSetsTests {
    let vocabularyText = """
    vocabulary: example-council
    extends: core
    facts:
      awaiting_intake: {type: bool, meaning: referred and waiting for the council's intake decision}
    events:
      intake.requested: {sets: {awaiting_intake: true}}
      intake.decided: {data: {outcome: refer|close|defer, by?: role}, sets: {awaiting_intake: {to: false, if: {outcome: [refer, close]}}}}

    """
    let policyText = """
    policy: example-intake
    title: Intake
    authority: Example Council
    version: "1"
    source: Example intake protocol
    calendar: england-and-wales
    rules:
      - id: decide-within-a-day
        cite: "1"
        when: {fact: awaiting_intake, becomes: true}
        require: {action: intake.decided, within: 1wd}
      - id: close-the-record
        cite: "2"
        when: {fact: awaiting_intake, becomes: false}
        require: {action: report.shared, within: 5wd}

    """

    @Test func aFactIsSetOnlyWhenTheEventSaysSo() throws {
        let s = try ScratchPolicies("conditional-sets", authorityVocabulary: vocabularyText, files: ["intake.yaml": policyText])
        defer { s.remove() }
        let library = PolicyLibrary.load([s.auth])
        let p = try #require(library.policies.first, "\(DiagnosticRenderer(sources: library.sources).render(library.diagnostics))")
        #expect(library.diagnostics.items.isEmpty)
        let object: [String: Any] = [
            "incident": ["id": "T-1", "subject": ["id": "C-1"]],
            "events": [
                ["id": "e1", "type": "intake.requested", "time": "2026-03-02T09:00:00Z"],
                ["id": "e2", "type": "intake.decided", "time": "2026-03-02T10:00:00Z", "data": ["outcome": "defer"]],
                ["id": "e3", "type": "intake.decided", "time": "2026-03-03T10:00:00Z", "data": ["outcome": "close"]],
            ],
        ]
        let (incident, _) = try IncidentReader(vocabulary: p.vocabulary).read(JSONSerialization.data(withJSONObject: object), file: "i.json")
        let report = try Evaluation.evaluate(incident, policy: p, asOf: instant("2026-03-04T09:00:00Z"))
        // A deferral leaves the child waiting; the decision to close ends it, and only then is the record closed.
        let rows = report.obligations.map { "\($0.rule) \($0.triggeredBy) \($0.status.rawValue)" }
        #expect(rows == ["decide-within-a-day e1 met", "close-the-record e3 pending"], "\(rows)")
    }

    @Test func mistakesInAConditionalSetsArePlaced() throws {
        let bad = vocabularyText.replacingOccurrences(of: "{to: false, if: {outcome: [refer, close]}}", with: "{to: no, if: {outcom: refer}}")
            .replacingOccurrences(of: "intake.requested: {sets: {awaiting_intake: true}}",
                                  with: "intake.requested: {data: {kind: a|b}, sets: {awaiting_intake: {to: true, if: {kind: [a, c]}}}}")
        let s = try ScratchPolicies("conditional-sets-bad", authorityVocabulary: bad, files: ["intake.yaml": policyText])
        defer { s.remove() }
        let d = PolicyLibrary.load([s.auth]).diagnostics.sorted
        #expect(d.map(\.id) == ["sets.value", "expected-bool"])
        #expect(d[0].suggestion == "a" || d[0].suggestion == "b")
        let s2 = try ScratchPolicies("conditional-sets-bad-2", authorityVocabulary: vocabularyText.replacingOccurrences(of: "if: {outcome:", with: "if: {outcom:"),
                                     files: ["intake.yaml": policyText])
        defer { s2.remove() }
        let d2 = PolicyLibrary.load([s2.auth]).diagnostics.sorted
        #expect(d2.map(\.id) == ["unknown-field"])
        #expect(d2.first?.suggestion == "outcome" && d2.first?.location?.line == 7)
    }
}
