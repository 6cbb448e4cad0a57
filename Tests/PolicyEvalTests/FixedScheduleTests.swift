import Foundation
import Testing
@testable import PolicyEval

/// `repeat: {each: 1wkd at 10:00}`: a fixed schedule, each weekday morning its own duty, due whether
/// or not the previous one was done ("a missing child on a plan is reviewed each weekday by 10:00").
@Suite struct FixedSchedule {
    static let rules = """
    rules:
      - id: weekday-review
        cite: "4.2"
        when: {event: missing.reported}
        require:
          action: missing_plan.updated
          within: 1wkd at 10:00
          repeat: {each: 1wkd at 10:00, until: [missing.found]}
        escalate: [{notify: [team_manager]}]
    """
    let p = try! policy(rules)

    // Monday 30 November 2026, 14:00 (London is on UTC in winter).
    let reported = ("m1", "missing.reported", "2026-11-30T14:00:00Z", ["risk": "medium"] as [String: Any])
    let found = ("f1", "missing.found", "2026-12-03T15:00:00Z", [:] as [String: Any])

    func run(_ events: [(String, String, String, [String: Any])], asOf: String = "2026-12-20T00:00:00Z") throws -> Report {
        try bothWays(p, try incident(events), asOf: asOf)
    }

    func lines(_ r: Report) -> [String] {
        r.obligations.map { "\($0.occurrence) \($0.due) \($0.status.rawValue) \($0.satisfiedBy ?? "-")" }
    }

