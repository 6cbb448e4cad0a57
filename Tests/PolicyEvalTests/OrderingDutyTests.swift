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

/// `before: [{event: T, if: ...}]`: only an event that meets the condition comes first (a
/// review conference that ends the plan, not one that continues it).
@Suite struct ConditionalOrderingDuties {
    let p = try! policy("""
    rules:
      - id: tell-before-ending
        cite: "9"
        when: {event: travel_abroad.possible}
        require:
          action: notification.sent
          only_if: 'event.to == "safeguarding_and_standards"'
          before: [cp_plan.ended, {event: review_conference.held, if: 'not event.plan_continues'}]
    """)

    let travel = ("t1", "travel_abroad.possible", "2026-09-01T08:30:00Z", [:] as [String: Any])
    let told = ("n1", "notification.sent", "2026-09-03T12:00:00Z", ["to": "safeguarding_and_standards"] as [String: Any])

    @Test func aConferenceThatEndsThePlanComesFirst() throws {
        let r = try bothWays(p, try incident([travel, ("rc", "review_conference.held", "2026-09-02T14:00:00Z", ["plan_continues": false]), told],
                                             facts: ["cp_plan": true]), asOf: "2026-09-20T09:00:00Z")
        let o = try #require(r.obligations.first)
        #expect(o.status == .overdue && o.closedBy == "rc" && o.satisfiedBy == nil)
        #expect(o.due == instant("2026-09-02T14:00:00Z"))
    }

    @Test func aConferenceThatContinuesThePlanDoesNot() throws {
        let r = try bothWays(p, try incident([travel, ("rc", "review_conference.held", "2026-09-02T14:00:00Z", ["plan_continues": true]), told],
                                             facts: ["cp_plan": true]), asOf: "2026-09-20T09:00:00Z")
        let o = try #require(r.obligations.first)
        #expect(o.status == .met && o.satisfiedBy == "n1")
    }

    @Test func theConditionIsCheckedWithItsPlace() {
        let (_, d, _) = compile("""
        rules:
          - id: x
            cite: "9"
            when: {event: travel_abroad.possible}
            require: {action: notification.sent, before: [{event: review_conference.held, if: 'not event.plan_continue'}]}
        """)
        #expect(d.items.contains { $0.message.contains("has no field 'plan_continue'") && $0.suggestion == "event.plan_continues" })
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

/// Random records against the issue-12 constructs together (dates from the record, moves,
/// ordering duties, facts from the start): a session restored after every event, advanced in
/// 6-hour steps and sweeping at every chance, reports what the batch reports.
@Suite struct SessionsAgreeOnScheduledAndOrderedDuties {
    static let p = try! policy("""
    rules:
      - id: report
        cite: "1"
        when: {event: conference.scheduled}
        require: {action: report.shared, within: [{if: 'event.kind == "icpc"', within: {before: event.date, by: 3wd}}, {within: {before: event.time, by: 30h}}]}
        escalate: [{notify: [team_manager]}, {after: 1d, notify: [service_manager]}]
      - {id: follow, cite: "2", when: {overdue: report}, require: {action: risk_meeting.held, within: 2h, before: [conference.scheduled]}}
      - {id: direction, cite: "3", when: {event: direction.made}, require: {action: report.shared, within: {at: event.by}}}
      - id: plan
        cite: "4"
        when: {event: recovery_order.decided, if: event.granted}
        require: {action: recovery_order.execution_planned, before: [recovery_order.executed]}
        escalate: [{notify: [service_manager]}, {after: 3h, notify: [head_of_service]}]
      - {id: meet, cite: "5", when: {event: recovery_order.decided}, require: {action: legal_planning_meeting.held, within: 1d, before: [recovery_order.executed]}}
      - {id: visits, cite: "6", when: {fact: cp_plan, is: true}, require: {action: visit.completed, within: 5d, repeat: {every: 5d, while: facts.cp_plan}}}
    """)

    static func record(seed: UInt64) throws -> Incident {
        var state = seed
        func next(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) % n }
        var t = instant("2026-03-20T08:00:00Z")
        var events: [(String, String, String, [String: Any])] = []
        for n in 0..<60 {
            t = t + Int64([600, 3_600, 21_600, 86_400, 172_800][next(5)])
            let day = t + Int64(86_400 * (next(12) - 2))
            let date = String(day.description.prefix(10))
            let kinds: [(String, [String: Any])] = [
                ("conference.scheduled", ["kind": "icpc", "date": date]),
                ("conference.scheduled", ["kind": "review", "date": date, "time": day.description]),
                ("conference.scheduled", ["kind": "review", "date": date]),
                ("report.shared", [:]), ("risk_meeting.held", [:]), ("direction.made", ["kind": "report", "by": date]),
                ("recovery_order.decided", ["granted": next(2) == 0]), ("recovery_order.execution_planned", [:]),
                ("recovery_order.executed", [:]), ("legal_planning_meeting.held", [:]),
                ("cp_plan.started", [:]), ("cp_plan.ended", [:]), ("visit.completed", [:]),
            ]
            let (type, data) = kinds[next(kinds.count)]
            events.append(("r\(n)", type, t.description, data))
        }
        return try incident(events, facts: ["cp_plan": seed % 2 == 0])
    }

    @Test func theRecordsExerciseEveryConstruct() throws {
        var seen = Set<String>()
        for seed in 1...16 {
            let i = try Self.record(seed: UInt64(seed))
            let r = try Evaluation.evaluate(i, policy: Self.p, asOf: i.events.last!.time + 20 * 86_400)
            for o in r.obligations {
                if o.closedBy != nil { seen.insert("closed \(o.rule)") }
                if o.cancelledBy != nil && o.rule == "report" { seen.insert("moved") }
                if o.triggeredBy == "subject.facts" { seen.insert("start") }
                if o.status == .met && o.rule == "plan" { seen.insert("planned") }
            }
        }
        #expect(seen.isSuperset(of: ["closed plan", "closed meet", "moved", "start", "planned"]), "\(seen.sorted())")
    }

    @Test(arguments: 1...16)
    func restoredAdvancedAndSweptEqualsBatch(_ seed: Int) throws {
        let i = try Self.record(seed: UInt64(seed))
        let asOf = i.events.last!.time + 20 * 86_400
        let report = try Evaluation.evaluate(i, policy: Self.p, asOf: asOf)
        #expect(report.obligations.count >= 10, "seed \(seed): too quiet to test much")
        let batch = ReportJSON.render(report)
        var s = Session(policy: Self.p, incidentID: i.id, zone: i.zone, subject: i.subject)
        s.staleTimersBeforeSweep = 0
        for (k, e) in i.events.enumerated() {
            try s.ingest(e)
            s = try Session(policy: Self.p, restoring: try s.encoded())
            s.staleTimersBeforeSweep = 0
            let next = k + 1 < i.events.count ? i.events[k + 1].time : asOf
            var t = e.time + 21_600
            while t < next { try s.advance(to: t); t = t + 21_600 }
        }
        #expect(ReportJSON.render(try s.report(asOf: asOf)) == batch, "seed \(seed)")
    }
}
