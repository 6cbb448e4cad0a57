import Foundation
import Testing
@testable import PolicyEval

private func only(_ r: Report, _ rule: String) throws -> Report.Obligation {
    let matches = r.obligations.filter { $0.rule == rule }
    guard matches.count == 1 else { throw TestFailure("expected one '\(rule)', got \(matches.count): \(r.obligations.map(\.rule))") }
    return matches[0]
}

@Suite struct EventTriggers {
    let p = try! policy("""
    rules:
      - id: rhi
        cite: "12.1"
        when: {event: missing.found}
        require: {action: rhi.completed, responsible: social_worker, within: 72h, unless: [rhi.declined]}
    """)

    func run(_ extra: [(String, String, String, [String: Any])], asOf: String = "2026-03-25T00:00:00Z") throws -> Report.Obligation {
        let i = try incident([("e1", "missing.reported", "2026-03-14T22:10:00Z", ["risk": "low"]),
                              ("e2", "missing.found", "2026-03-15T09:30:00Z", [:])] + extra)
        return try only(try evaluate(p, i, asOf: asOf), "rhi")
    }

    @Test func metAtTheDueInstant() throws {
        let o = try run([("e3", "rhi.completed", "2026-03-18T09:30:00Z", [:])])
        #expect(o.status == .met)
        #expect(o.due == instant("2026-03-18T09:30:00Z"))
        #expect(o.dueDate == nil)
        #expect(o.satisfiedBy == "e3")
        #expect(o.triggeredBy == "e2")
        #expect(o.responsible == "social_worker")
    }

    @Test func lateOneSecondAfter() throws {
        #expect(try run([("e3", "rhi.completed", "2026-03-18T09:30:01Z", [:])]).status == .late)
    }

    @Test func overdueAndPendingDependOnAsOf() throws {
        #expect(try run([], asOf: "2026-03-18T09:30:00Z").status == .pending)
        #expect(try run([], asOf: "2026-03-18T09:30:01Z").status == .overdue)
    }

    @Test func cancelledBeforeTheDeadlineOnly() throws {
        #expect(try run([("e3", "rhi.declined", "2026-03-16T10:00:00Z", [:])]).status == .cancelled)
        // A breach that has already happened stays a breach.
        #expect(try run([("e3", "rhi.declined", "2026-03-19T10:00:00Z", [:])]).status == .overdue)
    }

    @Test func aDischargeBeforeTheTriggerDoesNotCount() throws {
        let i = try incident([("e0", "rhi.completed", "2026-03-10T10:00:00Z", [:]),
                              ("e1", "missing.reported", "2026-03-14T22:10:00Z", ["risk": "low"]),
                              ("e2", "missing.found", "2026-03-15T09:30:00Z", [:])])
        let r = try evaluate(p, i, asOf: "2026-03-25T00:00:00Z")
        #expect(try only(r, "rhi").status == .overdue)
    }

    @Test func aFoundWithNoOpenEpisodeIsLeftOutWithAWarning() throws {
        let i = try incident([("e2", "missing.found", "2026-03-15T09:30:00Z", [:])])
        let r = try evaluate(p, i, asOf: "2026-03-25T00:00:00Z")
        #expect(r.obligations.isEmpty)
        #expect(r.diagnostics.contains { $0.event == "e2" && $0.message.contains("no missing episode is open") })
    }
}

@Suite struct SeveralThresholdsOfOneKind {
    // Listed out of crossing order, one false when crossed, two crossed at the same instant:
    // each fires at its own crossing, and the same-instant pair in the order the rules are listed.
    let p = try! policy("""
    rules:
      - id: at-48h
        cite: "1"
        when: {open: missing, for: 48h}
        notify: [police]
      - id: at-24h-if-high
        cite: "2"
        when: {open: missing, for: 24h, if: 'episode.risk == "high"'}
        notify: [police]
      - id: at-24h
        cite: "3"
        when: {open: missing, for: 24h}
        notify: [police]
      - id: also-at-24h
        cite: "4"
        when: {open: missing, for: 1d}
        notify: [police]
      - id: at-3wd
        cite: "5"
        when: {open: missing, for: 3wd}
        notify: [police]
    """)

    @Test func eachFiresAtItsCrossing() throws {
        let i = try incident([("e1", "missing.reported", "2026-03-16T10:00:00Z", ["risk": "low"]),
                              ("e2", "missing.found", "2026-03-21T10:00:00Z", [:])])
        let r = try evaluate(p, i, asOf: "2026-03-25T00:00:00Z")
        #expect(r.escalations.map { "\($0.rule) \($0.at)" } == [
            "also-at-24h 2026-03-17T10:00:00Z", "at-24h 2026-03-17T10:00:00Z", "at-48h 2026-03-18T10:00:00Z", "at-3wd 2026-03-20T00:00:00Z"])
    }

    @Test func noneAfterTheEpisodeEnds() throws {
        let i = try incident([("e1", "missing.reported", "2026-03-16T10:00:00Z", ["risk": "high"]),
                              ("e2", "missing.found", "2026-03-17T12:00:00Z", [:])])
        let r = try evaluate(p, i, asOf: "2026-03-25T00:00:00Z")
        #expect(r.escalations.map(\.rule) == ["also-at-24h", "at-24h", "at-24h-if-high"])
    }
}

