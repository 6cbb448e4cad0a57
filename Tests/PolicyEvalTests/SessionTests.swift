import Foundation
import Testing
@testable import PolicyEval

@Suite struct SessionTests {
    let p = try! policy("""
    rules:
      - id: ntk
        cite: "7.2"
        when: {open: missing, for: 24h, if: 'episode.risk == "medium"'}
        require: {action: need_to_know.sent, within: immediately, unless: [missing.found]}
        notify: [service_manager]
        escalate: [{after: 2h, notify: [head_of_service]}]
      - id: rhi
        cite: "12.1"
        when: {event: missing.found, if: 'episode.duration > 9h or count(missing.reported, within: 28d) >= 2'}
        require: {action: rhi.completed, within: 72h, unless: [rhi.declined]}
      - id: visits
        cite: "9"
        when: {event: cp_plan.started}
        require: {action: visit.completed, within: 10wd, repeat: {every: 20wd, until: [cp_plan.ended]}}
    """)

    let events: [(String, String, String, [String: Any])] = [
        ("e1", "missing.reported", "2026-03-14T22:10:00Z", ["risk": "medium", "last_seen": "2026-03-14T20:40:00Z"]),
        ("e2", "missing.found", "2026-03-16T09:30:00Z", [:]),
        ("e3", "cp_plan.started", "2026-03-17T10:00:00Z", [:]),
        ("e4", "missing.reported", "2026-03-20T22:00:00Z", ["risk": "low"]),
        ("e5", "missing.found", "2026-03-21T01:00:00Z", [:]),
        ("e6", "visit.completed", "2026-03-25T10:00:00Z", [:]),
        ("e7", "rhi.completed", "2026-03-23T10:00:00Z", [:]),
    ]

    @Test func replayingEventByEventGivesTheBatchReport() throws {
        let i = try incident(events)
        let asOf = instant("2026-04-30T00:00:00Z")
        let batch = try Evaluation.evaluate(i, policy: p, asOf: asOf)
        var session = Session(policy: p, incidentID: i.id, zone: i.zone, subject: i.subject)
        var changes: [Change] = []
        for e in i.events { changes += try session.ingest(e) }
        #expect(try session.report(asOf: asOf) == batch)
        #expect(ReportJSON.render(try session.report(asOf: asOf)) == ReportJSON.render(batch))
        #expect(changes.contains(.escalated(rule: "ntk", notify: ["service_manager"], at: instant("2026-03-15T20:40:00Z"))))
        #expect(changes.contains(.discharged(rule: "rhi", status: .met, by: "e7")))
    }

    @Test func encodedAndRestoredMidStreamCarriesOnIdentically() throws {
        let i = try incident(events)
        let asOf = instant("2026-04-30T00:00:00Z")
        let batch = try Evaluation.evaluate(i, policy: p, asOf: asOf)
        for cut in 0...i.events.count {
            var first = Session(policy: p, incidentID: i.id, zone: i.zone, subject: i.subject)
            for e in i.events.prefix(cut) { try first.ingest(e) }
            let data = try first.encoded()
            var restored = try Session(policy: p, restoring: data)
            #expect(try restored.encoded() == data)
            for e in i.events.dropFirst(cut) { try restored.ingest(e) }
            #expect(try restored.report(asOf: asOf) == batch, "cut after \(cut) events")
        }
    }

    @Test func aSessionSavedInAnotherFormatIsRefusedInWords() throws {
        var s = Session(policy: p, incidentID: "I-1", zone: try Zone(identifier: "Europe/London"), subject: try incident([]).subject)
        try s.ingest(try incident(Array(events.prefix(1))).events[0])
        let saved = String(decoding: try s.encoded(), as: UTF8.self)
        #expect(saved.contains("\"format\":5"))
        let older = saved.replacingOccurrences(of: "\"format\":5", with: "\"format\":4")
        let error = #expect(throws: EvaluationError.self) { try Session(policy: p, restoring: Data(older.utf8)) }
        #expect(error?.message.contains("session format 4") == true)
    }

