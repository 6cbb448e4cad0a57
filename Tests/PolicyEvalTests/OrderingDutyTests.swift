import Foundation
import Testing
@testable import PolicyEval

/// `before: [recovery_order.executed]`: a duty that must be done before an event happens.
@Suite struct OrderingDuties {
    let p = try! policy("""
    rules:
      - id: plan-execution
        cite: "7"
        when: {event: recovery_order.decided, if: event.granted}
        require: {action: recovery_order.execution_planned, before: [recovery_order.executed]}
        escalate: [{notify: [service_manager]}, {after: 2h, notify: [head_of_service]}]
      - id: meeting-within-24h
        cite: "7.1"
        when: {event: recovery_order.decided, if: event.granted}
        require: {action: legal_planning_meeting.held, within: 24h, before: [recovery_order.executed]}
        escalate: [{notify: [team_manager]}]
      - {id: after-plan, cite: "7.2", when: {overdue: plan-execution}, notify: [dcs]}
    """)

    let decided = ("e1", "recovery_order.decided", "2026-12-01T10:00:00Z", ["granted": true] as [String: Any])

    func run(_ events: [(String, String, String, [String: Any])], asOf: String = "2026-12-20T00:00:00Z") throws -> Report {
        try bothWays(p, try incident(events), asOf: asOf)
    }

    @Test func plannedBeforeTheExecutionIsMet() throws {
        let r = try run([decided, ("e2", "recovery_order.execution_planned", "2026-12-01T12:00:00Z", [:]),
                         ("e3", "recovery_order.executed", "2026-12-01T15:00:00Z", [:])])
        let o = try #require(r.obligations.first { $0.rule == "plan-execution" })
        #expect(o.status == .met && o.satisfiedBy == "e2")
        #expect(r.escalations.filter { $0.rule == "plan-execution" }.isEmpty)
    }

    @Test func withNoWithinItIsPendingWithNoDateUntilTheEventComes() throws {
        let r = try run([decided], asOf: "2027-06-01T00:00:00Z")
        let o = try #require(r.obligations.first { $0.rule == "plan-execution" })
        #expect(o.status == .pending)
        #expect(o.due == .noDeadline)
        #expect(o.because.contains("no deadline of its own: due when recovery_order.executed comes, if still undone"))
    }