@Suite struct Thresholds {
    let p = try! policy("""
    rules:
      - id: ntk
        cite: "7.2"
        when: {open: missing, for: 24h, if: 'episode.risk == "medium"'}
        require: {action: need_to_know.sent, within: immediately, unless: [missing.found]}
    """)

    @Test func firesAtStartPlusThresholdFromLastSeen() throws {
        let i = try incident([("e1", "missing.reported", "2026-03-14T22:10:00Z", ["risk": "medium", "last_seen": "2026-03-14T20:40:00Z"])])
        let o = try only(try evaluate(p, i, asOf: "2026-03-20T00:00:00Z"), "ntk")
        #expect(o.triggeredAt == instant("2026-03-15T20:40:00Z"))
        #expect(o.triggeredBy == "e1")
        #expect(o.due == instant("2026-03-15T21:40:00Z"))
        #expect(o.immediately)
        #expect(o.status == .overdue)
        #expect(o.because.first == "missing for 24h since Sat 14 Mar 2026 20:40 GMT (e1), still missing at Sun 15 Mar 2026 20:40 GMT")
    }

    @Test func crossedBeforeTheReport_firesAtTheReport() throws {
        // Last seen 30 hours before the report: the 24-hour duty cannot be due before the report existed.
        let i = try incident([("e1", "missing.reported", "2026-03-16T04:40:00Z", ["risk": "medium", "last_seen": "2026-03-14T22:40:00Z"])])
        let o = try only(try evaluate(p, i, asOf: "2026-03-16T05:00:00Z"), "ntk")
        #expect(o.triggeredAt == instant("2026-03-16T04:40:00Z"))
        #expect(o.due == instant("2026-03-16T05:40:00Z"))
        #expect(o.status == .pending)
        #expect(o.because.first == "missing for 24h since Sat 14 Mar 2026 22:40 GMT (e1), still missing at Mon 16 Mar 2026 04:40 GMT")
    }

    @Test func neverFiresIfFoundFirst_evenAtExactlyTheThreshold() throws {
        let i = try incident([("e1", "missing.reported", "2026-03-14T20:40:00Z", ["risk": "medium"]),
                              ("e2", "missing.found", "2026-03-15T20:40:00Z", [:])])
        #expect(try evaluate(p, i, asOf: "2026-03-20T00:00:00Z").obligations.isEmpty)
    }

    @Test func conditionIsReadWhenTheThresholdIsCrossed() throws {
        let i = try incident([("e1", "missing.reported", "2026-03-14T20:40:00Z", ["risk": "low"]),
                              ("e2", "missing.risk_changed", "2026-03-15T08:00:00Z", ["risk": "medium"])])
        #expect(try evaluate(p, i, asOf: "2026-03-20T00:00:00Z").obligations.count == 1)
        let j = try incident([("e1", "missing.reported", "2026-03-14T20:40:00Z", ["risk": "medium"]),
                              ("e2", "missing.risk_changed", "2026-03-15T08:00:00Z", ["risk": "low"])])
        #expect(try evaluate(p, j, asOf: "2026-03-20T00:00:00Z").obligations.isEmpty)
    }

    @Test func notYetCrossedAtAsOf() throws {
        let i = try incident([("e1", "missing.reported", "2026-03-14T20:40:00Z", ["risk": "medium"])])
        #expect(try evaluate(p, i, asOf: "2026-03-15T20:40:00Z").obligations.isEmpty)
        #expect(try evaluate(p, i, asOf: "2026-03-15T20:40:01Z").obligations.count == 1)
    }

    @Test func cancelledWhenFoundBeforeTheDeadline() throws {
        let i = try incident([("e1", "missing.reported", "2026-03-14T20:40:00Z", ["risk": "medium"]),
                              ("e2", "missing.found", "2026-03-15T21:00:00Z", [:])])
        let o = try only(try evaluate(p, i, asOf: "2026-03-20T00:00:00Z"), "ntk")
        #expect(o.status == .cancelled)
        #expect(o.cancelledBy == "e2")
    }
}

@Suite struct DateDeadlinesAndWindows {
    let p = try! policy("""
    rules:
      - id: icpc
        cite: "5.1"
        when: {event: strategy_discussion.held}
        require: {action: icpc.held, within: 15wd}
      - id: visit-window
        cite: "6"
        when: {event: cp_plan.started}
        require: {action: visit.completed, not_before: 12d, within: 18d}
    """)

    @Test func workingDaysAcrossChristmas() throws {
        let i = try incident([("e1", "strategy_discussion.held", "2026-12-16T10:00:00Z", [:])])
        let o = try only(try evaluate(p, i, asOf: "2027-01-11T23:59:59Z"), "icpc")
        #expect(o.dueDate == LocalDate("2027-01-11"))
        #expect(o.due == instant("2027-01-11T23:59:59Z"))
        #expect(o.status == .pending)
        #expect(try only(try evaluate(p, i, asOf: "2027-01-12T00:00:00Z"), "icpc").status == .overdue)
    }

    @Test func dateDeadlineMetOnTheLocalDateInSummerTime() throws {
        let i = try incident([("e1", "strategy_discussion.held", "2026-06-01T10:00:00Z", [:]),
                              ("e2", "icpc.held", "2026-06-22T22:30:00Z", ["plan": true])])  // 23:30 BST on the due date
        let o = try only(try evaluate(p, i, asOf: "2026-07-01T00:00:00Z"), "icpc")
        #expect(o.dueDate == LocalDate("2026-06-22"))
        #expect(o.status == .met)
        let late = try incident([("e1", "strategy_discussion.held", "2026-06-01T10:00:00Z", [:]),
                                 ("e2", "icpc.held", "2026-06-22T23:00:00Z", ["plan": true])])  // 00:00 BST the next day
        #expect(try only(try evaluate(p, late, asOf: "2026-07-01T00:00:00Z"), "icpc").status == .late)
    }

