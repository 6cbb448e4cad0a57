import Foundation
import Testing
@testable import PolicyEval

/// `count(...)` in every kind of condition is counted, not only in triggers (BCP PENDING-ENGINE 2):
/// no other rule of these policies counts the types.
@Suite struct CountsInEveryCondition {
    let reported: HistoryTestEvent = ("e1", "missing.reported", "2026-03-05T19:00:00Z", ["risk": "medium"])
    let found: HistoryTestEvent = ("e2", "missing.found", "2026-03-06T09:00:00Z", [:])

    @Test func inAConditionalUnless() throws {
        let p = try policy("""
        rules:
          - id: probe-count-in-unless
            cite: "12.3"
            when: {event: missing.found}
            require:
              action: rhi.completed
              responsible: team_manager
              within: 72h
              unless: [{event: rhi.declined, if: 'count(missing.reported, within: 28d) >= 1'}]
        """)
        #expect(p.countedTypes.contains(vocabulary.eventIDs["missing.reported"]!))
        let r = try bothWays(p, try incident([reported, found, ("e3", "rhi.declined", "2026-03-07T10:00:00Z", ["reason": "refused"])]),
                             asOf: "2026-03-12T00:00:00Z")
        #expect(r.obligations.map(\.status) == [.cancelled])
        let (_, trace) = try Evaluation.evaluate(try incident([reported, found, ("e3", "rhi.declined", "2026-03-07T10:00:00Z", [:])]), policy: p,
                                                 asOf: instant("2026-03-12T00:00:00Z"), traceRule: "probe-count-in-unless")
        #expect(trace.map(\.text).contains("e3 rhi.declined: unless count(missing.reported, within: 28d) >= 1 → true"))
    }

    @Test func inOnlyIf() throws {
        let p = try policy("""
        rules:
          - id: r
            cite: "1"
            when: {event: missing.found}
            require: {action: rhi.completed, within: 72h, only_if: 'count(need_to_know.sent, within: 7d) >= 1'}
        """)
        let r = try bothWays(p, try incident([reported, ("n", "need_to_know.sent", "2026-03-05T20:00:00Z", [:]), found,
                                               ("e3", "rhi.completed", "2026-03-07T10:00:00Z", [:])]), asOf: "2026-03-12T00:00:00Z")
        #expect(r.obligations.map(\.status) == [.met])
    }

    @Test func inWhile() throws {
        let p = try policy("""
        rules:
          - id: r
            cite: "1"
            when: {event: cp_plan.started}
            require: {action: visit.completed, within: 10d, repeat: {every: 10d, while: 'count(core_group.held, within: 60d) >= 1'}}
        """)
        let r = try bothWays(p, try incident([("g", "core_group.held", "2026-03-01T10:00:00Z", [:]), ("c", "cp_plan.started", "2026-03-02T10:00:00Z", [:]),
                                               ("v", "visit.completed", "2026-03-05T10:00:00Z", [:])]), asOf: "2026-03-12T00:00:00Z")
        #expect(r.obligations.map(\.status) == [.met, .pending])
    }

    @Test func inADeadlineCase() throws {
        let p = try policy("""
        rules:
          - id: r
            cite: "1"
            when: {event: missing.found}
            require: {action: rhi.completed, within: [{if: 'count(need_to_know.sent, within: 7d) >= 1', within: 24h}, {within: 72h}]}
        """)
        let r = try bothWays(p, try incident([reported, ("n", "need_to_know.sent", "2026-03-05T20:00:00Z", [:]), found]), asOf: "2026-03-12T00:00:00Z")
        #expect(r.obligations.map(\.due) == [instant("2026-03-07T09:00:00Z")])
    }
}

/// A change of an open episode's risk is in the record like any other event: counted, and remembered.
@Suite struct RiskChangesAreInTheRecord {
    @Test func countedAndRemembered() throws {
        let p = try policy("""
        rules:
          - {id: a, cite: "1", when: {event: missing.found, if: 'count(missing.risk_changed, within: 28d) >= 1'}, notify: [police]}
          - {id: b, cite: "2", when: {event: missing.found, if: 'latest(missing.risk_changed).risk == "high"'}, notify: [dcs]}
        """)
        let r = try bothWays(p, try incident([("e1", "missing.reported", "2026-03-05T19:00:00Z", ["risk": "low"]),
                                               ("e2", "missing.risk_changed", "2026-03-05T21:00:00Z", ["risk": "high"]),
                                               ("e3", "missing.found", "2026-03-06T09:00:00Z", [:])]), asOf: "2026-03-12T00:00:00Z")
        #expect(r.escalations.map(\.rule) == ["a", "b"])
    }
}
