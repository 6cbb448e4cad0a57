import Foundation
import Testing
@testable import PolicyEval

/// `"leader" in event.to`: who a list-valued field names (Dorset PENDING-ENGINE 1).
@Suite struct RolesInAListField {
    let p = try! policy("""
    rules:
      - id: need-to-know-to-leaders
        cite: "3"
        when: {event: recovery_order.decided}
        require:
          action: need_to_know.sent
          only_if: '"leader" in event.to and "chief_executive" in event.to and "lead_member" in event.to'
          within: 1wd
      - id: police-not-told
        cite: "4"
        when: {event: need_to_know.sent, if: 'not "police" in event.to'}
        notify: [dcs]
    """)
    let decided: HistoryTestEvent = ("d", "recovery_order.decided", "2026-05-05T10:00:00Z", ["granted": false])

    func run(_ events: [HistoryTestEvent]) throws -> Report { try bothWays(p, try incident(events), asOf: "2026-05-20T09:00:00Z") }

    @Test func oneSentToThePoliceDoesNotAnswerOneOwedToTheLeaders() throws {
        let r = try run([decided, ("n", "need_to_know.sent", "2026-05-05T12:00:00Z", ["to": ["police"]])])
        let o = try #require(r.obligations.first)
        #expect(o.status == .overdue && o.dueDate == LocalDate("2026-05-06"))
        #expect(r.escalations.isEmpty)
    }

    @Test func oneSentToAllThreeAnswersIt() throws {
        let r = try run([decided, ("n", "need_to_know.sent", "2026-05-05T12:00:00Z", ["to": ["leader", "chief_executive", "lead_member"]])])
        #expect(r.obligations.map(\.status) == [.met])
        let told = try #require(r.escalations.first)
        #expect(told.rule == "police-not-told")
        #expect(told.because.contains("to: leader, chief_executive, lead_member (does not include police)"))
    }

    @Test func oneThatDoesNotSayWhoWasToldAnswersNothing() throws {
        // The list is unknown, so `only_if` does not hold, and the notification turns on it.
        let r = try run([decided, ("n", "need_to_know.sent", "2026-05-05T12:00:00Z", [:])])
        #expect(r.obligations.map(\.status) == [.overdue])
        #expect(r.indeterminateNotifications.map(\.unknown) == [["event.to"]])
    }

    @Test func mistakesAreExplained() {
        let (_, d, _) = compile("""
        rules:
          - {id: a, cite: "1", when: {event: need_to_know.sent, if: 'event.to == "leader"'}, notify: [dcs]}
          - {id: b, cite: "2", when: {event: need_to_know.sent, if: '"leadr" in event.to'}, notify: [dcs]}
          - {id: c, cite: "3", when: {event: notification.sent, if: '"police" in event.to'}, notify: [dcs]}
          - {id: d, cite: "4", when: {event: need_to_know.sent, if: 'event.to in ["leader"]'}, notify: [dcs]}
        """)
        #expect(d.items.map(\.id) == ["expression.list", "undeclared-role", "expression.type", "expression.list"])
        #expect(d.items.map(\.suggestion) == [#""leader" in event.to"#, "leader", #"event.to == "police""#, #""leader" in event.to"#])
        #expect(d.items[1].location?.column == 62)
    }
}

/// A role declared in the policy's own `roles:` may be named in conditions, as in `responsible:`.
@Suite struct LocalRolesInConditions {
    let text = """
    policy: local-roles
    title: Test
    authority: Test Council
    version: "1"
    source: Test protocol
    calendar: england-and-wales
    roles:
      keeper_of_register: Keeper of the child protection register
    rules:
      - id: register-told
        cite: "1"
        when: {event: cp_plan.started}
        require:
          action: notification.sent
          responsible: keeper_of_register
          only_if: 'event.to == "keeper_of_register"'
          within: 1d
      - id: keeper-in-the-need-to-know
        cite: "2"
        when: {event: need_to_know.sent, if: 'not "keeper_of_register" in event.to'}
        notify: [keeper_of_register]
    """

    @Test func comparedAndFoundInALists() throws {
        let (compiled, d, _) = compile(text, withHeader: false)
        let p = try #require(compiled, "\(d.items.map(\.message))")
        let r = try bothWays(p, try incident([("c", "cp_plan.started", "2026-05-05T10:00:00Z", [:]),
                                               ("n", "notification.sent", "2026-05-05T11:00:00Z", ["to": "police"]),
                                               ("k", "notification.sent", "2026-05-05T12:00:00Z", ["to": "keeper_of_register"]),
                                               ("t", "need_to_know.sent", "2026-05-05T13:00:00Z", ["to": ["keeper_of_register"]])]),
                             asOf: "2026-05-10T00:00:00Z")
        #expect(r.obligations.map { "\($0.status) \($0.satisfiedBy ?? "-")" } == ["met k"])
        #expect(r.escalations.isEmpty)
    }

    @Test func aMisspeltOneIsStillRefusedWithTheLocalOneSuggested() {
        let (_, d, _) = compile(text.replacingOccurrences(of: #"event.to == "keeper_of_register""#, with: #"event.to == "keeper_of_registr""#),
                                withHeader: false)
        #expect(d.items.map(\.id) == ["undeclared-role"])
        #expect(d.items.first?.suggestion == "keeper_of_register")
    }
}
