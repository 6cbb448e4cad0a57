import Foundation
import Testing
@testable import PolicyEval

/// `from:` counts from the latest earlier event that could answer the duty, and any earlier
/// event of its action types for which `only_if` held may answer it (no false breach).
@Suite struct CountedFromTheRightEvent {
    let p = try! policy("""
    rules:
      - id: review-before-care-ends
        cite: Looked After Reviews
        when: {event: looked_after.ended}
        require: {action: lac_review.held, only_if: event.transition, responsible: social_worker, within: 0h, from: lac_review.held}
      - id: police-told-of-the-plan
        cite: "2"
        when: {event: recovery_order.executed}
        require: {action: notification.sent, from: recovery_order.decided, only_if: 'event.to == "police"', within: 1wd}
    """)

    func run(_ events: [HistoryTestEvent], asOf: String = "2026-08-01T00:00:00Z") throws -> Report {
        try bothWays(p, try incident(events, facts: ["looked_after": true]), asOf: asOf)
    }
    func review(_ id: String, _ day: String, transition: Bool) -> HistoryTestEvent {
        (id, "lac_review.held", "2026-\(day)T10:00:00Z", transition ? ["transition": true] : [:])
    }
    func ended(_ id: String, _ day: String) -> HistoryTestEvent { (id, "looked_after.ended", "2026-\(day)T10:00:00Z", [:]) }

    @Test func aRoutineReviewAfterTheTransitionReviewLeavesItMet() throws {
        let r = try run([review("t1", "01-12", transition: true), review("r2", "04-13", transition: false), ended("e1", "06-01")])
        let o = try #require(r.obligations.first)
        #expect(o.status == .met && o.satisfiedBy == "t1")
        #expect(o.due == instant("2026-01-12T10:00:00Z"))
        #expect(o.because.contains("counted from lac_review.held (t1) at Mon 12 Jan 2026 10:00 GMT"))
        #expect(r.escalations.isEmpty)
    }

    @Test func withNoReviewOfTheEndingItIsOverdueAtTheEnd() throws {
        let r = try run([review("r1", "04-13", transition: false), ended("e1", "06-01")])
        let o = try #require(r.obligations.first)
        #expect(o.status == .overdue && o.due == instant("2026-06-01T10:00:00Z"))
        // A review of the ending recorded later is late.
        let late = try run([review("r1", "04-13", transition: false), ended("e1", "06-01"), review("t2", "06-03", transition: true)])
        #expect(late.obligations.map { "\($0.status) \($0.satisfiedBy ?? "-")" } == ["late t2"])
    }

    @Test func aReviewAlreadyCountedForAnEarlierEndIsNotCountedAgain() throws {
        let r = try run([review("t1", "01-12", transition: true), ended("e1", "02-01"),
                         ("l", "looked_after.started", "2026-03-01T10:00:00Z", [:]), ended("e2", "06-01")])
        #expect(r.obligations.map { "\($0.triggeredBy) \($0.status) \($0.due)" } == [
            "e1 met 2026-01-12T10:00:00Z", "e2 overdue 2026-06-01T10:00:00Z"])
    }

    @Test func anEarlierAnswerSinceTheAnchorCountsWhenTheLatestDoesNot() throws {
        // Dorset PENDING-ENGINE 2: the notification to the police answers it, though one to the carers came after.
        let r = try run([("d", "recovery_order.decided", "2026-05-05T10:00:00Z", ["granted": true]),
                         ("n1", "notification.sent", "2026-05-05T11:00:00Z", ["to": "police"]),
                         ("n2", "notification.sent", "2026-05-05T12:00:00Z", ["to": "carers"]),
                         ("x", "recovery_order.executed", "2026-05-05T15:00:00Z", [:])], asOf: "2026-05-20T09:00:00Z")
        #expect(r.obligations.map { "\($0.status) \($0.satisfiedBy ?? "-")" } == ["met n1"])
        // One sent before this order's decision does not.
        let before = try run([("n1", "notification.sent", "2026-05-04T11:00:00Z", ["to": "police"]),
                              ("d", "recovery_order.decided", "2026-05-05T10:00:00Z", ["granted": true]),
                              ("x", "recovery_order.executed", "2026-05-05T15:00:00Z", [:])], asOf: "2026-05-20T09:00:00Z")
        #expect(before.obligations.map(\.status) == [.overdue])
    }

    @Test func explainAndGraphSayWhichEventCounts() throws {
        let i = try incident([review("t1", "01-12", transition: true), review("r2", "04-13", transition: false), ended("e1", "06-01")],
                             facts: ["looked_after": true])
        let (_, trace) = try Evaluation.evaluate(i, policy: p, asOf: instant("2026-08-01T00:00:00Z"), traceRule: "review-before-care-ends")
        let lines = trace.map(\.text)
        #expect(lines.contains("r2 lac_review.held: only_if event.transition → false; it answers nothing and is not counted from"))
        #expect(lines.contains("already done by t1 at Mon 12 Jan 2026 10:00 GMT"))
        let dot = GraphRenderer.render(p, format: .dot)
        #expect(dot.contains(#"counted from the latest lac_review.held\nthat answers it"#))
        #expect(dot.contains(#"counted from recovery_order.decided"#))
    }
}

