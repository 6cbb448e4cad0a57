import Foundation
import Testing
@testable import PolicyEval

/// Date literals, `today` and `now`, dates moved by working days, weekdays and months, and
/// `in_office_hours(...)` in conditions (issue 12 item 6).
@Suite struct DatesInConditionsTests {
    let head = """
    policy: dates-in-conditions
    title: Dates in conditions
    authority: Example Council
    version: "1"
    source: Example protocol
    calendar: england-and-wales
    calendars: {police: scotland}
    office_hours: {mon-thu: "08:30-17:15", fri: "08:30-16:45"}

    """

    var p: Policy {
        get throws {
            let (p, d, _) = compile(head + """
            rules:
              - id: short-notice
                cite: "1"
                note: A conference set for less than 3 working days ahead is raised with the chair.
                when: {event: conference.scheduled, if: 'event.date < today + 3wd'}
                require: {action: notification.sent, within: 1d}
              - id: police-short-notice
                cite: "2"
                when: {event: conference.scheduled, if: 'event.date <= today + 1wd'}
                require: {action: referral.made, within: 2wd, calendar: police}
              - id: from-april
                cite: "3"
                when: {event: missing.found, if: 'today >= 2026-04-01'}
                require: {action: rhi.completed, within: 72h}
              - id: out-of-hours-report
                cite: "4"
                when: {event: missing.reported, if: 'not in_office_hours(now)'}
                require: {action: strategy_discussion.held, within: 1wd at 10:00}
              - id: seen-long-ago
                cite: "5"
                when: {event: missing.reported, if: 'now - event.last_seen >= 24h'}
                require: {action: notification.sent, within: 1h}
              - id: a-month-before
                cite: "6"
                when: {event: conference.scheduled, if: 'event.date - 1mo <= today'}
                require: {action: report.shared, within: {before: event.date, by: 5wkd}}
            """, withHeader: false)
            return try #require(p, "\(d.items.map(\.message))")
        }
    }

    func fired(_ events: [(String, String, String, [String: Any])], asOf: String = "2027-02-01T00:00:00Z") throws -> Report {
        try evaluate(try p, try incident(events), asOf: asOf)
    }

