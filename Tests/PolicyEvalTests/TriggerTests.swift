import Foundation
import Testing
@testable import PolicyEval

/// `event.type` in the condition of a rule on several event types.
@Suite struct EventTypeInConditions {
    let p = try! policy("""
    rules:
      - id: interview
        cite: "12"
        when: {event: [missing.found, absence.ended], if: 'event.type == "missing.found" or facts.looked_after'}
        require: {action: rhi.completed, within: 72h}
      - id: told
        cite: "13"
        when: {event: [need_to_know.sent, notification.sent]}
        require: {action: risk_meeting.held, within: 1d, only_if: 'event.type in ["risk_meeting.held"]'}
    """)

    @Test func theConditionReadsTheTriggeringType() throws {
        let i = try incident([("e1", "missing.reported", "2026-03-14T22:10:00Z", ["risk": "low"]),
                              ("e2", "missing.found", "2026-03-15T09:30:00Z", [:]),
                              ("e3", "absence.started", "2026-03-16T09:30:00Z", ["whereabouts_known": true]),
                              ("e4", "absence.ended", "2026-03-16T19:30:00Z", [:])], facts: ["looked_after": false])
        let r = try bothWays(p, i, asOf: "2026-03-25T00:00:00Z")
        #expect(r.obligations.map(\.triggeredBy) == ["e2"])
        #expect(r.obligations[0].because.contains("event: missing.found"))
    }

    @Test func aTypeOutsideTheRulesTypesIsAnErrorWithASuggestion() {
        let (_, d, _) = compile("""
        rules:
          - id: a
            cite: "1"
            when: {event: [missing.found, absence.ended], if: 'event.type == "missing.fond"'}
            notify: [police]
          - id: b
            cite: "2"
            when: {open: missing, for: 24h, if: 'event.type == "missing.found"'}
            notify: [police]
        """)
        #expect(d.items.map(\.id) == ["expression.enum-value", "expression.no-event"])
        #expect(d.items[0].suggestion == #""missing.found""#)
        #expect(d.items[0].location?.line == 11 && d.items[0].location?.column == 70)
    }
}
