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

/// `{fact: cp_plan, is: true}`: fires when the record starts with the fact, or when it comes to hold.
@Suite struct FactsHoldingFromTheStart {
    let p = try! policy("""
    rules:
      - id: visits
        cite: "9"
        when: {fact: cp_plan, is: true}
        require: {action: visit.completed, within: 10wd, repeat: {every: 20wd, while: facts.cp_plan}}
      - id: core-group
        cite: "10"
        when: {fact: cp_plan, becomes: true}
        require: {action: core_group.held, within: 10wd}
    """)

    @Test func firesAtTheFirstEventWhenTheSubjectAlreadyHasThePlan() throws {
        let i = try incident([("e1", "contact.received", "2026-03-02T10:00:00Z", [:]),  // of no use to the policy, but it starts the record
                              ("e2", "visit.completed", "2026-03-03T10:00:00Z", [:])], facts: ["cp_plan": true])
        let r = try bothWays(p, i, asOf: "2026-03-10T00:00:00Z")
        let first = try #require(r.obligations.first { $0.rule == "visits" && $0.occurrence == 1 })
        #expect(first.triggeredBy == "subject.facts" && first.triggeredAt == instant("2026-03-02T10:00:00Z"))
        #expect(first.status == .met && first.satisfiedBy == "e2")
        #expect(first.because == ["facts.cp_plan already true when the record starts (subject.facts)"])
        // `becomes` still waits for a change, and the report says so.
        #expect(!r.obligations.contains { $0.rule == "core-group" })
        #expect(r.diagnostics.contains { $0.event == nil && $0.message.hasPrefix("facts.cp_plan is already true when the record starts, so rule 'core-group'") })
    }

    @Test func otherwiseFiresWhenAnEventMakesItSo() throws {
        let i = try incident([("e1", "cp_plan.started", "2026-03-02T10:00:00Z", [:])], facts: ["cp_plan": false])
        let r = try bothWays(p, i, asOf: "2026-03-10T00:00:00Z")
        #expect(r.obligations.map { "\($0.rule) \($0.triggeredBy)" }.sorted() == ["core-group e1", "visits e1"])
        #expect(r.diagnostics.isEmpty)
    }

    @Test func anUnknownFactDoesNotFire() throws {
        let i = try incident([("e1", "contact.received", "2026-03-02T10:00:00Z", [:])])
        #expect(try bothWays(p, i, asOf: "2026-03-10T00:00:00Z").obligations.isEmpty)
    }

    @Test func triggersThatCanNeverFireAreWarnedAndShapesChecked() {
        let (_, d, _) = compile("""
        rules:
          - {id: a, cite: "1", when: {fact: cin_plan, becomes: false}, notify: [police]}
          - {id: b, cite: "2", when: {fact: disabled, becomes: true}, notify: [police]}
          - {id: c, cite: "3", when: {fact: cp_plan, becomes: true, is: true}, notify: [police]}
          - {id: d, cite: "4", when: {event: cp_plan.started, is: true}, notify: [police]}
          - {id: e, cite: "5", when: {fact: disabled, is: true}, notify: [police]}
        """)
        #expect(d.items.map(\.id) == ["never-fires", "never-fires", "trigger-shape", "trigger-shape"])
        #expect(d.items[0].message == "no event in the vocabulary sets facts.cin_plan to false, so this rule can never fire")
        #expect(d.items[1].message == "no event in the vocabulary sets facts.disabled, so this rule can never fire")
        #expect(d.items[0].location?.line == 9)
    }

    @Test func theGraphShowsIt() throws {
        #expect(GraphRenderer.render(p, format: .dot).contains(#"fact_cp_plan -> rule_visits [label="is true (from the start)"]"#))
    }
}