    @Test func timersOfDutiesDoneEarlyAreSweptOut() throws {
        let q = try policy("""
        rules:
          - id: plan-review
            cite: "1"
            when: {event: cp_plan.started}
            require: {action: review_conference.held, within: 90d}
        """)
        var s = Session(policy: q, incidentID: "I-1", zone: try Zone(identifier: "Europe/London"), subject: try incident([]).subject)
        let started = q.vocabulary.eventIDs["cp_plan.started"]!, held = q.vocabulary.eventIDs["review_conference.held"]!
        let fields = q.vocabulary.events[held].fields.count
        var t = instant("2026-01-05T09:00:00Z")
        for n in 0..<3_000 {  // each duty done a minute after it opens, 90 days ahead of its deadline
            try s.ingest(Event(id: "s\(n)", type: started, time: t, data: []))
            try s.ingest(Event(id: "h\(n)", type: held, time: t + 60, data: [Value?](repeating: .bool(true), count: fields)))
            t = t + 600
        }
        try s.ingest(Event(id: "last", type: started, time: t, data: []))
        #expect(s.state.timers.count < 1_100)  // not 3,001
        let r = try s.report(asOf: t + 91 * 86_400)
        #expect(r.count(.met) == 3_000)
        #expect(r.obligations.filter { $0.status == .overdue }.map(\.triggeredBy) == ["last"])
    }

    @Test func advanceFiresTimersAndReportsWhatChanged() throws {
        let i = try incident(Array(events.prefix(1)))
        var s = Session(policy: p, incidentID: i.id, zone: i.zone, subject: i.subject)
        try s.ingest(i.events[0])
        let changes = try s.advance(to: instant("2026-03-16T00:00:00Z"))
        #expect(changes.first == .opened(rule: "ntk", triggeredBy: "e1", due: instant("2026-03-15T21:40:00Z")))
        #expect(changes.contains(.overdue(rule: "ntk", since: instant("2026-03-15T21:40:00Z"))))
        #expect(changes.contains(.escalated(rule: "ntk", notify: ["head_of_service"], at: instant("2026-03-15T23:40:00Z"))))
    }

    @Test func anEventOlderThanTheSessionClockIsLeftOutWithAWarning() throws {
        let i = try incident(events)
        var s = Session(policy: p, incidentID: i.id, zone: i.zone, subject: i.subject)
        try s.ingest(i.events[1 - 1])
        try s.advance(to: instant("2026-03-20T00:00:00Z"))
        #expect(try s.ingest(i.events[1]).isEmpty)
        #expect(try s.report(asOf: instant("2026-03-20T00:00:00Z")).diagnostics.first?.event == "e2")
        #expect(throws: EvaluationError.self) { try s.ingest(i.events[0]) }  // the same id twice
    }

    @Test func sessionsAreSendable() async throws {
        let i = try incident(events)
        let s = Session(policy: p, incidentID: i.id, zone: i.zone, subject: i.subject)
        let report = try await Task.detached { () -> Report in
            var copy = s
            for e in i.events { try copy.ingest(e) }
            return try copy.report(asOf: instant("2026-04-30T00:00:00Z"))
        }.value
        #expect(report.obligations.count > 0)
    }
}

@Suite struct SessionClock {
    @Test func aReportCannotGoBackInTime() throws {
        let p = try policy("""
        rules:
          - {id: a, cite: "1", when: {event: missing.reported}, notify: [police]}
        """)
        let i = try incident([("e1", "missing.reported", "2026-03-14T22:10:00Z", ["risk": "low"])])
        var s = Session(policy: p, incidentID: i.id, zone: i.zone, subject: i.subject)
        try s.ingest(i.events[0])
        #expect(throws: EvaluationError.self) { try s.report(asOf: instant("2026-03-14T22:00:00Z")) }
        #expect(try s.report(asOf: instant("2026-03-14T22:10:00Z")).escalations.count == 1)
    }
}

