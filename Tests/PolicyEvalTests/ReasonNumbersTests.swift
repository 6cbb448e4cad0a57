import Foundation
import Testing
@testable import PolicyEval

/// `because` for arithmetic conditions shows each side's value (issue 12 item 8.1).
@Suite struct ReasonNumbers {
    let p = try! policy("""
    rules:
      - id: count
        cite: "1"
        when: {event: missing.found, if: 'count(missing.reported, within: 28d) >= 2'}
        require: {action: rhi.completed, within: 72h}
      - id: episodes
        cite: "2"
        when: {event: missing.found, if: 'episodes(missing, within: 28d) >= 2'}
        require: {action: rhi.completed, within: 72h}
      - id: sum
        cite: "3"
        when: {event: missing.found, if: 'count(missing.reported, within: 28d) + count(absence.started, within: 4w) >= 3'}
        require: {action: rhi.completed, within: 72h}
      - id: duration
        cite: "4"
        when: {event: missing.found, if: 'episode.duration - 1h > 9h'}
        require: {action: rhi.completed, within: 72h}
      - id: flipped
        cite: "5"
        when: {event: missing.found, if: '2 <= count(missing.reported, within: 28d)'}
        require: {action: rhi.completed, within: 72h}
      - id: since
        cite: "6"
        when: {event: missing.found, if: 'count(missing.reported, since: looked_after.started) >= 2'}
        require: {action: rhi.completed, within: 72h}
      - id: within-where
        cite: "7"
        when: {event: missing.found, if: 'count(missing.reported, within: 28d, where: event.risk == "low") > 1'}
        require: {action: rhi.completed, within: 72h}
      - id: exists
        cite: "8"
        when: {event: missing.found, if: 'exists(absence.started, within: 7d)'}
        require: {action: rhi.completed, within: 72h}
      - id: not-over
        cite: "9"
        when: {event: missing.found, if: 'not (count(missing.reported, within: 28d) > 3)'}
        require: {action: rhi.completed, within: 72h}
      - id: against
        cite: "10"
        when: {event: missing.found, if: 'count(missing.reported, within: 28d) > count(rhi.completed, within: 28d) + 1'}
        require: {action: rhi.completed, within: 72h}
      - id: latest
        cite: "11"
        when: {event: missing.found, if: 'latest(missing.reported).risk == "low"'}
        require: {action: rhi.completed, within: 72h}
    """)

    func because(_ rule: String) throws -> [String] {
        let i = try incident([("l", "looked_after.started", "2026-02-01T09:00:00Z", [:]),
                              ("e1", "missing.reported", "2026-02-10T10:00:00Z", ["risk": "low"]),
                              ("e2", "missing.found", "2026-02-10T11:00:00Z", [:]),
                              ("a1", "absence.started", "2026-02-25T09:00:00Z", ["whereabouts_known": true]),
                              ("a2", "absence.ended", "2026-02-25T10:00:00Z", [:]),
                              ("e3", "missing.reported", "2026-02-28T10:00:00Z", ["risk": "low"]),
                              ("e4", "missing.found", "2026-03-01T10:30:00Z", [:])])
        let r = try evaluate(p, i, asOf: "2026-03-02T00:00:00Z")
        return try #require(r.obligations.last { $0.rule == rule }).because
    }

    @Test func countsShowTheirNumberWindowAndEnd() throws {
        #expect(try because("count").contains("2 missing.reported in the 28 days to Sun 1 Mar 2026 10:30 GMT (at least 2)"))
        #expect(try because("flipped").contains("2 missing.reported in the 28 days to Sun 1 Mar 2026 10:30 GMT (at least 2)"))
        #expect(try because("episodes").contains("2 missing episodes in the 28 days to Sat 28 Feb 2026 10:00 GMT (at least 2)"))
    }

    @Test func sumsShowEachTerm() throws {
        #expect(try because("sum").contains(
            "3 in all: 2 missing.reported in the 28 days to Sun 1 Mar 2026 10:30 GMT + 1 absence.started in the 4 weeks to Sun 1 Mar 2026 10:30 GMT (at least 3)"))
        #expect(try because("against").contains(
            "2 missing.reported in the 28 days to Sun 1 Mar 2026 10:30 GMT (over 0 rhi.completed in the 28 days to Sun 1 Mar 2026 10:30 GMT, plus 1: 1)"))
    }

    @Test func durationsShowTheArithmetic() throws {
        #expect(try because("duration").contains("episode lasted 24h 30m, less 1h: 23h 30m, over 9h"))
    }

    @Test func historyFormsShowTheirNumbers() throws {
        #expect(try because("since").contains("2 missing.reported since the latest looked_after.started (at least 2)"))
        #expect(try because("within-where").contains(
            #"2 missing.reported in the 28 days to Sun 1 Mar 2026 10:30 GMT where event.risk == "low" (over 1)"#))
        #expect(try because("exists").contains("a absence.started in the 7 days to Sun 1 Mar 2026 10:30 GMT"))
        #expect(try because("latest").contains("risk of the latest missing.reported: low"))
    }

    @Test func aFalseComparisonShowsWhatItMissed() throws {
        #expect(try because("not-over").contains("2 missing.reported in the 28 days to Sun 1 Mar 2026 10:30 GMT (at most 3)"))
    }
}