/// Random records against duties counted `from` earlier events: batch and session agree.
@Suite struct SessionsAgreeOnCountedFrom {
    static let p = try! policy("""
    rules:
      - {id: a, cite: "1", when: {event: looked_after.ended}, require: {action: lac_review.held, only_if: event.transition, within: 0h, from: lac_review.held}}
      - {id: b, cite: "2", when: {event: recovery_order.executed}, require: {action: notification.sent, from: recovery_order.decided, only_if: 'event.to == "police"', within: 1d}}
      - {id: d, cite: "4", when: {event: recovery_order.executed}, require: {action: [lac_review.held, need_to_know.sent], from: lac_review.held, only_if: 'event.type == "need_to_know.sent"', within: 2d}}
      - {id: c, cite: "3", when: {event: placement.started}, require: {action: placement_plan.completed, within: 0h, from: placement_plan.completed}}
      - {id: e, cite: "5", when: {event: recovery_order.executed}, require: {action: lac_review.held, from: {event: lac_review.held, if: 'not event.transition'}, within: 1d}}
      - {id: f, cite: "6", when: {event: placement.started}, require: {action: notification.sent, from: {event: need_to_know.sent, if: '"police" in event.to'}, within: 1d}}
    """)

    static func record(seed: UInt64) throws -> Incident {
        var state = seed
        func next(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) % n }
        var t = instant("2026-03-20T08:00:00Z")
        var events: [HistoryTestEvent] = []
        for n in 0..<60 {
            t = t + Int64([600, 3_600, 21_600, 86_400][next(4)])
            let kinds: [(String, [String: Any])] = [
                ("lac_review.held", ["transition": next(2) == 0]), ("looked_after.ended", [:]), ("looked_after.started", [:]),
                ("recovery_order.decided", ["granted": true]), ("notification.sent", ["to": ["police", "carers"][next(2)]]),
                ("need_to_know.sent", [:]), ("recovery_order.executed", [:]), ("placement.started", [:]), ("placement_plan.completed", [:]),
            ]
            let (type, data) = kinds[next(kinds.count)]
            events.append(("r\(n)", type, t.description, data))
        }
        return try incident(events, facts: ["looked_after": true])
    }

    @Test(arguments: 1...12)
    func restoredAdvancedAndSweptEqualsBatch(_ seed: Int) throws {
        let i = try Self.record(seed: UInt64(seed))
        let report = try bothWays(Self.p, i, asOf: (i.events.last!.time + 5 * 86_400).description)
        #expect(report.obligations.count >= 5, "seed \(seed): too quiet to test much")
        #expect(report.obligations.contains { $0.status == .met }, "seed \(seed)")
    }
}

/// `from: {event: T, if: C}`: counted from the latest earlier T for which C holds (Leicestershire
/// PENDING-ENGINE 4: a reconvened strategy discussion does not restart the conference's days).
@Suite struct ConditionalFrom {
    let p = try! policy("""
    rules:
      - id: icpc-within-15-working-days
        cite: CP
        when: {event: s47.completed, if: 'event.outcome == "cp"'}
        require: {action: icpc.held, within: 15wd, from: {event: strategy_discussion.held, if: 'not event.review'}}
        escalate: [{notify: [service_manager]}]
      - id: police-led
        cite: CP
        when: {event: s47.completed}
        require: {action: child.seen, within: 10wd, from: {event: strategy_discussion.held, if: 'event.convened_by == "police"'}}
    """)

    func sd(_ id: String, _ day: String, _ data: [String: Any] = [:]) -> HistoryTestEvent {
        (id, "strategy_discussion.held", "2026-03-\(day)T10:00:00Z", data)
    }
    let concluded: HistoryTestEvent = ("s2", "s47.completed", "2026-03-16T10:00:00Z", ["outcome": "cp"])

    @Test func aReviewDiscussionDoesNotRestartTheDays() throws {
        let r = try bothWays(p, try incident([sd("sd1", "02"), sd("sd2", "13", ["review": true]), concluded,
                                              ("i1", "icpc.held", "2026-03-30T10:00:00Z", ["plan": true])]), asOf: "2026-04-01T09:00:00Z")
        let o = try #require(r.obligations.first { $0.rule == "icpc-within-15-working-days" })
        #expect(o.status == .late && o.satisfiedBy == "i1" && o.dueDate == LocalDate("2026-03-23")!)
        #expect(o.because.contains { $0.hasPrefix("counted from strategy_discussion.held (sd1)") })
        #expect(r.escalations.map(\.at) == [instant("2026-03-24T00:00:00Z")])
    }

