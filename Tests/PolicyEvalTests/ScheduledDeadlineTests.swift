import Foundation
import Testing
@testable import PolicyEval

/// Evaluates in batch, and as a session restored after every event and advanced a day at a
/// time between them; the two must report the same bytes. Returns the batch report.
func bothWays(_ p: Policy, _ i: Incident, asOf text: String) throws -> Report {
    let asOf = instant(text)
    let batch = try Evaluation.evaluate(i, policy: p, asOf: asOf)
    var s = Session(policy: p, incidentID: i.id, zone: i.zone, subject: i.subject)
    for (k, e) in i.events.enumerated() where e.time <= asOf {
        try s.ingest(e)
        s = try Session(policy: p, restoring: try s.encoded())
        let next = k + 1 < i.events.count ? min(i.events[k + 1].time, asOf) : asOf
        var t = e.time + 86_400
        while t < next { try s.advance(to: t); t = t + 86_400 }
    }
    #expect(ReportJSON.render(try s.report(asOf: asOf)) == ReportJSON.render(batch))
    return batch
}

private func entries(_ r: Report, _ rule: String) -> [Report.Obligation] { r.obligations.filter { $0.rule == rule } }

/// `within: {before: event.date, by: 3wd}`: a duty due a span before the date something is scheduled for.
@Suite struct DeadlinesBeforeAScheduledDate {
    let p = try! policy("""
    rules:
      - id: report-before-conference
        cite: "4.1"
        when: {event: conference.scheduled, if: 'event.kind in ["icpc", "review"]'}
        require: {action: report.shared, responsible: social_worker, within: {before: event.date, by: 3wd}}
        escalate: [{notify: [team_manager]}]
      - id: notice-before-hearing
        cite: "4.2"
        when: {event: hearing.listed}
        require: {action: notification.sent, within: {before: event.time, by: 48h}}
    """)

    func run(_ events: [(String, String, String, [String: Any])], asOf: String = "2027-01-20T00:00:00Z") throws -> Report {
        try bothWays(p, try incident(events), asOf: asOf)
    }

    @Test func dueThreeWorkingDaysBeforeTheConference() throws {
        let r = try run([("e1", "conference.scheduled", "2026-11-20T10:00:00Z", ["kind": "icpc", "date": "2026-12-10"]),
                         ("e2", "report.shared", "2026-12-07T16:00:00Z", [:])])
        let o = try #require(entries(r, "report-before-conference").first)
        #expect(o.status == .met)
        #expect(o.dueDate?.description == "2026-12-07")
        #expect(o.due == instant("2026-12-07T23:59:59Z"))
        #expect(o.because.contains("due 3wd before event.date: event.date is Thu 10 Dec 2026"))
    }

    @Test func doneAfterTheDueDateIsLateAndUndoneIsOverdueAndEscalated() throws {
        let scheduled = ("e1", "conference.scheduled", "2026-11-20T10:00:00Z", ["kind": "icpc", "date": "2026-12-10"] as [String: Any])
        #expect(try run([scheduled, ("e2", "report.shared", "2026-12-08T09:00:00Z", [:])]).obligations[0].status == .late)
        let r = try run([scheduled])
        #expect(r.obligations[0].status == .overdue)
        #expect(r.escalations.map(\.at) == [instant("2026-12-08T00:00:00Z")])
    }

    @Test func countedBackOverBankHolidays() throws {
        let r = try run([("e1", "conference.scheduled", "2026-12-01T10:00:00Z", ["kind": "review", "date": "2026-12-29"])])
        #expect(r.obligations[0].dueDate?.description == "2026-12-22")
    }

    @Test func rescheduledTheDutyMovesAndTheOldOneIsCancelledNotBreached() throws {
        let r = try run([("e1", "conference.scheduled", "2026-11-20T10:00:00Z", ["kind": "icpc", "date": "2026-12-10"]),
                         ("e2", "conference.scheduled", "2026-12-09T10:00:00Z", ["kind": "icpc", "date": "2026-12-17"]),
                         ("e3", "report.shared", "2026-12-14T12:00:00Z", [:])])
        let duties = entries(r, "report-before-conference")
        #expect(duties.map(\.status) == [.cancelled, .met])
        #expect(duties[0].cancelledBy == "e2" && duties[0].triggeredBy == "e1")
        #expect(duties[1].dueDate?.description == "2026-12-14")
        #expect(duties[1].because.contains { $0.hasPrefix("scheduled again: replaces the duty of e1") })
        // Escalated while the first date stood; that stays in the record.
        #expect(r.escalations.map(\.at) == [instant("2026-12-08T00:00:00Z")])
    }

