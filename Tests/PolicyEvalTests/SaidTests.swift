import Foundation
import Testing
@testable import PolicyEval

/// `said(event.x)` and `said_or_unknown(event.x)`: an optional yes/no field the record leaves out
/// (Leicestershire PENDING-ENGINE 1: a referral accepted without `significant_harm`).
@Suite struct WhatTheRecordSaid {
    let p = try! policy("""
    rules:
      - id: contract-reading
        cite: "1"
        when: {event: referral.accepted, if: event.significant_harm}
        require: {action: strategy_discussion.held, within: 1d}
      - id: strategy-discussion-same-day
        cite: "2"
        when: {event: referral.accepted, if: 'said_or_unknown(event.significant_harm)'}
        require: {action: strategy_discussion.held, within: 0d, from: contact.received}
      - id: protective-reading
        cite: "3"
        when: {event: referral.accepted, if: 'event.significant_harm or not said(event.significant_harm)'}
        require: {action: strategy_discussion.held, within: 24h}
    """)

    func run(_ harm: Bool?) throws -> Report {
        var data: [String: Any] = [:]
        if let harm { data["significant_harm"] = harm }
        return try bothWays(p, try incident([("c1", "contact.received", "2026-03-09T09:00:00Z", ["channel": "telephone"]),
                                              ("r1", "referral.accepted", "2026-03-09T10:00:00Z", data)]), asOf: "2026-03-12T09:00:00Z")
    }

    func statuses(_ r: Report) -> [String] { r.obligations.map { "\($0.rule) \($0.status)" }.sorted() }

    @Test func leftOutTheContractReadingDropsItTheOthersDoNot() throws {
        let r = try run(nil)
        #expect(statuses(r) == ["protective-reading overdue", "strategy-discussion-same-day indeterminate"])
        let o = try #require(r.obligations.first { $0.rule == "strategy-discussion-same-day" })
        #expect(o.unknown == ["event.significant_harm"] && o.triggeredBy == "r1")
        #expect(o.because.contains("turns on event.significant_harm, which the record does not give"))
        let protective = try #require(r.obligations.first { $0.rule == "protective-reading" })
        #expect(protective.because.contains("the record does not say whether: significant harm (event.significant_harm)"))
        let i = try incident([("r1", "referral.accepted", "2026-03-09T10:00:00Z", [:])])
        let (_, trace) = try Evaluation.evaluate(i, policy: p, asOf: instant("2026-03-12T09:00:00Z"), traceRule: "strategy-discussion-same-day")
        #expect(trace.map(\.text).contains("condition said_or_unknown(event.significant_harm) → unknown (event.significant_harm not recorded)"))
    }

    @Test func saidEitherWayItIsReadAsSaid() throws {
        #expect(statuses(try run(true)) == ["contract-reading overdue", "protective-reading overdue", "strategy-discussion-same-day overdue"])
        #expect(try run(false).obligations.isEmpty)
    }

    @Test func mistakesArePositioned() {
        let (_, d, _) = compile("""
        rules:
          - {id: a, cite: "1", when: {event: referral.accepted, if: 'said(event.significant_harn)'}, notify: [dcs]}
          - {id: b, cite: "2", when: {event: recovery_order.decided, if: 'said(event.granted)'}, notify: [dcs]}
          - {id: c, cite: "3", when: {event: missing.reported, if: 'said_or_unknown(event.from) == "home"'}, notify: [dcs]}
          - {id: d, cite: "4", when: {event: missing.reported, if: 'sayd(event.from)'}, notify: [dcs]}
          - {id: e, cite: "5", when: {event: missing.reported, if: 'said(age)'}, notify: [dcs]}
        """)
        #expect(d.items.map(\.id) == ["unknown-field", "expression.said", "expression.said", "unknown-function", "expression.said"])
        #expect(d.items.map(\.suggestion) == ["event.significant_harm", nil, "event.from", "said", nil])
        #expect(d.items[1].message == "'event.granted' is always given (it is not optional), so the record always says it")
        #expect(d.items[1].location?.column == 72)
    }

    @Test func factsAndLatestEventsToo() throws {
        let q = try policy("""
        rules:
          - id: a
            cite: "1"
            when: {event: s47.started, if: 'not said(facts.cp_plan) or said_or_unknown(latest(strategy_discussion.held).review)'}
            notify: [dcs]
        """)
        let none = try bothWays(q, try incident([("s", "s47.started", "2026-03-09T10:00:00Z", [:])], facts: ["cp_plan": false]), asOf: "2026-03-12T09:00:00Z")
        #expect(none.indeterminateNotifications.map(\.unknown) == [["latest(strategy_discussion.held)"]])
        let silent = try bothWays(q, try incident([("d", "strategy_discussion.held", "2026-03-08T10:00:00Z", [:]), ("s", "s47.started", "2026-03-09T10:00:00Z", [:])],
                                                  facts: ["cp_plan": false]), asOf: "2026-03-12T09:00:00Z")
        #expect(silent.indeterminateNotifications.map(\.unknown) == [["latest(strategy_discussion.held).review"]])
        let unknownPlan = try bothWays(q, try incident([("s", "s47.started", "2026-03-09T10:00:00Z", [:])]), asOf: "2026-03-12T09:00:00Z")
        #expect(unknownPlan.escalations.map(\.rule) == ["a"])
    }
}