    @Test func aLaterDiscussionThatIsNotAReviewCounts() throws {
        let r = try bothWays(p, try incident([sd("sd1", "02"), sd("sd2", "13", ["review": false]), concluded]), asOf: "2026-04-01T09:00:00Z")
        let o = try #require(r.obligations.first { $0.rule == "icpc-within-15-working-days" })
        #expect(o.status == .pending && o.dueDate == LocalDate("2026-04-07")!)
        // Only reviews: counted from the conclusion itself.
        let none = try bothWays(p, try incident([sd("sd2", "13", ["review": true]), concluded]), asOf: "2026-04-01T09:00:00Z")
        #expect(none.obligations.first { $0.rule == "icpc-within-15-working-days" }?.dueDate == LocalDate("2026-04-08")!)
    }

    @Test func anUnknownConditionTakesTheEarlierDeadline() throws {
        // sd2 does not say who convened it: the police-led sd1 stays what is counted from.
        let r = try bothWays(p, try incident([sd("sd1", "02", ["convened_by": "police"]), sd("sd2", "13"), concluded]),
                             asOf: "2026-04-01T09:00:00Z")
        #expect(r.obligations.first { $0.rule == "police-led" }?.dueDate == LocalDate("2026-03-16")!)
        // With no earlier one it said of, the unknown one is counted from rather than the conclusion.
        let alone = try bothWays(p, try incident([sd("sd2", "13"), concluded]), asOf: "2026-04-01T09:00:00Z")
        #expect(alone.obligations.first { $0.rule == "police-led" }?.dueDate == LocalDate("2026-03-27")!)
        // One said to be led by someone else is not counted from.
        let other = try bothWays(p, try incident([sd("sd2", "13", ["convened_by": "social_worker"]), concluded]), asOf: "2026-04-01T09:00:00Z")
        #expect(other.obligations.first { $0.rule == "police-led" }?.dueDate == LocalDate("2026-03-30")!)
    }

    @Test func explainAndGraphShowTheCondition() throws {
        let i = try incident([sd("sd1", "02"), sd("sd2", "13", ["review": true]), concluded])
        let (_, trace) = try Evaluation.evaluate(i, policy: p, asOf: instant("2026-04-01T09:00:00Z"), traceRule: "icpc-within-15-working-days")
        let lines = trace.map(\.text)
        #expect(lines.contains("sd1 strategy_discussion.held: from if not event.review → true; counted from"))
        #expect(lines.contains("sd2 strategy_discussion.held: from if not event.review → false; not counted from"))
        #expect(GraphRenderer.render(p, format: .dot).contains(#"counted from strategy_discussion.held\nwhere not event.review"#))
    }

    @Test func aConditionalFromIsCheckedWithPositions() throws {
        let (_, d, _) = compile("""
        rules:
          - id: a
            cite: "1"
            when: {event: s47.completed}
            require: {action: icpc.held, within: 15wd, from: {event: strategy_discussion.held, if: 'not event.reveiw'}}
          - id: b
            cite: "1"
            when: {event: s47.completed}
            require: {action: icpc.held, within: 15wd, from: {event: strategy_discussion.held}}
          - id: c
            cite: "1"
            when: {event: s47.completed}
            require: {action: icpc.held, within: 15wd, from: {event: [strategy_discussion.held, s47.started], if: 'true'}}
        """)
        #expect(d.items.map(\.id).sorted() == ["expected-text", "missing-key", "unknown-field"])
        let field = try #require(d.items.first { $0.id == "unknown-field" })
        #expect(field.suggestion == "event.review" && field.location?.line == 12)
    }
}

/// A duty past due the moment its rule fires is escalated at that moment, never before the event
/// that fired it (Dorset PENDING-ENGINE 3).
@Suite struct OverdueAtOnce {
    let p = try! policy("""
    rules:
      - id: told-after-execution
        cite: "7"
        when: {event: recovery_order.executed}
        require: {action: notification.sent, from: recovery_order.decided, within: 1wd}
        escalate: [{notify: [head_of_service]}, {after: 24h, notify: [service_director]}]
      - id: chained
        cite: "7"
        when: {overdue: told-after-execution}
        notify: [dcs]
    """)

    @Test func escalatedAtTheEventThatFiredIt() throws {
        let r = try bothWays(p, try incident([("d", "recovery_order.decided", "2026-05-05T10:00:00Z", ["granted": true]),
                                              ("x", "recovery_order.executed", "2026-05-07T09:00:00Z", [:])]),
                             asOf: "2026-05-20T09:00:00Z")
        let o = try #require(r.obligations.first)
        #expect(o.status == .overdue && o.dueDate?.description == "2026-05-06")
        #expect(r.escalations.map { "\($0.rule) \($0.at)" } == [
            "chained 2026-05-07T09:00:00Z", "told-after-execution 2026-05-07T09:00:00Z", "told-after-execution 2026-05-08T09:00:00Z"])
    }
}
