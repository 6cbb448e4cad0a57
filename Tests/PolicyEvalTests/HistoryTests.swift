import Foundation
import Testing
@testable import PolicyEval

typealias HistoryTestEvent = (String, String, String, [String: Any])

/// `latest(T).field`: a field of the latest event of a type, unknown when there is none.
@Suite struct LatestEventFields {
    let p = try! policy("""
    rules:
      - id: police-led
        cite: "1"
        when: {event: s47.started, if: 'latest(strategy_discussion.held).convened_by == "police"'}
        require: {action: child.seen, within: 24h}
      - id: first-review
        cite: "2"
        when: {event: s47.started, if: 'not latest(strategy_discussion.held, where: not event.review).emergency_action_considered'}
        require: {action: risk_assessment.completed, within: 5d}
    """)

    func run(_ events: [HistoryTestEvent]) throws -> Report { try bothWays(p, try incident(events), asOf: "2026-04-20T00:00:00Z") }
    let s47: HistoryTestEvent = ("s", "s47.started", "2026-04-10T10:00:00Z", [:])

    @Test func theLatestOneIsRead() throws {
        let r = try run([("d1", "strategy_discussion.held", "2026-04-01T10:00:00Z", ["convened_by": "social_worker"]),
                         ("d2", "strategy_discussion.held", "2026-04-02T10:00:00Z", ["convened_by": "police"]), s47])
        let o = try #require(r.obligations.first { $0.rule == "police-led" })
        #expect(o.status == .overdue)
        #expect(o.because.contains("convened by of the latest strategy_discussion.held: police"))
        let later = try run([("d2", "strategy_discussion.held", "2026-04-02T10:00:00Z", ["convened_by": "police"]),
                             ("d3", "strategy_discussion.held", "2026-04-03T10:00:00Z", ["convened_by": "social_worker"]), s47])
        #expect(later.obligations.filter { $0.rule == "police-led" }.isEmpty)
    }

    @Test func noneIsUnknownAndTheDutyIndeterminate() throws {
        let r = try run([s47])
        let o = try #require(r.obligations.first { $0.rule == "police-led" })
        #expect(o.status == .indeterminate)
        #expect(o.unknown == ["latest(strategy_discussion.held)"])
        #expect(o.because.contains("turns on latest(strategy_discussion.held), and the record has no such event"))
        // A latest one that leaves the field out: unknown, naming the field.
        let silent = try run([("d1", "strategy_discussion.held", "2026-04-01T10:00:00Z", [:]), s47])
        #expect(silent.obligations.first { $0.rule == "police-led" }?.unknown == ["latest(strategy_discussion.held).convened_by"])
    }

    @Test func whereChoosesAmongThem() throws {
        // The latest first discussion (not a review) considered emergency action; a later review did not.
        let r = try run([("d1", "strategy_discussion.held", "2026-04-01T10:00:00Z", ["emergency_action_considered": true]),
                         ("d2", "strategy_discussion.held", "2026-04-02T10:00:00Z", ["review": true]), s47])
        #expect(r.obligations.filter { $0.rule == "first-review" }.isEmpty)
        // An optional bool left out of the latest one reads as false, as the contract says.
        let unsaid = try run([("d1", "strategy_discussion.held", "2026-04-01T10:00:00Z", [:]), s47])
        #expect(unsaid.obligations.first { $0.rule == "first-review" }?.status == .overdue)
    }
}

/// `exists(T)`, `exists(T, since: U)`, `exists(T, within: 7d)`, with `where:`.
@Suite struct ExistsInTheRecord {
    let p = try! policy("""
    rules:
      - id: traced-before-ending
        cite: "11"
        when: {event: cp_plan.end_decided, if: 'exists(travel_abroad.possible) and not exists(tracing.exhausted, since: travel_abroad.possible)'}
        require: {action: tracing.exhausted, within: 1d}
      - id: parents-told
        cite: "12"
        when: {event: recovery_order.executed, if: 'not exists(notification.withheld, since: recovery_order.decided, where: event.to == "parents")'}
        require: {action: notification.sent, only_if: 'event.to == "parents"', within: 1d}
      - id: alert-recent
        cite: "13"
        when: {event: missing.found, if: 'exists(case_alert.placed, within: 7d)'}
        notify: [police]
    """)