    @Test func threeMissedMorningsAreThreeOverdueDuties() throws {
        let r = try run([reported, found])
        #expect(lines(r) == ["1 2026-12-01T10:00:00Z overdue -", "2 2026-12-02T10:00:00Z overdue -",
                             "3 2026-12-03T10:00:00Z overdue -", "4 2026-12-04T10:00:00Z cancelled -"])
        // Each missed morning is escalated on its own.
        #expect(r.escalations.map(\.at) == [instant("2026-12-01T10:00:00Z"), instant("2026-12-02T10:00:00Z"), instant("2026-12-03T10:00:00Z")])
    }

    /// The text report says when a later occurrence arose, not that its trigger happened then.
    @Test func theTextReportSaysWhenEachOccurrenceArose() throws {
        let text = ReportText.render(try run([reported, found]))
        #expect(text.contains("; triggered by m1 at Mon 30 Nov 2026 14:00 GMT\n"))
        #expect(text.contains("; occurrence 2 on the schedule triggered by m1, arose "))
        #expect(!text.contains("triggered by m1 at Tue"))
    }

    @Test func eachMorningIsAnsweredInItsOwnWindow() throws {
        let r = try run([reported, ("u1", "missing_plan.updated", "2026-12-01T10:00:00Z", [:]),
                         ("u2", "missing_plan.updated", "2026-12-02T11:00:00Z", [:]), found])
        // At 10:00 exactly is in time; 11:00 on Wednesday is after Wednesday's due, so it answers Thursday's
        // (the earliest still in time), and Wednesday's stays overdue.
        #expect(lines(r) == ["1 2026-12-01T10:00:00Z met u1", "2 2026-12-02T10:00:00Z overdue -",
                             "3 2026-12-03T10:00:00Z met u2", "4 2026-12-04T10:00:00Z cancelled -"])
    }

    @Test func anEarlyAnswerDoesNotStopTheSchedule() throws {
        // Done on Tuesday at 08:00: the next occurrence still falls due on Wednesday, not a day after the answer.
        let r = try run([reported, ("u1", "missing_plan.updated", "2026-12-01T08:00:00Z", [:]), found])
        #expect(lines(r).prefix(2) == ["1 2026-12-01T10:00:00Z met u1", "2 2026-12-02T10:00:00Z overdue -"])
    }

    @Test func untilWhileTheLastIsDoneOpensNoMore() throws {
        let r = try run([reported, ("u1", "missing_plan.updated", "2026-12-01T09:00:00Z", [:]),
                         ("f1", "missing.found", "2026-12-01T09:30:00Z", [:])])
        #expect(lines(r) == ["1 2026-12-01T10:00:00Z met u1"])
    }

    @Test func weekendsAreSkipped() throws {
        let r = try run([("m1", "missing.reported", "2026-12-04T14:00:00Z", ["risk": "medium"]),
                         ("f1", "missing.found", "2026-12-08T12:00:00Z", [:])])
        #expect(r.obligations.map(\.due) == [instant("2026-12-07T10:00:00Z"), instant("2026-12-08T10:00:00Z"), instant("2026-12-09T10:00:00Z")])
        #expect(r.obligations.last?.because.first?.contains("on the schedule") == true)
    }

    @Test func aScheduleWithNoEndIsBoundedAndSaysSo() throws {
        let open = try policy("""
        rules:
          - id: weekday-review
            cite: "4.2"
            when: {event: missing.reported}
            require: {action: missing_plan.updated, within: 1wkd at 10:00, repeat: {each: 1wkd at 10:00}}
        """)
        let r = try bothWays(open, try incident([reported]), asOf: "2070-01-01T00:00:00Z")
        #expect(r.obligations.count == Rule.Recurrence.maxOccurrences)
        #expect(r.diagnostics.contains { $0.message.contains("reached 10000 occurrences") })
    }

    @Test(arguments: [
        ("repeat: {every: 1wkd, each: 1wkd at 10:00}", "every-and-each"),
        ("repeat: {each: 1d, at: \"10:00\"}", "each-with-at"),
        ("repeat: {each: 1wkd at 10:00}, answers: all", "each-with-answers"),
        ("repeat: {each: 0d}", "zero-interval"),
    ])
    func misusesAreErrors(_ text: String, _ id: String) {
        let (p, d, _) = compile("""
        rules:
          - id: r
            cite: "1"
            when: {event: missing.reported}
            require: {action: missing_plan.updated, within: 1d, \(text)}
        """)
        #expect(p == nil)
        #expect(d.items.contains { $0.id == id && $0.location?.line == 12 }, "\(d.items.map(\.id))")
    }

    @Test func aMisspeltEachIsSuggested() {
        let (_, d, _) = compile("""
        rules:
          - id: r
            cite: "1"
            when: {event: missing.reported}
            require: {action: missing_plan.updated, within: 1d, repeat: {eech: 1d, until: [missing.found]}}
        """)
        #expect(d.items.contains { $0.suggestion == "each" }, "\(d.items.map(\.message))")
    }

    @Test func explainTracesEachOccurrence() throws {
        let i = try incident([reported, found])
        let (_, trace) = try Evaluation.evaluate(i, policy: p, asOf: instant("2026-12-20T00:00:00Z"), traceRule: "weekday-review")
        let lines = trace.map(\.text)
        #expect(lines.contains { $0.hasPrefix("occurrence 2 on the schedule, due ") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("occurrence 4 on the schedule, due ") })
        #expect(!lines.contains { $0.hasPrefix("occurrence 5 ") })
    }

    @Test func whileTurningFalseEndsTheSchedule() throws {
        let onPlan = try policy("""
        rules:
          - id: plan-review
            cite: "4.3"
            when: {fact: cp_plan, becomes: true}
            require: {action: visit.completed, within: 1wkd at 10:00, repeat: {each: 1wkd at 10:00, while: facts.cp_plan}}
        """)
        let r = try bothWays(onPlan, try incident([("p1", "cp_plan.started", "2026-11-30T14:00:00Z", [:]),
                                                   ("v1", "visit.completed", "2026-12-01T09:00:00Z", [:]),
                                                   ("p2", "cp_plan.ended", "2026-12-02T09:00:00Z", [:])], facts: ["cp_plan": false]),
                             asOf: "2026-12-20T00:00:00Z")
        #expect(r.obligations.map(\.status) == [.met, .cancelled])
    }

    @Test func aRepeatWithNeitherEveryNorEachNamesBoth() {
        let (p, d, _) = compile("""
        rules:
          - id: r
            cite: "1"
            when: {event: missing.reported}
            require: {action: missing_plan.updated, within: 1d, repeat: {until: [missing.found]}}
        """)
        #expect(p == nil)
        #expect(d.items.contains { $0.message.contains("'every'") && $0.message.contains("'each'") }, "\(d.items.map(\.message))")
    }

    @Test func theGraphSaysEachDoneOrNot() {
        #expect(GraphRenderer.render(p, format: .dot).contains("then each 1wkd at 10:00, done or not"))
    }
}