    @Test func earlyBeforeTheWindowOpens() throws {
        let i = try incident([("e1", "cp_plan.started", "2026-03-02T10:00:00Z", [:]),
                              ("e2", "visit.completed", "2026-03-10T10:00:00Z", [:])])
        let o = try only(try evaluate(p, i, asOf: "2026-04-01T00:00:00Z"), "visit-window")
        #expect(o.status == .early)
        #expect(o.windowOpens == instant("2026-03-14T00:00:00Z"))
        let ok = try incident([("e1", "cp_plan.started", "2026-03-02T10:00:00Z", [:]),
                               ("e2", "visit.completed", "2026-03-15T10:00:00Z", [:])])
        #expect(try only(try evaluate(p, ok, asOf: "2026-04-01T00:00:00Z"), "visit-window").status == .met)
    }
}

@Suite struct Recurrences {
    let p = try! policy("""
    rules:
      - id: visits
        cite: "9"
        when: {event: cp_plan.started}
        require:
          action: visit.completed
          within: 10wd
          repeat: {every: 20wd, until: [cp_plan.ended]}
      - id: reviews
        cite: "10"
        when: {event: absence.started}
        require:
          action: absence.reviewed
          within: 6h
          repeat: {every: 6h, until: [absence.ended], at: ["23:00", "08:00"]}
    """)

    @Test func nextIsCountedFromTheDischarge_andClosedByTheClosingEvent() throws {
        let i = try incident([("e1", "cp_plan.started", "2026-03-02T10:00:00Z", [:]),
                              ("v1", "visit.completed", "2026-03-20T10:00:00Z", [:]),   // late: due 16 Mar
                              ("v2", "visit.completed", "2026-04-10T10:00:00Z", [:]),
                              ("e9", "cp_plan.ended", "2026-04-20T10:00:00Z", [:])])
        let r = try evaluate(p, i, asOf: "2026-06-01T00:00:00Z")
        let visits = r.obligations.filter { $0.rule == "visits" }
        #expect(visits.map(\.status) == [.late, .met, .cancelled])
        #expect(visits.map(\.dueDate) == [LocalDate("2026-03-16"), LocalDate("2026-04-21"), LocalDate("2026-05-11")])
        #expect(visits.map(\.occurrence) == [1, 2, 3])
        #expect(visits[1].triggeredBy == "v1")
    }

    @Test func checkpointsComeFirstWhenSooner() throws {
        let i = try incident([("a1", "absence.started", "2026-03-14T20:00:00Z", ["whereabouts_known": false]),
                              ("r1", "absence.reviewed", "2026-03-14T22:30:00Z", [:])])
        let r = try evaluate(p, i, asOf: "2026-03-14T23:30:00Z")
        let reviews = r.obligations.filter { $0.rule == "reviews" }
        #expect(reviews.map(\.due) == [instant("2026-03-14T23:00:00Z"), instant("2026-03-14T23:00:00Z")])
        #expect(reviews.map(\.status) == [.met, .overdue])
        // The words say why each is due at the check time rather than 6h on.
        #expect(reviews[0].because.last == "due at the set check time, Sat 14 Mar 2026 23:00 GMT, sooner than 6h from Sat 14 Mar 2026 20:00 GMT")
        #expect(reviews[1].because == ["occurrence 2: due at the set check time, Sat 14 Mar 2026 23:00 GMT, sooner than 6h after the previous one was done (r1)"])
    }
}

@Suite struct Escalations {
    let p = try! policy("""
    rules:
      - id: strategy
        cite: "8"
        when: {event: missing.reported, if: 'event.risk == "high"'}
        require: {action: strategy_discussion.held, within: 8h}
        notify:
          in_hours: [mash]
          out_of_hours: [edt]
        escalate:
          - notify: [service_manager]
          - after: 24h
            notify: [head_of_service]
      - id: strategy-overdue-review
        cite: "8.2"
        when: {overdue: strategy}
        require: {action: risk_meeting.held, within: 2wd}
    """)

    @Test func chainOnOverdue() throws {
        // Saturday 22:10: out of hours.
        let i = try incident([("e1", "missing.reported", "2026-03-14T22:10:00Z", ["risk": "high"])])
        let r = try evaluate(p, i, asOf: "2026-03-17T00:00:00Z")
        #expect(r.escalations.map(\.notify) == [["edt"], ["service_manager"], ["head_of_service"]])
        #expect(r.escalations.map(\.at) == [instant("2026-03-14T22:10:00Z"), instant("2026-03-15T06:10:00Z"), instant("2026-03-16T06:10:00Z")])
        let chained = try only(r, "strategy-overdue-review")
        #expect(chained.triggeredAt == instant("2026-03-15T06:10:00Z"))
        #expect(chained.triggeredBy == "e1")
        #expect(chained.dueDate == LocalDate("2026-03-17"))
    }

