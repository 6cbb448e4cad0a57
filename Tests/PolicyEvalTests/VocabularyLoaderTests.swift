import Foundation
import Testing
@testable import PolicyEval

/// The shipped vocabulary with `edit` applied to its text, loaded; or its diagnostics.
private struct Refused: Error { var diagnostics: [Diagnostic] }

private func editedVocabulary(_ edit: (String) -> String) throws -> Result<Vocabulary, Refused> {
    let text = edit(try String(contentsOfFile: policiesDir + "/vocabulary.yaml", encoding: .utf8))
    let (_, root) = try YAMLLoader.parse(text, file: "vocabulary.yaml")
    var log = DiagnosticLog()
    guard let v = VocabularyLoader.load(try #require(root), file: "vocabulary.yaml", log: &log) else { return .failure(Refused(diagnostics: log.items)) }
    return .success(v)
}

/// An absence episode graded by its own risk field, changed by `absence.graded`, where the
/// field sits at another place in the change event than in the opening one.
private func gradedAbsences(riskType: String = "high|low", changeField: String = "grade: high|low") -> (String) -> String {
    { text in
        text.replacingOccurrences(of: "  absence: {opened_by: absence.started, closed_by: absence.ended}",
                                  with: "  absence: {opened_by: absence.started, closed_by: absence.ended, risk_field: grade, risk_changed_by: absence.graded}")
            .replacingOccurrences(of: "  absence.reviewed: {}", with: "  absence.reviewed: {}\n  absence.graded: {data: {note?: bool, \(changeField)}}")
            .replacingOccurrences(of: "absence.started: {data: {whereabouts_known: bool, significant_risk?: bool}",
                                  with: "absence.started: {data: {whereabouts_known: bool, significant_risk?: bool, grade?: \(riskType)}")
    }
}

@Suite struct EpisodeRiskFields {
    @Test func aRiskChangeIsReadFromTheChangeEventsOwnField() throws {
        let v = try editedVocabulary(gradedAbsences()).get()
        let kind = try #require(v.episode(kind: "absence"))
        #expect(kind.riskField == 2 && kind.riskChangedField == 1)

        let (source, root) = try YAMLLoader.parse(header + """
        rules:
          - id: graded-high
            cite: "1"
            when: {event: absence.graded, if: 'episode.risk == "high"'}
            require: {action: absence.reviewed, within: 1h}
        """, file: "graded.yaml")
        let (p, d) = PolicyLibrary.compiler(vocabulary: v, root: policiesDir).compile(source, root: root)
        let policy = try #require(p, "\(d)")
        let json = #"""
        {"incident": {"id": "T-1", "subject": {"id": "C-1"}}, "events": [
          {"id": "a1", "type": "absence.started", "time": "2026-04-10T18:00:00Z", "data": {"whereabouts_known": true, "grade": "low"}},
          {"id": "a2", "type": "absence.graded", "time": "2026-04-10T20:00:00Z", "data": {"grade": "high"}}]}
        """#
        let (incident, _) = try IncidentReader(vocabulary: v).read(Data(json.utf8), file: "t.json")
        let r = try Evaluation.evaluate(incident, policy: policy, asOf: instant("2026-04-11T00:00:00Z"))
        #expect(r.obligations.map { "\($0.rule) \($0.triggeredBy) \($0.status)" } == ["graded-high a2 overdue"])
    }

    @Test func aYesNoRiskFieldIsRefused() throws {
        guard case .failure(let refused) = try editedVocabulary(gradedAbsences(riskType: "bool", changeField: "grade: bool")) else {
            Issue.record("a bool risk field was accepted"); return
        }
        #expect(refused.diagnostics.contains { $0.id == "episode.risk-type" })
    }

    @Test func aChangeEventWithoutTheRiskFieldIsRefused() throws {
        guard case .failure(let refused) = try editedVocabulary(gradedAbsences(changeField: "level: high|low")) else {
            Issue.record("a risk change event without the risk field was accepted"); return
        }
        #expect(refused.diagnostics.contains { $0.id == "episode.risk-changed-field" && $0.message.contains("'absence.graded' must have a field 'grade'") })
    }
}