    func run(_ events: [HistoryTestEvent], asOf: String = "2026-05-20T00:00:00Z") throws -> Report { try bothWays(p, try incident(events), asOf: asOf) }

    @Test func sinceTheLatestAnchor() throws {
        let travel: HistoryTestEvent = ("t1", "travel_abroad.possible", "2026-05-01T10:00:00Z", [:])
        let decided: HistoryTestEvent = ("x", "cp_plan.end_decided", "2026-05-10T10:00:00Z", [:])
        let traced = try run([travel, ("tr", "tracing.exhausted", "2026-05-03T10:00:00Z", [:]), decided])
        #expect(traced.obligations.isEmpty)
        // Traced before the travel was known: not since it.
        let before = try run([("tr", "tracing.exhausted", "2026-04-28T10:00:00Z", [:]), travel, decided])
        let o = try #require(before.obligations.first)
        #expect(o.status == .overdue)
        #expect(o.because.contains("a travel_abroad.possible in the record"))
        #expect(o.because.contains("no tracing.exhausted since the latest travel_abroad.possible"))
        // A second travel_abroad.possible after the tracing starts again.
        let again = try run([travel, ("tr", "tracing.exhausted", "2026-05-03T10:00:00Z", [:]),
                             ("t2", "travel_abroad.possible", "2026-05-05T10:00:00Z", [:]), decided])
        #expect(again.obligations.map(\.rule) == ["traced-before-ending"])
        // No travel at all: nothing is since it (and the rule asks for one first).
        #expect(try run([decided]).obligations.isEmpty)
    }

    @Test func aDecisionRecordedBeforeTheTriggerExemptsTheDuty() throws {
        let decided: HistoryTestEvent = ("d", "recovery_order.decided", "2026-05-01T10:00:00Z", ["granted": true])
        let executed: HistoryTestEvent = ("x", "recovery_order.executed", "2026-05-02T10:00:00Z", [:])
        let withheld = try run([decided, ("w", "notification.withheld", "2026-05-01T12:00:00Z", ["to": "parents", "reason": "risk_to_child"]), executed])
        #expect(withheld.obligations.isEmpty)
        // A decision about someone else, or one recorded before this order's decision, does not.
        let other = try run([decided, ("w", "notification.withheld", "2026-05-01T12:00:00Z", ["to": "police"]), executed])
        #expect(other.obligations.map(\.status) == [.overdue])
        let older = try run([("w", "notification.withheld", "2026-04-01T12:00:00Z", ["to": "parents"]), decided, executed])
        #expect(older.obligations.map(\.status) == [.overdue])
    }

    @Test func withinAWindow() throws {
        let events: [HistoryTestEvent] = [("a", "case_alert.placed", "2026-05-01T10:00:00Z", [:]),
                           ("m1", "missing.reported", "2026-05-07T10:00:00Z", ["risk": "low"]),
                           ("f1", "missing.found", "2026-05-08T09:00:00Z", [:]),
                           ("m2", "missing.reported", "2026-05-08T10:00:00Z", ["risk": "low"]),
                           ("f2", "missing.found", "2026-05-08T10:00:01Z", [:])]
        // Exactly 7 days after the alert is outside the window (its far end is excluded), as for count.
        let r = try run(events)
        #expect(r.escalations.map { "\($0.rule) \($0.at)" } == ["alert-recent 2026-05-08T09:00:00Z"])
    }

    @Test func sameInstantTiesFollowTheRecordOrder() throws {
        // Tracing recorded at the same instant as the travel, but before it in the record: not since it.
        let r = try run([("tr", "tracing.exhausted", "2026-05-01T10:00:00Z", [:]), ("t1", "travel_abroad.possible", "2026-05-01T10:00:00Z", [:]),
                         ("x", "cp_plan.end_decided", "2026-05-10T10:00:00Z", [:])])
        #expect(r.obligations.map(\.rule) == ["traced-before-ending"])
        let after = try run([("t1", "travel_abroad.possible", "2026-05-01T10:00:00Z", [:]), ("tr", "tracing.exhausted", "2026-05-01T10:00:00Z", [:]),
                             ("x", "cp_plan.end_decided", "2026-05-10T10:00:00Z", [:])])
        #expect(after.obligations.isEmpty)
    }