    @Test func routedInHoursAndStoppedByALateDischarge() throws {
        let i = try incident([("e1", "missing.reported", "2026-03-16T10:00:00Z", ["risk": "high"]),
                              ("e2", "strategy_discussion.held", "2026-03-16T20:00:00Z", [:])])
        let r = try evaluate(p, i, asOf: "2026-03-20T00:00:00Z")
        #expect(try only(r, "strategy").status == .late)
        #expect(r.escalations.map(\.notify) == [["mash"], ["service_manager"]])
    }

    @Test func conditionFalseMeansNothing() throws {
        let i = try incident([("e1", "missing.reported", "2026-03-16T10:00:00Z", ["risk": "low"])])
        let r = try evaluate(p, i, asOf: "2026-03-20T00:00:00Z")
        #expect(r.obligations.isEmpty && r.escalations.isEmpty)
    }
}

@Suite struct ConditionsOverTheRecord {
    let p = try! policy("""
    rules:
      - id: rhi
        cite: "12.1"
        when:
          event: missing.found
          if: >
            episode.overnight or episode.duration > 9h
            or count(missing.reported, within: 28d) >= 2
            or event.harmed or facts.exploitation_risk
        require: {action: rhi.completed, within: 72h}
      - id: deadline-by-risk
        cite: "7"
        when: {event: missing.reported}
        require:
          action: strategy_discussion.held
          within:
            - {if: 'event.risk == "high"', within: immediately}
            - {if: 'event.risk == "medium"', within: 24h}
            - {within: 3d}
      - id: older-children
        cite: "11"
        when: {event: cp_plan.started, if: 'age >= 16 or facts.cp_plan'}
        notify: [iro]
    """)

    @Test func shortDaytimeEpisodeWithUnknownFactIsIndeterminate() throws {
        let i = try incident([("e1", "missing.reported", "2026-03-16T10:00:00Z", ["risk": "low"]),
                              ("e2", "missing.found", "2026-03-16T12:00:00Z", [:])])
        let o = try only(try evaluate(p, i, asOf: "2026-03-25T00:00:00Z"), "rhi")
        #expect(o.status == .indeterminate)
        #expect(o.unknown == ["facts.exploitation_risk"])
        #expect(o.because.last?.contains("which the record does not say") == true)
    }

    @Test func aNotificationTurningOnAnUnknownFactIsReportedNotDropped() throws {
        let p = try policy("""
        rules:
          - id: tell-chair
            cite: "7.2"
            when: {event: missing.reported, if: facts.cp_plan}
            notify: [cp_chair]
        """)
        let unknown = try evaluate(p, try incident([("e1", "missing.reported", "2026-03-16T10:00:00Z", ["risk": "low"])]),
                                   asOf: "2026-03-17T00:00:00Z")
        #expect(unknown.escalations.isEmpty)
        let n = try #require(unknown.indeterminateNotifications.first)
        #expect(n.rule == "tell-chair" && n.notify == ["cp_chair"] && n.unknown == ["facts.cp_plan"])
        #expect(n.because.last?.contains("facts.cp_plan") == true)
        #expect(ReportText.render(unknown).contains("INDETERMINATE NOTIFICATIONS"))
        #expect(ReportJSON.render(unknown).contains("\"indeterminate_notifications\": 1"))

        let known = try evaluate(p, try incident([("e1", "missing.reported", "2026-03-16T10:00:00Z", ["risk": "low"])],
                                                 facts: ["cp_plan": true]), asOf: "2026-03-17T00:00:00Z")
        #expect(known.escalations.count == 1 && known.indeterminateNotifications.isEmpty)
    }

    @Test func knownFalseFactMeansNoDuty() throws {
        let i = try incident([("e1", "missing.reported", "2026-03-16T10:00:00Z", ["risk": "low"]),
                              ("e2", "missing.found", "2026-03-16T12:00:00Z", [:])], facts: ["exploitation_risk": false])
        #expect(try evaluate(p, i, asOf: "2026-03-25T00:00:00Z").obligations.filter { $0.rule == "rhi" }.isEmpty)
    }

    @Test func countsEpisodesInTheWindow() throws {
        let i = try incident([("e1", "missing.reported", "2026-02-01T10:00:00Z", ["risk": "low"]),
                              ("e2", "missing.found", "2026-02-01T11:00:00Z", [:]),
                              ("e3", "missing.reported", "2026-02-20T10:00:00Z", ["risk": "low"]),
                              ("e4", "missing.found", "2026-02-20T11:00:00Z", [:])], facts: ["exploitation_risk": false])
        let r = try evaluate(p, i, asOf: "2026-03-25T00:00:00Z")
        let rhis = r.obligations.filter { $0.rule == "rhi" }
        #expect(rhis.count == 1)
        #expect(rhis.first?.triggeredBy == "e4")
        #expect(rhis.first?.because.contains("2 missing.reported in the 28 days to Fri 20 Feb 2026 11:00 GMT (at least 2)") == true)
    }

    @Test func episodesInTheWindowCountUpToTheEpisodeInScope() throws {
        // At the second find, the first episode began 28 days and 30 minutes earlier, but
        // only 27 days before the second episode began: the window ends at that start.
        let p = try policy("""
        rules:
          - id: repeat-rhi
            cite: "12.1"
            when: {event: missing.found, if: 'episodes(missing, within: 28d) >= 2'}
            require: {action: rhi.completed, within: 72h}
        """)
        let i = try incident([("e1", "missing.reported", "2026-02-01T10:00:00Z", ["risk": "low"]),
                              ("e2", "missing.found", "2026-02-01T11:00:00Z", [:]),
                              ("e3", "missing.reported", "2026-02-28T10:00:00Z", ["risk": "low"]),
                              ("e4", "missing.found", "2026-03-01T10:30:00Z", [:])])
        let o = try only(try evaluate(p, i, asOf: "2026-03-10T00:00:00Z"), "repeat-rhi")
        #expect(o.triggeredBy == "e4")
        #expect(o.because.contains("2 missing episodes in the 28 days to Sat 28 Feb 2026 10:00 GMT (at least 2)"))
    }