    @Test func aDutyMetThenRescheduledIsMetByTheSameAnswer() throws {
        // Leicestershire PENDING-ENGINE 3: the report shared for the first date answers the new date's duty.
        let r = try run([("e1", "conference.scheduled", "2026-11-20T10:00:00Z", ["kind": "icpc", "date": "2026-12-10"]),
                         ("e2", "report.shared", "2026-12-03T12:00:00Z", [:]),
                         ("e3", "conference.scheduled", "2026-12-04T10:00:00Z", ["kind": "icpc", "date": "2026-12-17"])])
        let duties = entries(r, "report-before-conference")
        #expect(duties.map { "\($0.triggeredBy) \($0.status) \($0.satisfiedBy ?? "-")" } == ["e1 met e2", "e3 met e2"])
        #expect(duties[1].dueDate?.description == "2026-12-14")
        #expect(duties[1].because.contains { $0.hasPrefix("scheduled again: replaces the duty of e1") })
        #expect(r.escalations.isEmpty)
        // Brought forward past the answer: done, but late for the new date (not overdue and unanswered).
        let sooner = try run([("e1", "conference.scheduled", "2026-11-20T10:00:00Z", ["kind": "icpc", "date": "2026-12-17"]),
                              ("e2", "report.shared", "2026-12-08T12:00:00Z", [:]),
                              ("e3", "conference.scheduled", "2026-12-08T13:00:00Z", ["kind": "icpc", "date": "2026-12-10"])])
        #expect(entries(sooner, "report-before-conference").map { "\($0.status) \($0.satisfiedBy ?? "-")" } == ["late e2", "met e2"])
        // Once the first date has passed, a new booking is a new thing: the old answer does not count.
        let later = try run([("e1", "conference.scheduled", "2026-11-20T10:00:00Z", ["kind": "icpc", "date": "2026-12-10"]),
                             ("e2", "report.shared", "2026-12-03T12:00:00Z", [:]),
                             ("e3", "conference.scheduled", "2026-12-11T10:00:00Z", ["kind": "icpc", "date": "2027-01-14"])])
        #expect(entries(later, "report-before-conference").map(\.status) == [.met, .overdue])
    }

    @Test func anotherKindOrRefIsAnotherThing() throws {
        let r = try run([("e1", "conference.scheduled", "2026-11-20T10:00:00Z", ["kind": "icpc", "date": "2026-12-10"]),
                         ("e2", "conference.scheduled", "2026-11-21T10:00:00Z", ["kind": "review", "date": "2026-12-17"]),
                         ("e3", "conference.scheduled", "2026-11-22T10:00:00Z", ["kind": "review", "date": "2026-12-18", "ref": "sibling"])],
                        asOf: "2026-11-30T00:00:00Z")
        #expect(entries(r, "report-before-conference").map(\.status) == [.pending, .pending, .pending])
    }

    @Test func onceTheDateHasPassedALaterSchedulingIsANewThing() throws {
        let r = try run([("e1", "conference.scheduled", "2026-11-20T10:00:00Z", ["kind": "icpc", "date": "2026-12-10"]),
                         ("e2", "conference.scheduled", "2026-12-11T10:00:00Z", ["kind": "icpc", "date": "2027-01-14"])])
        #expect(entries(r, "report-before-conference").map(\.status) == [.overdue, .overdue])
    }

    /// The next review booked on the day of this one is another meeting: the report shared for
    /// this one does not answer it (review finding: it was carried over as met).
    @Test func aBookingOnTheDayItselfIsAnotherMeeting() throws {
        let r = try run([("e1", "conference.scheduled", "2026-11-20T10:00:00Z", ["kind": "icpc", "date": "2026-12-10"]),
                         ("e2", "report.shared", "2026-12-03T12:00:00Z", [:]),
                         ("e3", "conference.scheduled", "2026-12-10T16:00:00Z", ["kind": "icpc", "date": "2027-01-14"])],
                        asOf: "2027-02-01T00:00:00Z")
        #expect(entries(r, "report-before-conference").map { "\($0.triggeredBy) \($0.status) \($0.satisfiedBy ?? "-")" } == ["e1 met e2", "e3 overdue -"])
    }

    @Test func scheduledAtShortNoticeIsOverdueAtOnce() throws {
        let r = try run([("e1", "conference.scheduled", "2026-12-09T10:00:00Z", ["kind": "icpc", "date": "2026-12-10"])],
                        asOf: "2026-12-09T10:00:01Z")
        #expect(r.obligations[0].status == .overdue)
        #expect(r.obligations[0].dueDate?.description == "2026-12-07")
    }

    @Test func hoursBeforeATime() throws {
        let r = try run([("e1", "hearing.listed", "2026-11-20T10:00:00Z", ["kind": "final", "date": "2026-12-10", "time": "2026-12-10T10:00:00Z"]),
                         ("e2", "notification.sent", "2026-12-08T10:00:00Z", ["to": "parents"])])
        let o = try #require(entries(r, "notice-before-hearing").first)
        #expect(o.status == .met)
        #expect(o.due == instant("2026-12-08T10:00:00Z") && o.dueDate == nil)
    }