    @Test func explainAndGraphShowWhatWasRead() throws {
        let i = try incident([("t1", "travel_abroad.possible", "2026-05-01T10:00:00Z", [:]), ("x", "cp_plan.end_decided", "2026-05-10T10:00:00Z", [:])])
        let (_, trace) = try Evaluation.evaluate(i, policy: p, asOf: instant("2026-05-20T00:00:00Z"), traceRule: "traced-before-ending")
        #expect(trace.map(\.text).contains("looked at t1 travel_abroad.possible at Fri 1 May 2026 11:00 BST"))
        #expect(trace.map(\.text).contains("condition exists(travel_abroad.possible) and not exists(tracing.exhausted, since: travel_abroad.possible) → true"))
        let dot = GraphRenderer.render(p, format: .dot)
        #expect(dot.contains(#"ev_tracing_exhausted -> rule_traced_before_ending [label="read: since travel_abroad.possible", style=dotted"#))
        #expect(dot.contains(#"ev_travel_abroad_possible -> rule_traced_before_ending [label="read: the latest, for since", style=dotted"#))
        #expect(dot.contains(#"ev_notification_withheld -> rule_parents_told [label="read: since recovery_order.decided where event.to == \"parents\"""#))
        let mermaid = GraphRenderer.render(p, format: .mermaid)
        #expect(mermaid.contains(#"ev_case_alert_placed -.->|"read: within 7d"| rule_alert_recent"#))
    }
}

/// `count(T, within: 28d, where: ...)` and `count(T, since: U)`.
@Suite struct CountsFilteredOnData {
    let p = try! policy("""
    rules:
      - id: repeated-risky-absence
        cite: "5"
        when: {event: absence.started, if: 'count(absence.started, within: 28d, where: event.significant_risk) >= 2'}
        require: {action: risk_meeting.held, within: 5d}
      - id: third-since-care
        cite: "6"
        when: {event: absence.started, if: 'count(absence.started, since: looked_after.started) == 3'}
        notify: [iro]
    """)

    func absence(_ n: Int, _ day: Int, risky: Bool?) -> [HistoryTestEvent] {
        var data: [String: Any] = ["whereabouts_known": true]
        if let risky { data["significant_risk"] = risky }
        let start = String(format: "2026-06-%02dT10:00:00Z", day), end = String(format: "2026-06-%02dT20:00:00Z", day)
        return [("a\(n)", "absence.started", start, data), ("b\(n)", "absence.ended", end, [:])]
    }

    func run(_ events: [HistoryTestEvent]) throws -> Report { try bothWays(p, try incident(events), asOf: "2026-07-20T00:00:00Z") }

    @Test func onlyTheMatchingOnesInTheWindowCount() throws {
        let two = try run(absence(1, 1, risky: true) + absence(2, 3, risky: false) + absence(3, 20, risky: true))
        let o = try #require(two.obligations.first)
        #expect(o.triggeredBy == "a3")
        #expect(o.because.contains("2 absence.started in the 28 days to Sat 20 Jun 2026 11:00 BST where event.significant_risk (at least 2)"))
        // One risky and one not: no duty; an unsaid significant_risk reads as false.
        #expect(try run(absence(1, 1, risky: true) + absence(2, 3, risky: false) + absence(3, 20, risky: nil)).obligations.isEmpty)
    }

    @Test func countedSinceTheLatestAnchor() throws {
        let events = absence(1, 1, risky: nil) + [("l", "looked_after.started", "2026-06-02T10:00:00Z", [:])]
            + absence(2, 3, risky: nil) + absence(3, 4, risky: nil) + absence(4, 5, risky: nil) + absence(5, 6, risky: nil)
        let r = try run(events)
        #expect(r.escalations.map(\.rule) == ["third-since-care"])
        #expect(r.escalations.first?.at == instant("2026-06-05T10:00:00Z"))
        // Before any anchor, nothing is counted.
        #expect(try run(absence(1, 1, risky: nil) + absence(2, 3, risky: nil) + absence(3, 4, risky: nil)).escalations.isEmpty)
    }
}

@Suite struct HistoryCompilation {
    let s47 = ExpressionScope(eventTypes: [vocabulary.eventIDs["s47.started"]!], episode: nil)

