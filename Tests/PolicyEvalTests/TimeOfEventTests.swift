import Foundation
import Testing
@testable import PolicyEval

/// An event's own time in conditions (`time_of(event)`, `time_of(latest(T))`, `date_of(...)`),
/// and what `where:` may ask of time (issue 12, last gaps).
@Suite struct TimeOfEventTests {
    let rules = """
    rules:
      - id: first-year-of-the-plan
        cite: "1"
        note: A visit in the first year after the plan started is followed up.
        when: {event: visit.completed, if: 'today < date_of(latest(cp_plan.started)) + 12mo'}
        require: {action: notification.sent, within: 1d}
      - id: found-a-day-after-the-report
        cite: "2"
        when: {event: missing.found, if: 'now - time_of(latest(missing.reported)) >= 24h'}
        require: {action: rhi.completed, within: 72h}
      - id: reports-out-of-hours
        cite: "3"
        when: {event: missing.reported, if: 'count(missing.reported, within: 28d, where: not in_office_hours(time_of(event))) >= 2'}
        notify: [service_manager]
      - id: from-april
        cite: "4"
        when: {event: missing.reported, if: 'date_of(event) >= 2026-04-01 and time_of(event) == now'}
        notify: [team_manager]
    """

    func fired(_ events: [(String, String, String, [String: Any])], asOf: String = "2027-06-01T00:00:00Z") throws -> Report {
        let p = try policy(rules)
        let i = try incident(events)
        let batch = try Evaluation.evaluate(i, policy: p, asOf: instant(asOf))
        // Streamed, saved and restored half way: the same report.
        var s = Session(policy: p, incidentID: i.id, zone: i.zone, subject: i.subject)
        for e in i.events.prefix(i.events.count / 2) { try s.ingest(e) }
        var restored = try Session(policy: p, restoring: try s.encoded())
        for e in i.events.dropFirst(i.events.count / 2) { try restored.ingest(e) }
        #expect(try restored.report(asOf: instant(asOf)) == batch)
        return batch
    }

    @Test func theFirstYearAfterAnEarlierEvent() throws {
        let r = try fired([("p", "cp_plan.started", "2026-01-15T10:00:00Z", [:]),
                           ("v1", "visit.completed", "2026-06-01T10:00:00Z", [:]),
                           ("v2", "visit.completed", "2027-01-14T10:00:00Z", [:]),
                           ("v3", "visit.completed", "2027-01-15T10:00:00Z", [:])])
        #expect(r.obligations.filter { $0.rule == "first-year-of-the-plan" }.map(\.triggeredBy) == ["v1", "v2"])
        let because = try #require(r.obligations.first { $0.rule == "first-year-of-the-plan" }).because
        #expect(because.joined(separator: "\n").contains("today, Mon 1 Jun 2026, before date of the latest cp_plan.started, Thu 15 Jan 2026, plus 12 months: Fri 15 Jan 2027"), "\(because)")
    }

    @Test func noEarlierEventIsIndeterminateNamedNeverFalse() throws {
        let r = try fired([("v1", "visit.completed", "2026-06-01T10:00:00Z", [:])])
        let duty = try #require(r.obligations.first { $0.rule == "first-year-of-the-plan" })
        #expect(duty.status == .indeterminate)
        #expect(duty.because.contains("turns on latest(cp_plan.started), and the record has no such event"), "\(duty.because)")
    }

    @Test func theTimeOfTheLatestEventIsItsRecordedTime() throws {
        let r = try fired([("r1", "missing.reported", "2026-03-02T10:00:00Z", ["risk": "low"]),
                           ("f1", "missing.found", "2026-03-03T11:00:00Z", [:]),
                           ("r2", "missing.reported", "2026-03-05T10:00:00Z", ["risk": "low"]),
                           ("f2", "missing.found", "2026-03-05T20:00:00Z", [:])])
        #expect(r.obligations.filter { $0.rule == "found-a-day-after-the-report" }.map(\.triggeredBy) == ["f1"])
    }

    @Test func whereReadsEachEventsOwnTime() throws {
        // Tue 22 Dec 2026: 18:00 and 19:00 are out of hours, 10:00 is in.
        let r = try fired([("a", "missing.reported", "2026-12-22T18:00:00Z", ["risk": "low"]),
                           ("fa", "missing.found", "2026-12-22T18:30:00Z", [:]),
                           ("b", "missing.reported", "2026-12-23T10:00:00Z", ["risk": "low"]),
                           ("fb", "missing.found", "2026-12-23T10:30:00Z", [:]),
                           ("c", "missing.reported", "2026-12-23T19:00:00Z", ["risk": "low"])])
        #expect(r.escalations.filter { $0.rule == "reports-out-of-hours" }.map(\.at) == [instant("2026-12-23T19:00:00Z")])
    }

    @Test func theEventsOwnDateAgainstADateLiteral() throws {
        // 23:30 UTC on 31 March is 00:30 BST on 1 April: the local date.
        let r = try fired([("a", "missing.reported", "2026-03-31T22:30:00Z", ["risk": "low"]),
                           ("fa", "missing.found", "2026-03-31T22:45:00Z", [:]),
                           ("b", "missing.reported", "2026-03-31T23:30:00Z", ["risk": "low"])])
        #expect(r.escalations.filter { $0.rule == "from-april" }.map(\.at) == [instant("2026-03-31T23:30:00Z")])
    }