    @Test func overnightAndDuration() throws {
        let i = try incident([("e1", "missing.reported", "2026-03-14T22:10:00Z", ["risk": "low", "last_seen": "2026-03-14T20:40:00Z"]),
                              ("e2", "missing.found", "2026-03-15T09:30:00Z", [:])], facts: ["exploitation_risk": false])
        let o = try only(try evaluate(p, i, asOf: "2026-03-16T00:00:00Z"), "rhi")
        #expect(o.because.contains("episode ran overnight"))
        #expect(o.because.contains("episode lasted 12h 50m, over 9h"))
        #expect(o.status == .pending)
    }

    @Test func deadlineCasesByRisk() throws {
        let i = try incident([("h", "missing.reported", "2026-03-16T10:00:00Z", ["risk": "high"])])
        #expect(try only(try evaluate(p, i, asOf: "2026-03-16T10:00:00Z"), "deadline-by-risk").due == instant("2026-03-16T11:00:00Z"))
        let m = try incident([("m", "missing.reported", "2026-03-16T10:00:00Z", ["risk": "medium"])])
        #expect(try only(try evaluate(p, m, asOf: "2026-03-16T10:00:00Z"), "deadline-by-risk").due == instant("2026-03-17T10:00:00Z"))
        let l = try incident([("l", "missing.reported", "2026-03-16T10:00:00Z", ["risk": "low"])])
        #expect(try only(try evaluate(p, l, asOf: "2026-03-16T10:00:00Z"), "deadline-by-risk").dueDate == LocalDate("2026-03-19"))
    }

    @Test func ageAndFactsAtTheInstant() throws {
        // Born 2010-05-17: 15 until 17 May 2026. cp_plan.started sets cp_plan, so the rule sees it true.
        let i = try incident([("e1", "cp_plan.started", "2026-03-16T10:00:00Z", [:])], facts: ["cp_plan": false])
        let r = try evaluate(p, i, asOf: "2026-03-20T00:00:00Z")
        #expect(r.escalations.first?.because.contains("subject to a child protection plan (facts.cp_plan)") == true)
        let noBirth = try incident([("e1", "cp_plan.started", "2026-03-16T10:00:00Z", [:])], born: nil)
        #expect(try evaluate(p, noBirth, asOf: "2026-03-20T00:00:00Z").escalations.count == 1)
    }
}

@Suite struct RecordContradictions {
    let p = try! policy("""
    rules:
      - id: strategy
        cite: "8"
        when: {event: missing.reported}
        require: {action: strategy_discussion.held, within: 8h}
    """)

    @Test func secondReportWhileOpenIsAWarningAndOpensNothing() throws {
        let i = try incident([("e1", "missing.reported", "2026-03-16T10:00:00Z", ["risk": "low"]),
                              ("e2", "missing.reported", "2026-03-16T12:00:00Z", ["risk": "low"])])
        let r = try evaluate(p, i, asOf: "2026-03-16T13:00:00Z")
        #expect(r.obligations.count == 1)
        #expect(r.diagnostics.first?.event == "e2")
        #expect(r.diagnostics.first?.message.contains("read as a repeat of that report") == true)
    }

    @Test func aRepeatedOpeningStillSetsItsFacts() throws {
        // A carer re-records an open absence, now at significant risk: no new episode and no
        // rule on the event, but what it says of the child counts (Sutton 11).
        let q = try policy("""
        rules:
          - id: at-risk-tell-police
            cite: "11"
            when: {fact: absent_at_significant_risk, becomes: true}
            require: {action: notification.sent, only_if: 'event.to == "police"', within: 1h}
          - id: on-each-start
            cite: "11"
            when: {event: absence.started}
            require: {action: absence.reviewed, within: 6h}
        """)
        let i = try incident([("a1", "absence.started", "2026-04-10T18:00:00Z", ["whereabouts_known": true, "significant_risk": false]),
                              ("a2", "absence.started", "2026-04-11T09:00:00Z", ["whereabouts_known": false, "significant_risk": true])])
        let r = try evaluate(q, i, asOf: "2026-04-11T09:30:00Z")
        #expect(r.obligations.map { "\($0.rule) \($0.triggeredBy)" } == ["on-each-start a1", "at-risk-tell-police a2"])
        #expect(r.diagnostics.first?.message.contains("read as a repeat of that report") == true)
    }

    @Test func aClosingEventWithNoOpenEpisodeStillSetsItsFacts() throws {
        // The record starts mid-absence (its state in the subject's facts); the return comes
        // with no absence open. It must still reset the facts, or the next absence at risk is
        // missed (Sutton 11).
        let q = try policy("""
        rules:
          - id: at-risk-tell-police
            cite: "11"
            when: {fact: absent_at_significant_risk, becomes: true}
            require: {action: notification.sent, only_if: 'event.to == "police"', within: 1h}
        """)
        let i = try incident([("x1", "absence.ended", "2026-06-01T10:20:00Z", [:]),
                              ("a2", "absence.started", "2026-06-03T20:00:00Z", ["whereabouts_known": false, "significant_risk": true])],
                             facts: ["absent_at_significant_risk": true, "whereabouts_known": false])
        let r = try evaluate(q, i, asOf: "2026-06-05T09:00:00Z")
        #expect(r.obligations.map { "\($0.rule) \($0.triggeredBy) \($0.status)" } == ["at-risk-tell-police a2 overdue"])
        #expect(r.diagnostics.first { $0.event == "x1" }?.message.contains("the facts it sets apply") == true)
    }