    @Test func executedFirstBreachesItThenAndClosesIt() throws {
        let r = try run([decided, ("e3", "recovery_order.executed", "2026-12-01T15:00:00Z", [:]),
                         ("e4", "recovery_order.execution_planned", "2026-12-01T16:00:00Z", [:])])
        let o = try #require(r.obligations.first { $0.rule == "plan-execution" })
        #expect(o.status == .overdue)
        #expect(o.closedBy == "e3" && o.satisfiedBy == nil)  // the later plan does not answer it
        #expect(o.due == instant("2026-12-01T15:00:00Z"))
        // The escalation due at the breach is raised, and the rule that follows it fires; later steps are not.
        #expect(r.escalations.map { "\($0.rule) \($0.at)" } == ["after-plan 2026-12-01T15:00:00Z", "plan-execution 2026-12-01T15:00:00Z",
                                                                "meeting-within-24h 2026-12-01T15:00:00Z"].sorted())
    }

    @Test func anAnswerAtTheSameInstantIsInTimeWhateverTheOrder() throws {
        let r = try run([decided, ("e3", "recovery_order.executed", "2026-12-01T15:00:00Z", [:]),
                         ("e4", "recovery_order.execution_planned", "2026-12-01T15:00:00Z", [:]),
                         ("e5", "legal_planning_meeting.held", "2026-12-01T15:00:00Z", [:])])
        #expect(r.obligations.map(\.status) == [.met, .met])
        #expect(r.escalations.isEmpty)
    }

    @Test func withWithinTheEarlierOfTheTwoApplies() throws {
        // Executed after the 24 hours: overdue since the deadline, and closed by the execution.
        let late = try run([decided, ("e3", "recovery_order.executed", "2026-12-03T15:00:00Z", [:]),
                            ("e4", "legal_planning_meeting.held", "2026-12-03T16:00:00Z", [:])])
        let o = try #require(late.obligations.first { $0.rule == "meeting-within-24h" })
        #expect(o.status == .overdue && o.closedBy == "e3" && o.due == instant("2026-12-02T10:00:00Z"))
        // Executed within them: due at the execution instead.
        let soon = try run([decided, ("e3", "recovery_order.executed", "2026-12-01T11:00:00Z", [:])])
        let s = try #require(soon.obligations.first { $0.rule == "meeting-within-24h" })
        #expect(s.status == .overdue && s.due == instant("2026-12-01T11:00:00Z") && s.closedBy == "e3")
    }

    @Test func anExecutionBeforeTheRuleFiredBreachesNothing() throws {
        let r = try run([("e0", "recovery_order.executed", "2026-11-30T15:00:00Z", [:]), decided], asOf: "2026-12-01T12:00:00Z")
        #expect(r.obligations.map(\.status) == [.pending, .pending])
    }

    @Test func explainAndGraphShowIt() throws {
        let i = try incident([decided, ("e3", "recovery_order.executed", "2026-12-01T15:00:00Z", [:])])
        let (_, trace) = try Evaluation.evaluate(i, policy: p, asOf: instant("2026-12-20T00:00:00Z"), traceRule: "plan-execution")
        let lines = trace.map(\.text)
        #expect(lines.contains("fired by e1; due no date yet (before recovery_order.executed)"))
        #expect(lines.contains("e3 recovery_order.executed came while it was undone: due now"))
        #expect(lines.contains("closed by e3: the breach stands"))
        let dot = GraphRenderer.render(p, format: .dot)
        #expect(dot.contains(#"ev_recovery_order_executed -> duty_plan_execution [label="breaches if first""#))
        #expect(dot.contains(#"label="legal_planning_meeting.held\nwithin 24h\nbefore recovery_order.executed""#))
    }
}

@Suite struct OrderingDutyCompilation {
    @Test func mistakesAreCaughtWithTheirPlace() {
        let (_, d, _) = compile("""
        rules:
          - id: a
            cite: "1"
            when: {event: recovery_order.decided}
            require: {action: recovery_order.execution_planned, before: [recovery_order.executd]}
          - id: b
            cite: "2"
            when: {event: recovery_order.decided}
            require: {action: recovery_order.executed, before: [recovery_order.executed]}
          - id: c
            cite: "3"
            when: {event: recovery_order.decided}
            require: {action: recovery_order.execution_planned, unless: [recovery_order.executed], before: recovery_order.executed}
          - id: d
            cite: "4"
            when: {event: cp_plan.started}
            require: {action: visit.completed, before: [cp_plan.ended], repeat: {every: 4w, until: [cp_plan.ended]}}
          - id: e
            cite: "5"
            when: {event: recovery_order.decided}
            require: {action: recovery_order.execution_planned}
        """)
        #expect(d.items.map(\.id) == ["unknown-event-type", "before-is-action", "before-is-unless", "before-with-repeat", "missing-key"])
        #expect(d.items[0].suggestion == "recovery_order.executed")
        #expect(d.items[0].location?.line == 12)
        #expect(d.items[4].message == "'require' needs 'within'")
    }

    @Test func deadlinesFromTheRecordShowInTheGraph() throws {
        let p = try policy("""
        rules:
          - id: a
            cite: "1"
            when: {event: conference.scheduled}
            require: {action: report.shared, within: {before: event.date, by: 3wd}}
          - id: b
            cite: "2"
            when: {event: direction.made}
            require: {action: report.shared, within: [{if: 'event.kind == "statement"', within: {at: event.by}}, {within: 10d}]}
        """)
        let mermaid = GraphRenderer.render(p, format: .mermaid)
        #expect(mermaid.contains("report.shared<br/>3wd before event.date"))
        #expect(mermaid.contains("if event.kind == #quot;statement#quot;: at event.by<br/>within 10d"))
    }
}