    @Test func aDataFieldCalledTimeKeepsItsMeaning() throws {
        // hearing.listed's `time` is when the hearing is; time_of(event) is when it was listed.
        let p = try policy("""
        rules:
          - id: short-notice-hearing
            cite: "1"
            when: {event: hearing.listed, if: 'event.time - time_of(event) < 48h'}
            notify: [team_manager]
        """)
        let r = try evaluate(p, try incident([
            ("h1", "hearing.listed", "2026-03-02T10:00:00Z", ["kind": "final", "date": "2026-03-03", "time": "2026-03-03T10:00:00Z"]),
            ("h2", "hearing.listed", "2026-03-02T11:00:00Z", ["kind": "final", "date": "2026-03-20", "time": "2026-03-20T10:00:00Z", "ref": "b"]),
        ]), asOf: "2026-04-01T00:00:00Z")
        #expect(r.escalations.map(\.at) == [instant("2026-03-02T10:00:00Z")])
    }

    @Test func explainShowsTheEventWhoseTimeWasRead() throws {
        let i = try incident([("p", "cp_plan.started", "2026-01-15T10:00:00Z", [:]), ("v1", "visit.completed", "2026-06-01T10:00:00Z", [:])])
        let (_, trace) = try Evaluation.evaluate(i, policy: try policy(rules), asOf: instant("2026-07-01T00:00:00Z"), traceRule: "first-year-of-the-plan")
        let lines = trace.map(\.text)
        #expect(lines.contains("  read latest(cp_plan.started): p (Thu 15 Jan 2026 10:00 GMT)"), "\(lines)")
    }

    func error(_ condition: String, on event: String = "missing.reported") -> Diagnostic? {
        let (_, d, _) = compile("""
        rules:
          - id: r
            cite: "1"
            when: {event: \(event), if: '\(condition)'}
            notify: [team_manager]
        """)
        return d.items.first { $0.severity == .error }
    }

    @Test func mistakesAreNamedWithWhatToWrite() throws {
        let noField = try #require(error("event.time < now"))
        #expect(noField.message.contains("time_of(event)"), "\(noField.message)")
        #expect(noField.suggestion == "time_of(event)")
        let months = try #require(error("now < time_of(latest(cp_plan.started)) + 12mo"))
        #expect(months.suggestion == "date_of(latest(cp_plan.started)) + 12mo", "\(String(describing: months.suggestion))")
        let field = try #require(error("time_of(latest(missing.reported).risk) < now"))
        #expect(field.message.contains("time_of(latest(missing.reported))"), "\(field.message)")
        let typo = try #require(error("tme_of(event) < now"))
        #expect(typo.suggestion == "time_of")
        // An event type's bare name: the latest such event is what is meant.
        let bareType = try #require(error("today < date_of(cp_plan.started) + 12mo"))
        #expect(bareType.message.contains("write date_of(latest(cp_plan.started))"), "\(bareType.message)")
        #expect(bareType.suggestion == "latest(cp_plan.started)")
        let bareTime = try #require(error("now - time_of(missing.reported) > 1h"))
        #expect(bareTime.suggestion == "latest(missing.reported)", "\(bareTime.message)")
        let notAnEvent = try #require(error("time_of(3) < now"))
        #expect(notAnEvent.message.contains("takes an event"), "\(notAnEvent.message)")
        // An earlier event's recorded time is not a field: time_of / date_of say it.
        let latestTime = try #require(error("latest(missing.reported).time < now"))
        #expect(latestTime.suggestion == "time_of(latest(missing.reported))", "\(latestTime.message)")
        let latestDate = try #require(error("latest(missing.reported).date < today"))
        #expect(latestDate.suggestion == "date_of(latest(missing.reported))", "\(latestDate.message)")
        // A time against a date: compare dates.
        let mixed = try #require(error("now < date_of(latest(cp_plan.started)) + 12mo"))
        #expect(mixed.message == "cannot compare a time with a date; compare dates: today instead of now")
        #expect(mixed.suggestion == "today")
    }

    @Test func nowAndTodayInWhereSayWhatToWrite() throws {
        let now = try #require(error("exists(missing.found, where: now - event.harmed_at >= 1h)"))
        #expect(now.message.contains("checked on each missing.found when it is recorded"), "\(now.message)")
        #expect(now.suggestion == "time_of(event)")
        let today = try #require(error("exists(missing.found, where: today >= 2026-04-01)"))
        #expect(today.suggestion == "date_of(event)")
        let latest = try #require(error("exists(missing.found, where: time_of(latest(missing.reported)) < now)"))
        #expect(latest.suggestion == "time_of(event)")
        // Allowed: the event's own time and office hours.
        #expect(error("exists(missing.found, within: 28d, where: in_office_hours(time_of(event)) and date_of(event) >= 2026-04-01)") == nil)
    }
}
