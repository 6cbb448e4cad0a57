import Testing
@testable import PolicyEval

/// A policy with a second calendar (police and council can differ), a duty counted in it,
/// weekdays, and a time of day in deadlines.
@Suite struct CalendarsAndTimesTests {
    let head = """
    policy: two-calendars
    title: Two calendars
    authority: Example Council
    version: "1"
    source: Example protocol
    calendar: england-and-wales
    calendars: {police: scotland}

    """

    @Test func aDutyCountsInItsOwnCalendar() throws {
        let (p, d, _) = compile(head + """
        rules:
          - id: council-visit
            cite: "1"
            when: {event: missing.found}
            require: {action: visit.completed, within: 2wd}
          - id: police-debrief
            cite: "2"
            when: {event: missing.found}
            require: {action: safe_and_well.completed, within: 2wd, calendar: police}
          - id: rhi-by-ten
            cite: "3"
            when: {event: missing.found}
            require: {action: rhi.completed, within: 1wd at 10:00}
          - id: report-within-a-week
            cite: "4"
            when: {event: missing.found}
            require: {action: report.shared, within: 5wkd}
        """, withHeader: false)
        let policy = try #require(p, "\(d.items.map(\.message))")
        #expect(d.items.isEmpty)
        // Friday 27 November 2026; St Andrew's Day, Monday 30 November, is a holiday in Scotland only.
        let i = try incident([
            ("r", "missing.reported", "2026-11-27T09:00:00Z", ["risk": "low"]),
            ("f", "missing.found", "2026-11-27T12:00:00Z", [:]),
            ("rhi", "rhi.completed", "2026-11-30T10:30:00Z", [:]),
        ])
        let report = try evaluate(policy, i, asOf: "2026-12-10T09:00:00Z")
        let due = Dictionary(uniqueKeysWithValues: report.obligations.map { ($0.rule, $0.dueDate?.description ?? $0.due.description) })
        #expect(due["council-visit"] == "2026-12-01")
        #expect(due["police-debrief"] == "2026-12-02")
        #expect(due["rhi-by-ten"] == "2026-11-30T10:00:00Z")
        #expect(due["report-within-a-week"] == "2026-12-04")
        #expect(report.obligations.first { $0.rule == "rhi-by-ten" }?.status == .late)
    }

    @Test func mistakesAreReportedWithTheirPlace() {
        let (_, d, _) = compile(head + """
        rules:
          - id: a
            cite: "1"
            when: {event: missing.found}
            require: {action: visit.completed, within: 2wd, calendar: polise}
          - id: b
            cite: "2"
            when: {event: missing.found}
            require: {action: visit.completed, within: 72h, calendar: police}
          - id: c
            cite: "3"
            when: {event: missing.found}
            require: {action: visit.completed, within: 24h at 10:00}
        """, withHeader: false)
        // The duty calendar's warning comes once the conditions are read (one might count working days in it).
        #expect(d.items.map(\.id) == ["unknown-calendar", "bad-duration", "calendar-unused"])
        #expect(d.items[0].suggestion == "police" && d.items[0].location?.line == 12)
        #expect(d.items[2].severity == .warning)
        #expect(d.items[1].message.contains("a time of day goes with a length in days"))
        let (_, bad, _) = compile(head.replacingOccurrences(of: "{police: scotland}", with: "{police: scotlnd}") + """
        rules:
          - {id: a, cite: "1", when: {event: missing.found}, notify: [police]}
        """, withHeader: false)
        #expect(bad.items.map(\.id) == ["unknown-calendar"])
        #expect(bad.items.first?.suggestion == "scotland")
    }

    @Test func anUndeclaredCalendarNameSaysSoAndHowToDeclareIt() {
        let (_, d, _) = compile(head.replacingOccurrences(of: "{police: scotland}", with: "{police: scotland, health: england-and-wales}") + """
        rules:
          - {id: a, cite: "1", when: {event: missing.found}, require: {action: visit.completed, within: 2wd, calendar: polic}}
          - {id: b, cite: "2", when: {event: missing.found}, require: {action: visit.completed, within: 2wd, calendar: ofsted}}
        """, withHeader: false)
        #expect(d.items.map(\.id) == ["unknown-calendar", "unknown-calendar"])
        #expect(d.items[0].message == "unknown calendar 'polic': it is not declared under 'calendars:' (this policy declares health, police), and no calendar file has that name")
        #expect(d.items[0].suggestion == "police")
        #expect(d.items[1].suggestion == nil)
        #expect(d.items[1].notes.contains { $0.message.hasPrefix("to declare it, name the calendar file it stands for at the top of the policy, like calendars: {ofsted: england-and-wales}") })
        #expect(d.items[1].notes.contains { $0.message.contains("(calendars: england-and-wales, northern-ireland, scotland)") })
        // A declared name whose calendar does not load is reported once, where it is declared.
        let (_, once, _) = compile(head.replacingOccurrences(of: "{police: scotland}", with: "{police: scotlnd}") + """
        rules:
          - {id: a, cite: "1", when: {event: missing.found}, require: {action: visit.completed, within: 2wd, calendar: police}}
        """, withHeader: false)
        #expect(once.items.map(\.id) == ["unknown-calendar"])
        #expect(once.items.first?.location?.line == 7)
    }
}