    @Test func aTimeLeftOutMakesTheDutyIndeterminateNamingIt() throws {
        let r = try run([("e1", "hearing.listed", "2026-11-20T10:00:00Z", ["kind": "final", "date": "2026-12-10"])])
        let o = try #require(entries(r, "notice-before-hearing").first)
        #expect(o.status == .indeterminate)
        #expect(o.unknown == ["event.time"])
        #expect(o.due == .noDeadline)
    }
}

/// `within: {at: event.by}`: a deadline the record sets.
@Suite struct DeadlinesAtARecordedDate {
    let p = try! policy("""
    rules:
      - id: filed-by-the-direction
        cite: "5"
        when: {event: direction.made, if: 'event.kind != "statement"'}
        require: {action: report.shared, within: {at: event.by}}
      - id: statement-by-the-hour
        cite: "5.1"
        when: {event: direction.made, if: 'event.kind == "statement"'}
        require: {action: report.shared, within: {at: event.by_time}}
    """)

    @Test func aDateMeansByTheEndOfThatLocalDay() throws {
        let i = try incident([("e1", "direction.made", "2026-06-01T10:00:00Z", ["kind": "assessment", "by": "2026-06-12"]),
                              ("e2", "report.shared", "2026-06-12T22:30:00Z", [:])])  // 23:30 BST on the 12th
        let o = try #require(try bothWays(p, i, asOf: "2026-07-01T00:00:00Z").obligations.first)
        #expect(o.status == .met)
        #expect(o.dueDate?.description == "2026-06-12")
        #expect(o.due == instant("2026-06-12T22:59:59Z"))
    }

    @Test func aTimeMeansThatInstant() throws {
        let i = try incident([("e1", "direction.made", "2026-06-01T10:00:00Z", ["kind": "statement", "by": "2026-06-12", "by_time": "2026-06-12T15:00:00Z"]),
                              ("e2", "report.shared", "2026-06-12T15:00:01Z", [:])])
        let o = try #require(try bothWays(p, i, asOf: "2026-07-01T00:00:00Z").obligations.first)
        #expect(o.status == .late)
        #expect(o.due == instant("2026-06-12T15:00:00Z"))
    }

    @Test func aMissingTimeIsIndeterminateUntilTheDirectionIsMadeAgainWithIt() throws {
        let first = ("e1", "direction.made", "2026-06-01T10:00:00Z", ["kind": "statement", "by": "2026-06-12"] as [String: Any])
        let r1 = try bothWays(p, try incident([first]), asOf: "2026-07-01T00:00:00Z")
        #expect(r1.obligations.map(\.status) == [.indeterminate])
        #expect(r1.obligations[0].unknown == ["event.by_time"])
        #expect(r1.obligations[0].because.contains("turns on event.by_time, which the record does not give"))
        let r2 = try bothWays(p, try incident([first, ("e2", "direction.made", "2026-06-02T10:00:00Z",
                                                       ["kind": "statement", "by": "2026-06-12", "by_time": "2026-06-12T15:00:00Z"])]),
                              asOf: "2026-07-01T00:00:00Z")
        #expect(r2.obligations.map(\.status) == [.overdue, .cancelled])
        #expect(r2.obligations.first { $0.status == .cancelled }?.cancelledBy == "e2")
    }
}

@Suite struct RecordDeadlineCompilation {
    @Test func everyMistakeHasItsPlaceAndASuggestion() {
        let (_, d, _) = compile("""
        rules:
          - id: a
            cite: "1"
            when: {event: conference.scheduled}
            require: {action: report.shared, within: {before: event.dat, by: 3wd}}
          - id: b
            cite: "2"
            when: {event: conference.scheduled}
            require: {action: report.shared, within: {before: event.kind, by: 3wd}}
          - id: c
            cite: "3"
            when: {event: conference.scheduled}
            require: {action: report.shared, within: {before: event.date, by: 48h}}
          - id: d
            cite: "4"
            when: {event: conference.scheduled}
            require: {action: report.shared, within: {before: event.date}}
          - id: e
            cite: "5"
            when: {event: direction.made}
            require: {action: report.shared, within: {at: event.by, by: 2d}}
          - id: f
            cite: "6"
            when: {open: missing, for: 24h}
            require: {action: report.shared, within: {at: event.by}}
          - id: g
            cite: "7"
            when: {event: conference.scheduled}
            require: {action: report.shared, within: {befor: event.date, by: 3wd}}
          - id: h
            cite: "8"
            when: {event: conference.scheduled}
            require: {action: report.shared, within: {before: event.date, by: immediately}}
          - id: i
            cite: "9"
            when: {event: conference.scheduled}
            require: {action: report.shared, within: {at: date}}
          - id: j
            cite: "10"
            when: {event: conference.scheduled}
            require: {action: report.shared, within: {at: event.date}, repeat: {every: 4w, until: [cp_plan.ended]}}
        """)
        #expect(d.items.map(\.id) == ["missing-key", "by-without-before", "unknown-key", "unit-misplaced", "record-deadline-with-repeat",
                                      "unknown-field", "expected-date-field", "unit-misplaced", "expression.no-event", "expected-field"])
        func at(_ id: String, _ k: Int = 0) -> Diagnostic { d.items.filter { $0.id == id }[k] }
        #expect(at("unknown-field").location?.line == 12 && at("unknown-field").location?.column == 55)
        #expect(at("unknown-field").suggestion == "event.date")
        #expect(at("expected-date-field").message == "'event.kind' is a icpc|review|core_group|cin_review|lac_review|strategy|pre_proceedings|other value, not a date or time")
        #expect(at("unknown-key").suggestion == "before")
        #expect(at("unit-misplaced", 1).location?.line == 20)
        #expect(at("expected-field").suggestion == "event.date")
        #expect(at("expression.no-event").message.contains("an episode threshold fires on a clock"))
    }

    @Test func everyExistingPolicyStillValidates() {
        let library = PolicyLibrary.load([policiesDir])
        #expect(!library.diagnostics.hasErrors)
        #expect(library.policies.count >= 5)
    }
}