    @Test func aDateMovedByWorkingDaysSkipsTheBankHolidays() throws {
        // Thu 24 Dec 2026: three working days on is Thu 31 Dec (Christmas and Boxing Day's substitute skipped).
        let r = try fired([("c1", "conference.scheduled", "2026-12-24T10:00:00Z", ["kind": "icpc", "date": "2026-12-30"]),
                           ("c2", "conference.scheduled", "2026-12-24T11:00:00Z", ["kind": "icpc", "date": "2026-12-31"])])
        let short = r.obligations.filter { $0.rule == "short-notice" }
        #expect(short.map(\.triggeredBy) == ["c1"])
        let because = try #require(short.first).because
        #expect(because.contains(
            "date: Wed 30 Dec 2026, before today, Thu 24 Dec 2026, plus 3 working days (england-and-wales): Thu 31 Dec 2026"), "\(because)")
    }

    @Test func workingDaysCountInTheDutysCalendar() throws {
        // Fri 27 Nov 2026: the next working day is Mon 30 Nov in England, Tue 1 Dec in Scotland (St Andrew's Day).
        let r = try fired([("c1", "conference.scheduled", "2026-11-27T10:00:00Z", ["kind": "icpc", "date": "2026-12-01"])])
        #expect(r.obligations.contains { $0.rule == "police-short-notice" })
        #expect(!r.obligations.contains { $0.rule == "short-notice" && $0.triggeredBy == "c1" } == false)
        let england = try fired([("c1", "conference.scheduled", "2026-11-27T10:00:00Z", ["kind": "icpc", "date": "2026-12-02"])])
        #expect(!england.obligations.contains { $0.rule == "police-short-notice" })
    }

    /// A date at the edge of the years (a "no end" 9999-12-31, a 0001 date) moved by a month:
    /// unknown, the duty indeterminate, never a crash (review finding).
    @Test func aMonthPastTheLastYearIsUnknownNotACrash() throws {
        let r = try fired([("c1", "conference.scheduled", "2026-03-02T10:00:00Z", ["kind": "icpc", "date": "0001-01-15"])])
        let d = try #require(r.obligations.first { $0.rule == "a-month-before" })
        #expect(d.status == .indeterminate)
        let (p, diags, _) = compile(head + """
        rules:
          - id: a-month-after
            cite: "1"
            when: {event: conference.scheduled, if: 'event.date + 1mo > today'}
            require: {action: report.shared, within: 1d}
        """, withHeader: false)
        let policy = try #require(p, "\(diags.items.map(\.message))")
        let late = try evaluate(policy, try incident([("c1", "conference.scheduled", "2026-03-02T10:00:00Z", ["kind": "icpc", "date": "9999-12-31"])]),
                                asOf: "2027-02-01T00:00:00Z")
        #expect(late.obligations.map(\.status) == [.indeterminate])
    }

    @Test func monthsAndDateLiterals() throws {
        let r = try fired([("c1", "conference.scheduled", "2026-03-02T10:00:00Z", ["kind": "icpc", "date": "2026-03-31"]),
                           ("c2", "conference.scheduled", "2026-03-02T10:00:00Z", ["kind": "icpc", "date": "2026-04-03"]),
                           ("r", "missing.reported", "2026-03-31T22:00:00Z", ["risk": "low"]),
                           ("f1", "missing.found", "2026-03-31T22:30:00Z", [:]),
                           ("r2", "missing.reported", "2026-03-31T23:30:00Z", ["risk": "low"]),
                           ("f2", "missing.found", "2026-04-01T00:30:00Z", [:])])
        // 31 Mar less a month is 28 Feb (the month's last day), on or before 2 Mar; 3 Apr less a month is 3 Mar, after it.
        #expect(r.obligations.filter { $0.rule == "a-month-before" }.map(\.triggeredBy) == ["c1"])
        // 23:30 UTC on 31 March is 00:30 BST on 1 April: `today` is the local date.
        #expect(r.obligations.filter { $0.rule == "from-april" }.map(\.triggeredBy) == ["f2"])
        let because = try #require(r.obligations.first { $0.rule == "from-april" }).because
        #expect(because.contains("today, Wed 1 Apr 2026, on or after Wed 1 Apr 2026"), "\(because)")
    }

    @Test func officeHoursUseThePolicysHoursAndCalendar() throws {
        let r = try fired([("in", "missing.reported", "2026-12-22T09:00:00Z", ["risk": "low"]),          // Tue 09:00
                           ("f1", "missing.found", "2026-12-22T09:30:00Z", [:]),
                           ("evening", "missing.reported", "2026-12-22T18:00:00Z", ["risk": "low"]),      // Tue 18:00
                           ("f2", "missing.found", "2026-12-22T18:30:00Z", [:]),
                           ("holiday", "missing.reported", "2026-12-28T10:00:00Z", ["risk": "low"])])     // Boxing Day's substitute
        let fired = r.obligations.filter { $0.rule == "out-of-hours-report" }
        #expect(fired.map(\.triggeredBy) == ["evening", "holiday"])
        let because = try #require(fired.first).because
        #expect(because.contains("now, Tue 22 Dec 2026 18:00 GMT: out of office hours"), "\(because)")
    }

    @Test func timesSubtractToALength() throws {
        let r = try fired([("r1", "missing.reported", "2026-03-02T10:00:00Z", ["risk": "low", "last_seen": "2026-03-01T09:00:00Z"]),
                           ("f1", "missing.found", "2026-03-02T11:00:00Z", [:]),
                           ("r2", "missing.reported", "2026-03-03T10:00:00Z", ["risk": "low", "last_seen": "2026-03-03T08:00:00Z"]),
                           ("f2", "missing.found", "2026-03-03T11:00:00Z", [:]),
                           ("r3", "missing.reported", "2026-03-04T10:00:00Z", ["risk": "low"])])
        let seen = r.obligations.filter { $0.rule == "seen-long-ago" }
        #expect(seen.map(\.triggeredBy) == ["r1", "r3"])
        // A report that does not say when the child was last seen: indeterminate, naming the field.
        #expect(seen.last?.status == .indeterminate)
    }

    @Test func aTimeMovedPastTheYear9999IsUnknownNotACrash() throws {
        let (p, d, _) = compile(head + """
        rules:
          - id: far
            cite: "1"
            when: {event: missing.reported, if: 'in_office_hours(now + 1000000000w) or now + 1000000000w > now'}
            require: {action: notification.sent, within: 1h}
        """, withHeader: false)
        let policy = try #require(p, "\(d.items.map(\.message))")
        let r = try evaluate(policy, try incident([("r", "missing.reported", "2026-03-02T10:00:00Z", ["risk": "low"])]), asOf: "2026-03-03T00:00:00Z")
        #expect(r.obligations.first?.status == .indeterminate)
        #expect(r.obligations.first?.unknown == ["a time past 9999"])
    }

    @Test func aDutyCalendarUsedOnlyByItsConditionIsNotUnused() throws {
        let rules = """
        rules:
          - id: a
            cite: "1"
            when: {event: conference.scheduled, if: 'event.date <= today + 1wd'}
            require: {action: referral.made, within: 24h, calendar: police}
          - id: b
            cite: "2"
            when: {event: conference.scheduled, if: 'event.date <= today + 1d'}
            require: {action: referral.made, within: 24h, calendar: police}
        """
        let (_, d, _) = compile(head + rules, withHeader: false)
        #expect(d.items.map(\.id) == ["calendar-unused"])
        #expect(d.items.first?.location?.line == 17)  // rule b's, whose condition counts calendar days only
    }

    @Test func aYearTheCalendarDoesNotCoverIsIndeterminateNamingIt() throws {
        let r = try fired([("c1", "conference.scheduled", "2030-12-30T10:00:00Z", ["kind": "icpc", "date": "2031-01-02"])],
                          asOf: "2030-12-31T00:00:00Z")
        let o = try #require(r.obligations.first { $0.rule == "short-notice" }, "\(r.obligations.map { ($0.rule, $0.status) }) \(r.diagnostics)")
        #expect(o.status == .indeterminate)
        #expect(o.unknown == ["england-and-wales calendar beyond 2018–2030"])
    }

    @Test func aSessionFedEventByEventAgreesWithBatch() throws {
        let policy = try p
        let i = try incident([("c1", "conference.scheduled", "2026-12-24T10:00:00Z", ["kind": "icpc", "date": "2026-12-30"]),
                              ("r", "missing.reported", "2026-12-28T10:00:00Z", ["risk": "low", "last_seen": "2026-12-27T09:00:00Z"]),
                              ("f", "missing.found", "2026-12-28T11:00:00Z", [:]),
                              ("c2", "conference.scheduled", "2027-01-04T10:00:00Z", ["kind": "icpc", "date": "2027-01-08"])])
        let asOf = instant("2027-02-01T00:00:00Z")
        var session = Session(policy: policy, incidentID: i.id, zone: i.zone, subject: i.subject)
        for (n, e) in i.events.enumerated() {
            _ = try session.ingest(e)
            if n == 1 { session = try Session(policy: policy, restoring: try session.encoded()) }
        }
        let streamed = try session.report(asOf: asOf)
        let batch = try Evaluation.evaluate(i, policy: policy, asOf: asOf)
        #expect(streamed == batch)
        #expect(batch.obligations.count >= 4)
    }

    func errors(_ condition: String, on trigger: String = "conference.scheduled", header: String? = nil) -> [Diagnostic] {
        let (_, d, _) = compile((header ?? head) + """
        rules:
          - id: a
            cite: "1"
            when: {event: \(trigger), if: '\(condition)'}
            notify: [social_worker]
        """, withHeader: false)
        return d.items
    }

    @Test func mistakesArePositionedWithASuggestion() throws {
        let bad = errors("event.date >= 2026-02-30")
        #expect(bad.map(\.id) == ["expression.date"])
        #expect(bad.first?.location?.line == 12 && bad.first?.location?.column == 60, "\(String(describing: bad.first?.location))")
        let quoted = errors(#"event.date == "2026-04-01""#)
        #expect(quoted.first?.suggestion == "2026-04-01")
        #expect(errors("in_ofice_hours(now)").first?.suggestion == "in_office_hours")
        #expect(errors("event.date < todya").first?.suggestion == "today")
        #expect(errors("in_office_hours(today)").first?.suggestion == "in_office_hours(now)")
        #expect(errors("event.date + 3h > today").first?.message.contains("a date has no time of day") == true)
        #expect(errors("count(missing.reported, within: 3wd) > 1").first?.id == "expression.unit-not-elapsed")
        #expect(errors("exists(missing.reported, within: 1mo)").first?.id == "expression.unit-not-elapsed")
        #expect(errors("3wd > 2d").first?.id == "expression.span")
        #expect(errors("event.date + 2wh > today").first?.id == "expression.unit-not-elapsed")
        #expect(errors("event.date + 3wdd > today").first?.suggestion == "3wd")
        let sum = errors("3wd + event.date > today")
        #expect(sum.first?.suggestion == "event.date + 3wd", "\(sum.map(\.message))")
        let noHours = errors("in_office_hours(now)", header: head.replacingOccurrences(of: "office_hours: {mon-thu: \"08:30-17:15\", fri: \"08:30-16:45\"}\n", with: ""))
        #expect(noHours.map(\.id) == ["no-office-hours"])
        let inWhere = errors("exists(missing.reported, where: now > event.last_seen)")
        #expect(inWhere.first?.id == "expression.where-scope")
        // A date moved in a `where` is fine: it is the earlier event's own field.
        #expect(errors("exists(conference.scheduled, where: event.date + 3wd > 2026-04-01)").isEmpty)
    }
}

extension RuleLanguageExamples {
    @Test func datesTimesAndOfficeHoursCompiles() throws {
        let p = try policy(try ruleLanguageExample(after: "### Dates, times and office hours in conditions"))
        #expect(p.rules.map(\.id) == ["short-notice-conference", "interview-offer-from-april", "out-of-hours-report-reviewed"])
    }
}
