import Foundation
import Testing
@testable import PolicyEval

/// `answers: all`: one answer covers every open duty of the rule ("a third contact within 28 days is
/// reviewed by a manager": the rule fires on the third and the fourth contact; one review answers both).
@Suite struct AnswersAll {
    func rules(_ answers: String) -> String {
        """
        rules:
          - id: manager-review-of-repeat-contacts
            cite: "3.4"
            when: {event: contact.received, if: 'count(contact.received, within: 28d) >= 3'}
            require: {action: contact.reviewed, within: 5wd\(answers)}
            escalate: [{notify: [team_manager]}]
        """
    }

    let contacts = [("c1", "contact.received", "2026-11-02T10:00:00Z", [:] as [String: Any]),
                    ("c2", "contact.received", "2026-11-03T10:00:00Z", [:] as [String: Any]),
                    ("c3", "contact.received", "2026-11-04T10:00:00Z", [:] as [String: Any]),
                    ("c4", "contact.received", "2026-11-05T10:00:00Z", [:] as [String: Any])]

    func statuses(_ answers: String, _ extra: [(String, String, String, [String: Any])]) throws -> [String] {
        let r = try bothWays(try policy(rules(answers)), try incident(contacts + extra), asOf: "2026-12-20T00:00:00Z")
        return r.obligations.map { "\($0.triggeredBy) \($0.status.rawValue) \($0.satisfiedBy ?? "-")" }
    }

    @Test func oneReviewAnswersOnlyOneDutyByDefault() throws {
        #expect(try statuses("", [("r1", "contact.reviewed", "2026-11-06T10:00:00Z", [:])]) == ["c3 met r1", "c4 overdue -"])
    }

    @Test func withAnswersAllOneReviewAnswersEveryOpenDuty() throws {
        #expect(try statuses(", answers: all", [("r1", "contact.reviewed", "2026-11-06T10:00:00Z", [:])]) == ["c3 met r1", "c4 met r1"])
    }

    @Test func aLateReviewAnswersTheOverdueOnesTooAsLate() throws {
        #expect(try statuses(", answers: all", [("r1", "contact.reviewed", "2026-11-20T10:00:00Z", [:])]) == ["c3 late r1", "c4 late r1"])
    }

    @Test func aReviewBeforeADutyArisesDoesNotAnswerIt() throws {
        let r = try bothWays(try policy(rules(", answers: all")),
                             try incident(Array(contacts.prefix(3)) + [("r1", "contact.reviewed", "2026-11-04T12:00:00Z", [:]), contacts[3]]),
                             asOf: "2026-12-20T00:00:00Z")
        #expect(r.obligations.map { "\($0.triggeredBy) \($0.status.rawValue)" } == ["c3 met", "c4 overdue"])
    }

    @Test func answersOneIsTheDefaultSaidAloud() throws {
        #expect(try statuses(", answers: one", [("r1", "contact.reviewed", "2026-11-06T10:00:00Z", [:])]) == ["c3 met r1", "c4 overdue -"])
    }

    @Test func aMisspeltAnswersIsAPositionedErrorWithASuggestion() {
        let (p, d, _) = compile(rules(", answers: al"))
        #expect(p == nil)
        let e = d.items.first { $0.id == "bad-answers" }
        #expect(e?.suggestion == "all")
        #expect(e?.location?.line == 12)
    }

    @Test func explainTracesEachDutyAnswered() throws {
        let i = try incident(contacts + [("r1", "contact.reviewed", "2026-11-06T10:00:00Z", [:])])
        let (_, trace) = try Evaluation.evaluate(i, policy: try policy(rules(", answers: all")), asOf: instant("2026-12-20T00:00:00Z"),
                                                 traceRule: "manager-review-of-repeat-contacts")
        #expect(trace.map(\.text).filter { $0.hasPrefix("discharged by r1") }.count == 2)
    }

    @Test func theGraphSaysOneAnswerCoversAll() throws {
        let dot = GraphRenderer.render(try policy(rules(", answers: all")), format: .dot)
        #expect(dot.contains("one answer covers all open"))
    }
}