/// A deadline read from the record on a rule fired by several event types: the field is looked
/// up in each type's own data, and a type without it gives an indeterminate duty naming it.
@Suite struct RecordDeadlinesPerEventType {
    let p = try! policy("""
    rules:
      - id: assessment-by-its-date
        cite: "5.1"
        when: {event: [assessment.started, assessment.reviewed, assessment.completed]}
        require: {action: report.shared, within: {at: event.complete_by}}
      - id: notice-before
        cite: "5.2"
        when: {event: [assessment.reviewed, conference.scheduled]}
        require: {action: notification.sent, within: {before: event.complete_by, by: 2wd}}
    """)

    @Test func theFieldIsReadWhereEachTypeHasIt() throws {
        // complete_by is the 3rd field of assessment.started and the 2nd of assessment.reviewed.
        let r = try bothWays(p, try incident([
            ("s", "assessment.started", "2026-11-02T10:00:00Z", ["kind": "s47", "complete_by": "2026-11-20"]),
            ("v", "assessment.reviewed", "2026-11-10T10:00:00Z", ["complete_by": "2026-11-27"]),
            ("c", "assessment.completed", "2026-11-12T10:00:00Z", [:]),
        ]), asOf: "2026-12-20T00:00:00Z")
        let due = entries(r, "assessment-by-its-date")
        #expect(due.map(\.triggeredBy) == ["s", "v", "c"])
        #expect(due[0].dueDate?.description == "2026-11-20")
        #expect(due[1].dueDate?.description == "2026-11-27")
        // A type without the field: indeterminate, naming it, never an all-clear.
        #expect(due[2].status == .indeterminate)
        #expect(due[2].because.contains { $0.contains("event.complete_by") }, "\(due[2].because)")
        let notice = entries(r, "notice-before")
        #expect(notice.first?.dueDate?.description == "2026-11-25")
    }

    @Test func aTypeWithoutTheFieldIsWarnedOfUnlessItsCaseIsConditional() throws {
        let (_, d, _) = compile("""
        rules:
          - id: r
            cite: "1"
            when: {event: [assessment.started, assessment.completed]}
            require: {action: report.shared, within: {at: event.complete_by}}
          - id: s
            cite: "2"
            when: {event: [assessment.started, assessment.completed]}
            require:
              action: report.shared
              within:
                - {if: 'event.type == "assessment.started"', within: {at: event.complete_by}}
                - {within: 20wd}
        """)
        let warnings = d.items.filter { $0.id == "field-not-on-every-type" }
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.hasPrefix("'assessment.completed' has no field 'complete_by': its duty has no date and is indeterminate") == true,
                "\(warnings.map(\.message))")
        #expect(!d.hasErrors, "\(d.items.map(\.message))")
    }

    @Test func aFieldNoFiringTypeHasIsAnError() throws {
        let (_, d, _) = compile("""
        rules:
          - id: r
            cite: "1"
            when: {event: [assessment.started, assessment.completed]}
            require: {action: report.shared, within: {at: event.complete_bye}}
          - id: s
            cite: "2"
            when: {event: [assessment.started, conference.scheduled]}
            require: {action: report.shared, within: {at: event.kind}}
        """)
        let errors = d.items.filter { $0.severity == .error }
        #expect(errors.map(\.id) == ["unknown-field", "expected-date-field"], "\(errors.map(\.message))")
        #expect(errors.first?.suggestion == "event.complete_by")
    }
}