    static let onRiskChanges = try! policy("""
    rules:
      - id: high-risk-strategy
        cite: "7.1"
        when: {event: [missing.reported, missing.risk_changed], if: 'episode.risk == "high"'}
        require: {action: strategy_discussion.held, within: 1h}
      - id: told-of-report
        cite: "7"
        when: {event: missing.reported}
        notify: [team_manager]
    """)

    @Test func aSecondReportWithAHigherRiskIsAChangeOfRisk() throws {
        let i = try incident([("e1", "missing.reported", "2026-03-16T10:00:00Z", ["risk": "medium"]),
                              ("e2", "missing.reported", "2026-03-16T14:00:00Z", ["risk": "high"])])
        let r = try evaluate(Self.onRiskChanges, i, asOf: "2026-03-16T16:00:00Z")
        let o = try only(r, "high-risk-strategy")
        #expect(o.triggeredBy == "e2")
        #expect(o.due == instant("2026-03-16T15:00:00Z"))
        #expect(o.status == .overdue)
        #expect(r.escalations.filter { $0.rule == "told-of-report" }.count == 1)  // the report is not repeated
        #expect(r.diagnostics.first?.message.contains("read as a change of its risk to high") == true)
    }

    @Test func aRiskChangeToTheSameRiskChangesNothing() throws {
        let i = try incident([("e1", "missing.reported", "2026-03-16T10:00:00Z", ["risk": "high"]),
                              ("e2", "strategy_discussion.held", "2026-03-16T10:30:00Z", [:]),
                              ("e3", "missing.risk_changed", "2026-03-16T12:00:00Z", ["risk": "high"])])
        let r = try evaluate(Self.onRiskChanges, i, asOf: "2026-03-16T16:00:00Z")
        #expect(try only(r, "high-risk-strategy").status == .met)
        #expect(r.diagnostics.map(\.event) == ["e3"])
    }

    @Test func eventsAfterAsOfAreLeftOutWithAWarning() throws {
        let i = try incident([("e1", "missing.reported", "2026-03-16T10:00:00Z", ["risk": "low"]),
                              ("e2", "strategy_discussion.held", "2026-03-16T12:00:00Z", [:])])
        let r = try evaluate(p, i, asOf: "2026-03-16T11:00:00Z")
        #expect(r.obligations.first?.status == .pending)
        #expect(r.diagnostics.contains { $0.event == "e2" && $0.message.contains("after the evaluation instant") })
    }

    @Test func aDateOutsideTheCalendarStopsEvaluation() throws {
        let q = try policy("""
        rules:
          - id: far
            cite: "1"
            when: {event: strategy_discussion.held}
            require: {action: icpc.held, within: 15wd}
        """)
        let i = try incident([("e1", "strategy_discussion.held", "2030-12-20T10:00:00Z", [:])])
        #expect(throws: EvaluationError.self) { try evaluate(q, i, asOf: "2031-02-01T00:00:00Z") }
    }
}

@Suite struct ConditionalCancellation {
    let p = try! policy("""
    rules:
      - id: icpc
        cite: "5"
        when: {event: strategy_discussion.held}
        require:
          action: icpc.held
          within: 15wd
          unless: [{event: assessment.completed, if: 'event.outcome != "cp"'}, referral.decided]
    """)

    @Test func cancelledOnlyWhenTheCancellingEventSaysSo() throws {
        let nfa = try incident([("s", "strategy_discussion.held", "2026-03-02T10:00:00Z", [:]),
                                ("a", "assessment.completed", "2026-03-05T10:00:00Z", ["outcome": "no_further_action"])])
        #expect(try evaluate(p, nfa, asOf: "2026-04-01T00:00:00Z").obligations.first?.status == .cancelled)
        let cp = try incident([("s", "strategy_discussion.held", "2026-03-02T10:00:00Z", [:]),
                               ("a", "assessment.completed", "2026-03-05T10:00:00Z", ["outcome": "cp"])])
        #expect(try evaluate(p, cp, asOf: "2026-04-01T00:00:00Z").obligations.first?.status == .overdue)
        let plain = try incident([("s", "strategy_discussion.held", "2026-03-02T10:00:00Z", [:]),
                                  ("d", "referral.decided", "2026-03-05T10:00:00Z", [:])])
        #expect(try evaluate(p, plain, asOf: "2026-04-01T00:00:00Z").obligations.first?.status == .cancelled)
    }
}

@Suite struct FactTriggers {
    static let p = try! policy("""
    rules:
      - id: visits
        cite: "9"
        when: {fact: cp_plan, becomes: true}
        require: {action: visit.completed, within: 5wd}
      - id: plan-ended
        cite: "9"
        when: {fact: facts.cp_plan, becomes: false}
        notify: [iro]
    """)