    func check(_ text: String) -> ExpressionError? {
        do {
            _ = try TypeChecker.compile(text, vocabulary: vocabulary, scope: s47)
            return nil
        } catch { return error }
    }

    @Test func validForms() {
        #expect(check(#"latest(strategy_discussion.held).convened_by == "police""#) == nil)
        #expect(check("exists(tracing.exhausted) or exists(tracing.exhausted, since: travel_abroad.possible, where: true)") == nil)
        #expect(check("count(absence.started, within: 28d, where: event.significant_risk) + count(absence.started, since: looked_after.started) > 2") == nil)
        #expect(check(#"latest(strategy_discussion.held, where: event.review).convened_by == "police""#) == nil)
    }

    @Test(arguments: [
        ("latest(strategy_discussion.hld).review", "unknown-event-type", 7, "strategy_discussion.held"),
        ("latest(strategy_discussion.held).reveiw", "unknown-field", 33, "review"),
        ("latest(strategy_discussion.held)", "expression.latest-without-field", 0, "latest(strategy_discussion.held).review"),
        ("exists(tracing.exhausted, since: 28d)", "expression.call", 33, "within: 28d"),
        ("exists(tracing.exhausted, within: travel_abroad.possible)", "expression.call", 34, "since: travel_abroad.possible"),
        ("exists(tracing.exhausted, sinse: travel_abroad.possible)", "expression.call", 26, "since:"),
        ("exsts(tracing.exhausted)", "unknown-function", 0, "exists"),
        ("count(absence.started, within: 28d, where: event.significant_rsk) > 1", "unknown-field", 43, "event.significant_risk"),
    ] as [(String, String, Int, String)])
    func mistakesArePositionedWithASuggestion(_ text: String, _ id: String, _ offset: Int, _ suggestion: String) throws {
        let e = try #require(check(text))
        #expect(e.id == id, "\(e.message)")
        #expect(e.offset == offset, "\(e.message)")
        #expect(e.suggestion == suggestion, "\(e.message)")
    }

    @Test(arguments: [
        ("count(absence.started, within: 28d, where: facts.cp_plan) > 1", 43, "only at each absence.started's own fields"),
        ("exists(absence.started, where: exists(tracing.exhausted))", 31, "cannot be used inside it"),
        ("exists(absence.started, since: absence.started)", 31, "names another event type"),
        ("exists(absence.started, since: looked_after.started, within: 2d)", 53, "not both"),
        ("latest(absence.started, since: looked_after.started).significant_risk", 24, "it takes only where:"),
        ("count(absence.started).whereabouts_known", 23, "only latest(...) has fields"),
    ] as [(String, Int, String)])
    func refusedWithTheirPlace(_ text: String, _ offset: Int, _ words: String) throws {
        let e = try #require(check(text))
        #expect(e.offset == offset, "\(e.message)")
        #expect(e.message.contains(words), "\(e.message)")
    }

    @Test func inARuleFileTheMistakeHasItsLineAndColumn() throws {
        let (_, d, s) = compile("""
        rules:
          - id: a
            cite: "1"
            when: {event: cp_plan.end_decided, if: 'not exists(tracing.exhausted, since: travel_abroad.posible)'}
            notify: [police]
        """)
        #expect(d.items.map(\.id) == ["unknown-event-type"])
        #expect(d.items[0].location?.line == 11 && d.items[0].location?.column == 82)
        let text = DiagnosticRenderer(sources: s.map { [$0] } ?? []).render(d)
        #expect(text.contains("did you mean 'travel_abroad.possible'?"))
    }

    @Test func termsAreSharedAndOnlyTheirTypesMatter() throws {
        let p = try policy("""
        rules:
          - {id: a, cite: "1", when: {event: s47.started, if: 'exists(tracing.exhausted, since: travel_abroad.possible)'}, notify: [police]}
          - {id: b, cite: "2", when: {event: s47.started, if: 'exists(tracing.exhausted,  since: travel_abroad.possible) and age > 3'}, notify: [police]}
        """)
        #expect(p.historyTerms.count == 1)
        #expect(p.eventMatters[vocabulary.eventIDs["tracing.exhausted"]!] && p.eventMatters[vocabulary.eventIDs["travel_abroad.possible"]!])
        #expect(!p.eventMatters[vocabulary.eventIDs["case_alert.placed"]!])
    }
}