/// Every example incident against every shipped policy, and a synthetic record: fed to a
/// session event by event, with `advance` between events and the session encoded and
/// restored at every step (after the event, and again after advancing), the report is the
/// batch report, byte for byte.
@Suite struct SessionsAgreeWithTheBatch {
    static let library = PolicyLibrary.load([policiesDir])
    static let examples: [String] = {
        let dir = repoRoot + "/Examples"
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".json") }.sorted().map { dir + "/" + $0 }
    }()

    /// A long record mixing every kind of event the shipped policies watch, a few hours apart.
    static func mixedRecord(events n: Int) -> String {
        let kinds: [(String, String)] = [
            ("missing.reported", #"{"risk": "medium"}"#), ("need_to_know.sent", "{}"), ("missing.risk_changed", #"{"risk": "high"}"#),
            ("strategy_discussion.held", "{}"), ("missing.found", "{}"), ("rhi.completed", "{}"), ("contact.received", "{}"),
            ("contact.screened", #"{"outcome": "referral"}"#), ("referral.accepted", #"{"significant_harm": true}"#),
            ("s47.started", "{}"), ("icpc.held", #"{"plan": true}"#), ("visit.completed", "{}"), ("core_group.held", "{}"),
            ("absence.started", #"{"whereabouts_known": false}"#), ("absence.reviewed", "{}"), ("absence.ended", "{}"),
            ("notification.sent", #"{"to": "police"}"#), ("review_conference.held", #"{"plan_continues": false}"#),
            ("looked_after.started", "{}"), ("placement.started", "{}"), ("cin_meeting.held", "{}"), ("recovery_order.decided", #"{"granted": true}"#),
        ]
        var seed: UInt64 = 42
        func next() -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int(seed >> 33) }
        var t = 1_767_225_600  // 2026-01-01
        var lines: [String] = []
        for i in 0..<n {
            t += 600 + next() % 14_400
            let (type, data) = kinds[next() % kinds.count]
            lines.append(#"{"id": "m\#(i)", "type": "\#(type)", "time": "\#(Instant(secondsSinceEpoch: Int64(t)))", "data": \#(data)}"#)
        }
        return #"{"incident": {"id": "MIXED", "subject": {"id": "C-M", "born": "2011-06-01", "facts": {"looked_after": false, "cp_plan": false, "disabled": false, "missing_plan": false, "open_to_services": true, "exploitation_risk": true, "trafficked_before": false, "criminal_activity_risk": false, "risky_contacts": false, "placed_by_other_authority": false}}}, "events": ["#
            + lines.joined(separator: ",\n") + "]}"
    }

    @Test(arguments: library.policies.map(\.id))
    func streamedAdvancedAndRestoredEqualsBatch(_ id: String) throws {
        let policy = try #require(Self.library.policies.first { $0.id == id })
        let reader = IncidentReader(vocabulary: policy.vocabulary, unknownTypesAreWarnings: true)
        var incidents = try Self.examples.map { path in try reader.read(Data(contentsOf: URL(fileURLWithPath: path)), file: path).0 }
        incidents.append(try reader.read(Data(Self.mixedRecord(events: 250).utf8), file: "mixed.json").0)
        #expect(incidents.count >= 10)
        for incident in incidents {
            guard let last = incident.events.last?.time else { continue }
            let asOf = last + 40 * 86_400
            let batch = ReportJSON.render(try Evaluation.evaluate(incident, policy: policy, asOf: asOf))
            var session = Session(policy: policy, incidentID: incident.id, zone: incident.zone, subject: incident.subject)
            for (k, event) in incident.events.enumerated() {
                try session.ingest(event)
                session = try Session(policy: policy, restoring: try session.encoded())
                // An hour on, or to the next event if it comes sooner.
                let next = k + 1 < incident.events.count ? incident.events[k + 1].time : event.time + 3_600
                try session.advance(to: min(event.time + 3_600, next))
                session = try Session(policy: policy, restoring: try session.encoded())
            }
            #expect(ReportJSON.render(try session.report(asOf: asOf)) == batch, "\(id), \(incident.id)")
        }
    }

    /// A long record, streamed with a save and restore now and then: long enough for the
    /// timers of duties done early to be swept out, on both sides of a restore.
    @Test(arguments: library.policies.map(\.id))
    func aLongStreamEqualsBatch(_ id: String) throws {
        let policy = try #require(Self.library.policies.first { $0.id == id })
        let reader = IncidentReader(vocabulary: policy.vocabulary, unknownTypesAreWarnings: true)
        let incident = try reader.read(Data(Self.mixedRecord(events: 6_000).utf8), file: "mixed.json").0
        let asOf = incident.events.last!.time + 40 * 86_400
        let batch = ReportJSON.render(try Evaluation.evaluate(incident, policy: policy, asOf: asOf))
        // The batch sweeps late; the session early and often, so both sides of a sweep are compared.
        var session = Session(policy: policy, incidentID: incident.id, zone: incident.zone, subject: incident.subject)
        session.staleTimersBeforeSweep = 4
        for (k, event) in incident.events.enumerated() {
            try session.ingest(event)
            if k % 997 == 996 {
                session = try Session(policy: policy, restoring: try session.encoded())
                session.staleTimersBeforeSweep = 4
            }
        }
        #expect(ReportJSON.render(try session.report(asOf: asOf)) == batch, "\(id)")
    }
}

/// Random records against a policy dense with thresholds sharing instants, chains,
/// recurrences and escalation steps: a session restored after every event, advanced in
/// 3-hour steps and sweeping at every chance, reports what the batch reports.
@Suite struct SessionsAgreeOnRandomRecords {
    static let p = try! policy("""
    rules:
      - {id: t-48h, cite: "1", when: {open: missing, for: 48h}, require: {action: strategy_discussion.held, within: 24h}, notify: [police]}
      - {id: t-24h-high, cite: "2", when: {open: missing, for: 24h, if: 'episode.risk == "high"'}, notify: [police]}
      - {id: t-24h, cite: "3", when: {open: missing, for: 24h}, require: {action: need_to_know.sent, within: 2h}}
      - {id: t-1d, cite: "4", when: {open: missing, for: 1d}, notify: [police]}
      - id: t-2wd
        cite: "5"
        when: {open: missing, for: 2wd}
        require: {action: strategy_discussion.held, within: 1wd}
        escalate: [{notify: [service_manager]}, {after: 3h, notify: [head_of_service]}]
      - {id: t-90m, cite: "6", when: {open: missing, for: 90m}, notify: [police]}
      - id: rhi
        cite: "7"
        when: {event: missing.found}
        require: {action: rhi.completed, within: 72h, unless: [rhi.declined]}
        escalate: [{notify: [service_manager]}, {after: 24h, notify: [head_of_service]}]
      - {id: after-rhi, cite: "8", when: {overdue: rhi}, require: {action: strategy_discussion.held, within: 2h}}
      - {id: ntk, cite: "9", when: {event: missing.reported}, require: {action: need_to_know.sent, within: 2h}}
      - id: reviews
        cite: "10"
        when: {event: absence.started}
        require: {action: absence.reviewed, within: 6h, repeat: {every: 6h, until: [absence.ended], at: ["23:00", "08:00"]}}
      - id: visits
        cite: "11"
        when: {fact: cp_plan, becomes: true}
        require: {action: visit.completed, within: 10d, repeat: {every: 10d, while: facts.cp_plan}}
      - {id: abs-3h, cite: "12", when: {open: absence, for: 3h}, notify: [police]}
      - {id: abs-180m, cite: "13", when: {open: absence, for: 180m}, require: {action: absence.reviewed, within: 1h}}
      - id: mornings
        cite: "14"
        when: {event: missing.reported}
        require: {action: strategy_discussion.held, within: 1wkd at 10:00, repeat: {each: 1wkd at 10:00, until: [missing.found]}}
        escalate: [{notify: [team_manager]}]
      - id: plan-each
        cite: "15"
        when: {fact: cp_plan, becomes: true}
        require: {action: visit.completed, within: 3d, repeat: {each: 3d, while: facts.cp_plan}}
        escalate: [{notify: [team_manager]}, {after: 1d, notify: [service_manager]}]
    """)

    static func record(seed: UInt64) throws -> Incident {
        var state = seed
        func next(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) % n }
        let kinds: [(String, [String: Any])] = [
            ("missing.reported", ["risk": "high"]), ("missing.reported", ["risk": "low"]), ("missing.risk_changed", ["risk": "high"]),
            ("missing.found", [:]), ("rhi.completed", [:]), ("rhi.declined", [:]), ("need_to_know.sent", [:]),
            ("strategy_discussion.held", [:]), ("absence.started", ["whereabouts_known": false]), ("absence.reviewed", [:]),
            ("absence.ended", [:]), ("cp_plan.started", [:]), ("cp_plan.ended", [:]), ("visit.completed", [:]),
            // A review that leaves the plan unsaid (cp_plan unknown, its duties suspended) and one that says it goes on.
            ("review_conference.held", [:]), ("review_conference.held", ["plan_continues": true]),
        ]
        var t = instant("2026-03-20T08:00:00Z")  // the clocks change on 29 March
        var events: [(String, String, String, [String: Any])] = []
        for n in 0..<60 {
            t = t + Int64([600, 3_600, 5_400, 21_600, 86_400, 172_800][next(6)])
            let (type, data) = kinds[next(kinds.count)]
            events.append(("r\(n)", type, t.description, data))
        }
        return try incident(events, facts: ["cp_plan": false, "exploitation_risk": true])
    }

    @Test(arguments: 1...24)
    func restoredAdvancedAndSweptEqualsBatch(_ seed: Int) throws {
        let i = try Self.record(seed: UInt64(seed))
        let asOf = i.events.last!.time + 20 * 86_400
        let report = try Evaluation.evaluate(i, policy: Self.p, asOf: asOf)
        #expect(report.obligations.count >= 10 && report.escalations.count >= 3, "seed \(seed): too quiet to test much")
        let batch = ReportJSON.render(report)
        var s = Session(policy: Self.p, incidentID: i.id, zone: i.zone, subject: i.subject)
        s.staleTimersBeforeSweep = 0
        for (k, e) in i.events.enumerated() {
            try s.ingest(e)
            s = try Session(policy: Self.p, restoring: try s.encoded())
            s.staleTimersBeforeSweep = 0
            let next = k + 1 < i.events.count ? i.events[k + 1].time : asOf
            var t = e.time + 10_800
            while t < next { try s.advance(to: t); t = t + 10_800 }
        }
        #expect(ReportJSON.render(try s.report(asOf: asOf)) == batch, "seed \(seed)")
    }
}