    @Test func firesWhenTheFactChanges_notWhenItIsSetAgain() throws {
        let i = try incident([("c1", "icpc.held", "2026-03-02T10:00:00Z", ["plan": true]),
                              ("c2", "cp_plan.started", "2026-03-04T10:00:00Z", [:]),
                              ("c3", "review_conference.held", "2026-05-04T10:00:00Z", ["plan_continues": false])],
                             facts: ["cp_plan": false])
        let r = try evaluate(Self.p, i, asOf: "2026-06-01T00:00:00Z")
        #expect(r.obligations.map(\.triggeredBy) == ["c1"])
        #expect(r.obligations.first?.because.first?.hasPrefix("icpc.held (c1)") == true)
        #expect(r.escalations.map(\.rule) == ["plan-ended"])
        #expect(r.escalations.first?.at == instant("2026-05-04T10:00:00Z"))
    }

    @Test func anOptionalBoolLeftOutMakesTheFactUnknown_andTheReportSaysSo() throws {
        let i = try incident([("c1", "icpc.held", "2026-03-02T10:00:00Z", ["plan": true]),
                              ("c2", "review_conference.held", "2026-05-04T10:00:00Z", [:]),
                              ("c3", "review_conference.held", "2026-08-04T10:00:00Z", [:])],
                             facts: ["cp_plan": false])
        let r = try evaluate(Self.p, i, asOf: "2026-09-01T00:00:00Z")
        // The plan is not ended by silence (Leicestershire PENDING-ENGINE 5): nothing "becomes false".
        #expect(r.escalations.isEmpty)
        // Warned once: the second conference changes nothing.
        #expect(r.diagnostics.map { "\($0.event ?? "-"): \($0.message)" } == [
            "c2: does not say 'plan_continues', so facts.cp_plan is now unknown (not read as false); duties that last while it holds are indeterminate until the record says"])
        // Said aloud, it ends the plan as before.
        let said = try incident([("c1", "icpc.held", "2026-03-02T10:00:00Z", ["plan": true]),
                                 ("c2", "review_conference.held", "2026-05-04T10:00:00Z", ["plan_continues": false])], facts: ["cp_plan": false])
        #expect(try evaluate(Self.p, said, asOf: "2026-09-01T00:00:00Z").escalations.map(\.rule) == ["plan-ended"])
    }

    @Test func aFactTriggerHasNoEventFieldsAndNeedsAKnownFact() {
        let (_, d, _) = compile("""
        rules:
          - id: a
            cite: "1"
            when: {fact: cp_plna, becomes: true}
            notify: [iro]
          - id: b
            cite: "1"
            when: {fact: cp_plan, becomes: true, if: event.plan}
            notify: [iro]
          - id: c
            cite: "1"
            when: {fact: cp_plan, becomes: yes}
            notify: [iro]
        """)
        #expect(Set(d.items.map(\.id)) == ["unknown-fact", "expression.no-event", "expected-bool"])
        #expect(d.items.first?.suggestion == "cp_plan")
    }
}

@Suite struct ClosingEvents {
    static let p = try! policy("""
    rules:
      - id: update-at-72h
        cite: "7.2"
        when: {open: missing, for: 72h}
        require:
          action: need_to_know.sent
          within: 1h
          unless: [missing.found]
        escalate:
          - after: 48h
            notify: [service_director]
    """)

    @Test func anOverdueDutyLapsesAtItsClosingEvent_andNoLaterEpisodeAnswersIt() throws {
        let i = try incident([("p1", "missing.reported", "2026-03-02T10:00:00Z", ["risk": "medium"]),
                              ("f1", "missing.found", "2026-03-05T18:00:00Z", [:]),
                              ("p2", "missing.reported", "2026-04-20T10:00:00Z", ["risk": "medium"]),
                              ("n2", "need_to_know.sent", "2026-04-20T12:00:00Z", [:]),
                              ("f2", "missing.found", "2026-04-20T16:00:00Z", [:])])
        let r = try evaluate(Self.p, i, asOf: "2026-05-01T00:00:00Z")
        let o = try #require(r.obligations.first)
        #expect(r.obligations.count == 1)
        #expect(o.status == .overdue)
        #expect(o.satisfiedBy == nil)
        #expect(o.closedBy == "f1")
        // Found before the escalation was due: nobody is told "still not done" about a closed duty.
        #expect(r.escalations.isEmpty)
        #expect(ReportJSON.render(r).contains("\"closed_by\": \"f1\""))
    }
}

@Suite struct WhileFromAndTies {
    static let p = try! policy("""
    rules:
      - id: visits
        cite: "9"
        when: {event: [cp_plan.started, cin_meeting.held]}
        require: {action: visit.completed, within: 3d, repeat: {every: 5d, while: facts.cp_plan}}
      - id: told
        cite: "7"
        when: {open: missing, for: 9h}
        require: {action: need_to_know.sent, within: 1h}
        escalate:
          - after: 3h
            notify: [service_manager]
      - id: same-day
        cite: "4"
        when: {event: referral.accepted}
        require: {action: strategy_discussion.held, within: 0d, from: contact.received}
    """)

    @Test func anOverdueVisitLapsesWhenThePlanEnds_andNoNextOneOpens() throws {
        let i = try incident([("e1", "cp_plan.started", "2026-03-02T10:00:00Z", [:]),
                              ("e2", "cp_plan.ended", "2026-03-07T10:00:00Z", [:]),
                              ("e3", "visit.completed", "2026-03-09T10:00:00Z", [:])], facts: ["cp_plan": false])
        let r = try evaluate(Self.p, i, asOf: "2026-03-20T00:00:00Z")
        #expect(r.obligations.filter { $0.rule == "visits" }.map(\.status) == [.overdue])
        #expect(r.obligations.first { $0.rule == "visits" }?.closedBy == "e2")
    }