/// Random records against the history constructs: a session restored after every event and
/// advanced in 6-hour steps reports what the batch reports.
@Suite struct SessionsAgreeOnHistory {
    static let p = try! policy("""
    rules:
      - id: a
        cite: "1"
        when: {event: s47.started, if: 'latest(strategy_discussion.held).convened_by == "police" or exists(tracing.exhausted, within: 2d)'}
        require: {action: child.seen, within: 1d}
      - id: b
        cite: "2"
        when: {event: [cp_plan.end_decided, s47.started], if: 'not exists(tracing.exhausted, since: travel_abroad.possible, where: true)'}
        require: {action: tracing.exhausted, within: 2d, unless: [{event: travel_abroad.possible, if: 'count(tracing.exhausted, since: s47.started) > 0'}]}
      - id: c
        cite: "3"
        when: {event: absence.started, if: 'count(absence.started, within: 5d, where: event.significant_risk) >= 2'}
        require: {action: risk_meeting.held, within: 1d, only_if: 'exists(absence.ended, since: absence.started)'}
    """)

    static func record(seed: UInt64) throws -> Incident {
        var state = seed
        func next(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) % n }
        var t = instant("2026-03-20T08:00:00Z")
        var events: [HistoryTestEvent] = []
        for n in 0..<60 {
            t = t + Int64([600, 3_600, 21_600, 86_400][next(4)])
            let kinds: [(String, [String: Any])] = [
                ("s47.started", [:]), ("strategy_discussion.held", ["convened_by": ["police", "social_worker"][next(2)]]),
                ("strategy_discussion.held", [:]), ("tracing.exhausted", [:]), ("travel_abroad.possible", [:]), ("cp_plan.end_decided", [:]),
                ("child.seen", [:]), ("absence.started", ["whereabouts_known": true, "significant_risk": next(2) == 0]),
                ("absence.ended", [:]), ("risk_meeting.held", [:]),
            ]
            let (type, data) = kinds[next(kinds.count)]
            events.append(("r\(n)", type, t.description, data))
        }
        return try incident(events)
    }

    @Test(arguments: 1...12)
    func restoredAdvancedAndSweptEqualsBatch(_ seed: Int) throws {
        let i = try Self.record(seed: UInt64(seed))
        let report = try bothWays(Self.p, i, asOf: (i.events.last!.time + 5 * 86_400).description)
        #expect(report.obligations.count >= 5, "seed \(seed): too quiet to test much")
    }
}

/// The first YAML example after a heading of docs/rule-language.md, as rules.
func ruleLanguageExample(after heading: String) throws -> String {
    let text = try String(contentsOfFile: repoRoot + "/docs/rule-language.md", encoding: .utf8)
    guard let h = text.range(of: heading), let open = text.range(of: "```yaml\n", range: h.upperBound..<text.endIndex),
          let close = text.range(of: "```", range: open.upperBound..<text.endIndex) else { throw TestFailure("no example after \(heading)") }
    return "rules:\n" + text[open.upperBound..<close.lowerBound]
}

@Suite struct RuleLanguageExamples {
    @Test func readingTheEarlierRecordCompiles() throws {
        let p = try policy(try ruleLanguageExample(after: "### Reading the earlier record"))
        #expect(p.rules.count == 4)
    }
}

extension RuleLanguageExamples {
    @Test func rolesInAListCompiles() throws {
        let p = try policy(try ruleLanguageExample(after: "must be declared, in the vocabulary or in the policy's own `roles:`"))
        #expect(p.rules.map(\.id) == ["need-to-know-to-leaders"])
    }
}

extension RuleLanguageExamples {
    @Test func whenTheRecordDoesNotSayCompiles() throws {
        let p = try policy(try ruleLanguageExample(after: "### When the record does not say"))
        #expect(p.rules.count == 2)
    }
}

extension RuleLanguageExamples {
    @Test func countedFromAnEarlierEventCompiles() throws {
        let p = try policy(try ruleLanguageExample(after: "### Counted from an earlier event"))
        #expect(p.rules.map(\.id) == ["review-before-care-ends"])
    }
}
