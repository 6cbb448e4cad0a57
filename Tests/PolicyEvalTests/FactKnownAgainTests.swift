import Foundation
import Testing
@testable import PolicyEval

/// A fact an event left unknown (a review conference that does not say whether the plan continues) and a
/// later event says again: the duties suspended meanwhile are owed as before, or end if it is now false;
/// a fact that was true, went unknown and is true again did not become true anew.
@Suite struct AFactKnownAgain {
    let p = try! policy("""
    rules:
      - id: core-groups
        cite: "1"
        when: {event: icpc.held, if: event.plan}
        require:
          action: core_group.held
          within: 10wd
          repeat: {every: 6w, while: facts.cp_plan}
        escalate: [{notify: [team_manager]}, {after: 1w, notify: [service_manager]}]
      - id: plan-starts
        cite: "2"
        when: {fact: cp_plan, becomes: true}
        require: {action: visit.completed, within: 5wd}
      - id: weekly
        cite: "3"
        when: {event: icpc.held, if: event.plan}
        require: {action: visit.completed, within: 1w, repeat: {each: 1w, while: facts.cp_plan}}
    """)

    func run(_ second: [String: Any]?, at: String = "2026-02-09T10:00:00Z", asOf: String = "2026-08-01T00:00:00Z") throws -> Report {
        var events: [(String, String, String, [String: Any])] = [
            ("e1", "icpc.held", "2026-01-05T10:00:00Z", ["plan": true]),
            ("e3", "core_group.held", "2026-01-12T10:00:00Z", [:]),
            ("e4", "review_conference.held", "2026-02-02T10:00:00Z", [:])]
        if let second { events.append(("e5", "review_conference.held", at, second)) }
        return try bothWays(p, try incident(events, facts: ["cp_plan": false]), asOf: asOf)
    }

    func lines(_ r: Report, _ rule: String) -> [String] {
        r.obligations.filter { $0.rule == rule }.map { "\($0.triggeredBy) \($0.status)" }
    }

    @Test func leftUnsaidForGood_theCoreGroupStaysIndeterminate() throws {
        let r = try run(nil)
        #expect(lines(r, "core-groups") == ["e1 met", "e3 indeterminate"])
    }

    /// The reviewer's case (cg.json): the plan said to continue a week later; no core group for months.
    @Test func saidToContinue_theCoreGroupIsOverdueFromItsDue_withItsEscalations() throws {
        let r = try run(["plan_continues": true])
        #expect(lines(r, "core-groups") == ["e1 met", "e3 overdue"])
        let o = try #require(r.obligations.first { $0.rule == "core-groups" && $0.triggeredBy == "e3" })
        #expect(o.unknown.isEmpty)
        #expect(!o.because.contains { $0.contains("which the record does not") })
        #expect(r.escalations.filter { $0.rule == "core-groups" }.map(\.at) == [instant("2026-02-24T00:00:00Z"), instant("2026-03-03T00:00:00Z")])
        // Not a plan starting anew: no duty of a rule on cp_plan becoming true.
        #expect(lines(r, "plan-starts") == ["e1 overdue"])
    }

    /// Fed event by event, a stream told that the duty turned indeterminate hears that it is owed again.
    @Test func aStreamHearsTheDutyIsOwedAgain() throws {
        let i = try incident([
            ("e1", "icpc.held", "2026-01-05T10:00:00Z", ["plan": true]),
            ("e3", "core_group.held", "2026-01-12T10:00:00Z", [:]),
            ("e4", "review_conference.held", "2026-02-02T10:00:00Z", [:]),
            ("e5", "review_conference.held", "2026-02-09T10:00:00Z", ["plan_continues": true])], facts: ["cp_plan": false])
        var s = Session(policy: p, incidentID: i.id, zone: i.zone, subject: i.subject)
        var seen: [String: [Change]] = [:]
        for e in i.events { seen[e.id] = try s.ingest(e).filter { c in
            switch c { case .opened(rule: "core-groups", _, _), .indeterminate(rule: "core-groups", _, _): return true
                       default: return false } } }
        #expect(seen["e4"] == [.indeterminate(rule: "core-groups", triggeredBy: "e3", unknown: ["facts.cp_plan", "event.plan_continues"])])
        let due = try #require(run(["plan_continues": true]).obligations.first { $0.rule == "core-groups" && $0.triggeredBy == "e3" })
        #expect(seen["e5"] == [.opened(rule: "core-groups", triggeredBy: "e3", due: due.due)])
    }

    @Test func saidToContinueAfterTheDue_theBreachIsStillFromTheDue() throws {
        let r = try run(["plan_continues": true], at: "2026-04-01T10:00:00Z")
        #expect(lines(r, "core-groups") == ["e1 met", "e3 overdue"])
        let o = try #require(r.obligations.first { $0.rule == "core-groups" && $0.triggeredBy == "e3" })
        #expect(o.dueDate == LocalDate("2026-02-23"))
        // Raised when the record made the duty known again, at the moments they fell due.
        #expect(r.escalations.filter { $0.rule == "core-groups" }.map(\.at) == [instant("2026-02-24T00:00:00Z"), instant("2026-03-03T00:00:00Z")])
    }

    @Test func saidToEndBeforeTheDue_theCoreGroupIsCancelled() throws {
        let r = try run(["plan_continues": false])
        #expect(lines(r, "core-groups") == ["e1 met", "e3 cancelled"])
        #expect(r.escalations.filter { $0.rule == "core-groups" }.isEmpty)
    }

    @Test func saidToEndAfterTheDue_theBreachStands() throws {
        let r = try run(["plan_continues": false], at: "2026-04-01T10:00:00Z")
        let o = try #require(r.obligations.first { $0.rule == "core-groups" && $0.triggeredBy == "e3" })
        #expect(o.status != .cancelled && o.status != .indeterminate)
        #expect(r.escalations.filter { $0.rule == "core-groups" }.count == 2)
    }

    /// A fixed schedule (`repeat.each`) goes on from the suspended occurrence's due.
    @Test func aFixedScheduleGoesOnOnceTheFactIsKnownAgain() throws {
        let r = try run(["plan_continues": true], asOf: "2026-02-20T00:00:00Z")
        let weekly = r.obligations.filter { $0.rule == "weekly" }
        // Due 12, 19, 26 Jan and 2 Feb (suspended at e4, back at e5 and overdue), then 9, 16 and 23 Feb.
        #expect(weekly.map(\.status).filter { $0 == .indeterminate }.isEmpty)
        #expect(weekly.count == 7)
        #expect(weekly.last?.status == .pending)
        let none = try run(nil, asOf: "2026-02-20T00:00:00Z").obligations.filter { $0.rule == "weekly" }
        #expect(none.count == 4 && none.last?.status == .indeterminate)
    }
}