    @Test func aRecurrenceWhoseWhileIsFalseIsNotBegun() throws {
        let i = try incident([("c1", "cin_meeting.held", "2026-03-02T10:00:00Z", [:])], facts: ["cp_plan": false])
        #expect(try evaluate(Self.p, i, asOf: "2026-03-20T00:00:00Z").obligations.filter { $0.rule == "visits" }.isEmpty)
    }

    @Test func anAnswerAtTheInstantOfAnEscalationStepComesFirst() throws {
        let i = try incident([("p1", "missing.reported", "2026-03-02T00:00:00Z", ["risk": "low"]),
                              ("n1", "need_to_know.sent", "2026-03-02T13:00:00Z", [:])])
        let r = try evaluate(Self.p, i, asOf: "2026-03-03T00:00:00Z")
        #expect(try only(r, "told").status == .late)
        #expect(r.escalations.isEmpty)  // the step was due at 13:00, when the answer came
    }

    @Test func anActionAtTheSameInstantAsTheContactAndTheTriggerAnswersTheDuty() throws {
        let i = try incident([("c1", "contact.received", "2026-03-03T09:00:00Z", [:]),
                              ("s1", "strategy_discussion.held", "2026-03-03T09:00:00Z", [:]),
                              ("r1", "referral.accepted", "2026-03-03T09:00:00Z", [:])])
        let o = try only(try evaluate(Self.p, i, asOf: "2026-03-20T00:00:00Z"), "same-day")
        #expect(o.status == .met && o.satisfiedBy == "s1")
        #expect(o.because.contains { $0.hasPrefix("counted from contact.received (c1)") })
    }
}

/// A fact set from an optional yes/no field the event leaves out becomes unknown, and a duty that
/// lasts while it holds becomes indeterminate, naming the fact and the field (Leicestershire
/// PENDING-ENGINE 5): a review conference that does not say whether the plan continues never ends
/// the plan's visits silently.
@Suite struct AFactLeftUnsaid {
    let p = try! policy("""
    rules:
      - id: visits
        cite: "9"
        when: {fact: cp_plan, is: true}
        require: {action: visit.completed, within: 20wd, repeat: {every: 20wd, while: facts.cp_plan}}
        escalate: [{notify: [team_manager]}]
      - id: at-significant-risk
        cite: "4"
        when: {event: absence.started, if: facts.absent_at_significant_risk}
        notify: [police]
    """)

    func run(_ review: [String: Any], asOf: String = "2026-09-01T00:00:00Z") throws -> Report {
        try bothWays(p, try incident([("c1", "icpc.held", "2026-03-02T10:00:00Z", ["plan": true]),
                                      ("v1", "visit.completed", "2026-03-20T10:00:00Z", [:]),
                                      ("r1", "review_conference.held", "2026-04-08T10:00:00Z", review)],
                                     facts: ["cp_plan": false]), asOf: asOf)
    }

    @Test func theVisitsInTimeBecomeIndeterminate() throws {
        let r = try run([:])
        #expect(r.obligations.map { "\($0.triggeredBy) \($0.status)" } == ["c1 met", "v1 indeterminate"])
        let o = try #require(r.obligations.last)
        #expect(o.unknown == ["facts.cp_plan", "event.plan_continues"])
        #expect(r.escalations.isEmpty)
        // Said either way, as before: ended (cancelled), or going on (overdue and escalated).
        #expect(try run(["plan_continues": false]).obligations.map { "\($0.triggeredBy) \($0.status)" } == ["c1 met", "v1 cancelled"])
        let on = try run(["plan_continues": true])
        #expect(on.obligations.map { "\($0.triggeredBy) \($0.status)" } == ["c1 met", "v1 overdue"])
        #expect(on.escalations.count == 1)
    }

    /// The plan held, went unsaid and holds again: not a plan starting (no new duty), and the visits
    /// made indeterminate are owed again as before (`AFactKnownAgain`).
    @Test func aPlanSaidToContinueLaterPutsTheVisitsBack() throws {
        let r = try bothWays(p, try incident([("c1", "icpc.held", "2026-03-02T10:00:00Z", ["plan": true]),
                                              ("r1", "review_conference.held", "2026-03-20T10:00:00Z", [:]),
                                              ("r2", "review_conference.held", "2026-03-27T10:00:00Z", ["plan_continues": true])],
                                             facts: ["cp_plan": false]), asOf: "2026-04-20T00:00:00Z")
        #expect(r.obligations.map { "\($0.triggeredBy) \($0.status)" } == ["c1 overdue"])
    }

    @Test func anAbsenceThatDoesNotSayItsRiskLeavesTheRiskUnknown() throws {
        let r = try bothWays(p, try incident([("a1", "absence.started", "2026-03-10T14:00:00Z", ["whereabouts_known": false])],
                                             facts: ["looked_after": true, "absent_at_significant_risk": false]), asOf: "2026-03-20T09:00:00Z")
        #expect(r.indeterminateNotifications.map(\.rule) == ["at-significant-risk"])
        #expect(r.diagnostics.contains { $0.event == "a1" && $0.message.hasPrefix("does not say 'significant_risk'") })
    }
}
