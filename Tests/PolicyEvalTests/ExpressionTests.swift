import Testing
@testable import PolicyEval

@Suite struct ParserTests {
    @Test func precedenceOrAndNotComparison() throws {
        let s = try Parser.parse("a or b and not c == 1")
        guard case .binary(.or, .name("a", _, _), .binary(.and, .name("b", _, _), .not(.binary(.eq, _, _, _, _), _), _, _), _, _) = s else {
            Issue.record("wrong tree: \(s)")
            return
        }
    }

    @Test func additionBindsTighterThanComparison() throws {
        let s = try Parser.parse("episode.duration > 9h + 30m")
        guard case .binary(.gt, .name, .binary(.plus, .duration(32400, _, _, _), .duration(1800, _, _, _), _, _), _, _) = s else {
            Issue.record("wrong tree: \(s)")
            return
        }
    }

    @Test func longAndDeepConditionsAreRefusedWithAPosition() {
        let long = "episode.duration > 1h" + String(repeating: " + 1h", count: 1000)
        #expect(throws: ExpressionError.self) { try Parser.parse(long) }
        do { _ = try Parser.parse(long) } catch {
            #expect(error.id == "expression.too-long")
            #expect(error.offset == 21 + 5 * 126 + 3)  // the 257th token: the 1h of the 127th " + 1h"
        }
        let deep = String(repeating: "(", count: 900) + "a" + String(repeating: ")", count: 900)
        do { _ = try Parser.parse(deep); Issue.record("parsed 900 brackets") } catch {
            #expect(error.id == "expression.too-deep" || error.id == "expression.too-long")
        }
        let nested = String(repeating: "(", count: 33) + "a" + String(repeating: ")", count: 33)
        do { _ = try Parser.parse(nested); Issue.record("parsed 33 brackets") } catch {
            #expect(error.id == "expression.too-deep")
            #expect(error.offset == 32)
        }
        #expect((try? Parser.parse(String(repeating: "(", count: 32) + "a" + String(repeating: ")", count: 32))) != nil)
    }

    @Test func parenthesesAndMembership() throws {
        let s = try Parser.parse("(a or b) and event.risk in [\"high\", \"medium\"]")
        guard case .binary(.and, .binary(.or, _, _, _, _), .member(.name("event.risk", _, _), let items, _), _, _) = s else {
            Issue.record("wrong tree: \(s)")
            return
        }
        #expect(items.count == 2)
    }

    @Test(arguments: [
        ("a = 1", 2, "'='"), ("a &&", 2, "and, or, not"), ("(a", 2, "')'"), ("a == 1 == 2", 7, "chained"),
        ("count(x", 7, "',' or ')'"), ("\"open", 0, "no closing"), ("2wh > 1", 0, "counts working hours"), ("2026-02-30", 0, "is not a date"), ("a >", 3, "ends too soon"),
    ] as [(String, Int, String)])
    func syntaxErrorsHaveOffsets(_ text: String, _ offset: Int, _ words: String) {
        do {
            _ = try Parser.parse(text)
            Issue.record("parsed \(text)")
        } catch {
            #expect(error.offset == offset, "\(text): \(error.message)")
            #expect(error.message.contains(words), "\(text): \(error.message)")
        }
    }
}

@Suite struct TypeCheckerTests {
    let missingFound = ExpressionScope(eventTypes: [vocabulary.eventIDs["missing.found"]!], episode: vocabulary.episode(kind: "missing"))
    let reported = ExpressionScope(eventTypes: [vocabulary.eventIDs["missing.reported"]!], episode: vocabulary.episode(kind: "missing"))

    func check(_ text: String, _ scope: ExpressionScope) -> ExpressionError? {
        do {
            _ = try TypeChecker.compile(text, vocabulary: vocabulary, scope: scope)
            return nil
        } catch { return error }
    }

    @Test func validConditions() {
        #expect(check("episode.overnight or episode.duration > 9h or count(missing.reported, within: 28d) >= 2 or event.harmed or facts.exploitation_risk", missingFound) == nil)
        #expect(check("event.risk in [\"high\", \"medium\"] and age < 18", reported) == nil)
        #expect(check("not facts.cp_plan and episodes(missing, within: 4w) >= 3", reported) == nil)
    }

    @Test func enumValueOutsideItsSet() throws {
        let e = try #require(check("event.risk == \"severe\"", reported))
        #expect(e.id == "expression.enum-value")
        #expect(e.offset == 14)
        #expect(e.length == 8)
        let near = try #require(check("event.risk == \"meduim\"", reported))
        #expect(near.suggestion == "\"medium\"")
    }

    @Test(arguments: [
        ("event.harmd", "unknown-field", 0, "event.harmed"),
        ("facts.looked_afer", "unknown-fact", 0, "facts.looked_after"),
        ("harmed", "unknown-name", 0, "event.harmed"),
        ("count(missing.reportd, within: 28d) > 1", "unknown-event-type", 6, "missing.reported"),
        ("episode.durashun > 1h", "unknown-field", 0, "episode.duration"),
    ] as [(String, String, Int, String)])
    func unknownNamesSuggest(_ text: String, _ id: String, _ offset: Int, _ suggestion: String) throws {
        let e = try #require(check(text, missingFound))
        #expect(e.id == id)
        #expect(e.offset == offset)
        #expect(e.suggestion == suggestion)
    }

    @Test(arguments: [
        ("event.harmed > 1", "cannot compare a bool with an int"), ("episode.duration > 3", "cannot compare a duration with an int"),
        ("age", "must be true or false"), ("facts.cp_plan + 1", "adds or subtracts"), ("event.risk", "must be true or false"),
    ] as [(String, String)])
    func typeErrors(_ text: String, _ words: String) throws {
        let e = try #require(check(text, missingFound.eventTypes == nil ? reported : (text.contains("risk") ? reported : missingFound)))
        #expect(e.message.contains(words), "\(e.message)")
    }

    @Test func eventIsNotAvailableOnAThreshold() throws {
        let threshold = ExpressionScope(eventTypes: nil, episode: vocabulary.episode(kind: "missing"), noEventReason: "thresholds fire on a clock")
        let e = try #require(check("event.harmed", threshold))
        #expect(e.id == "expression.no-event")
        #expect(e.message.contains("thresholds fire on a clock"))
    }
}

/// Three-valued logic: unknown only when the known parts do not decide.
@Suite struct EveryMistakeInACondition {
    @Test func eachSideOfAndAndOrIsCheckedAndEveryErrorKept() {
        let text = #"age >= "12" and facts.nope or count(missing.reportd, within: 28d) > 1"#
        do {
            _ = try TypeChecker.compile(text, vocabulary: vocabulary, scope: ExpressionScope(eventTypes: nil, episode: nil))
            Issue.record("compiled")
        } catch {
            #expect(error.all.map(\.offset) == [4, 16, 36])
            #expect(error.all.map(\.id) == ["expression.type", "unknown-fact", "unknown-event-type"])
        }
    }
}

@Suite struct ThreeValuedLogic {
    struct Input: EvaluationInput {
        var facts: [Bool?]
        func eventField(_ index: Int) -> Value? { nil }
        func fact(_ index: Int) -> Bool? { facts[index] }
        var age: Int? { nil }
        var episodeDuration: Int64? { nil }
        var episodeOvernight: Bool? { nil }
        var episodeRisk: String? { nil }
        func count(_ type: EventTypeID, window: Int64) -> Int { 0 }
        func episodes(kind: String, window: Int64) -> Int { 0 }
    }

    func truth(_ text: String, cp: Bool?, la: Bool?) throws -> Truth {
        let c = try TypeChecker.compile(text, vocabulary: vocabulary, scope: ExpressionScope(eventTypes: nil, episode: nil))
        var facts = [Bool?](repeating: nil, count: vocabulary.facts.count)
        facts[vocabulary.factIndex["cp_plan"]!] = cp
        facts[vocabulary.factIndex["looked_after"]!] = la
        return c.evaluate(Input(facts: facts))
    }

    @Test func kleene() throws {
        #expect(try truth("facts.cp_plan or facts.looked_after", cp: nil, la: true) == .yes)
        #expect(try truth("facts.cp_plan or facts.looked_after", cp: nil, la: false) == .unknown(["facts.cp_plan"]))
        #expect(try truth("facts.cp_plan and facts.looked_after", cp: nil, la: false) == .no)
        #expect(try truth("not facts.cp_plan", cp: nil, la: nil) == .unknown(["facts.cp_plan"]))
        #expect(try truth("age >= 16 or facts.looked_after", cp: nil, la: true) == .yes)
        #expect(try truth("age >= 16", cp: nil, la: nil) == .unknown(["age"]))
    }
}

/// A field read on a rule over several event types is looked up per type: it may sit at different
/// places, and a type without it reads it as unknown (BCP PENDING-ENGINE 2, Leicestershire 2).
@Suite struct FieldsReadPerEventType {
    let p = try! policy("""
    rules:
      - id: rhi-considered
        cite: "12.1"
        when: {event: missing.found}
        require:
          action: [rhi.completed, rhi.declined]
          only_if: 'event.type == "rhi.completed" or event.reason != ""'
          within: 72h
      - id: significant-risk
        cite: "4"
        when: {event: [absence.started, absence.risk_changed], if: event.significant_risk}
        notify: [police]
    """)

    func run(_ answer: HistoryTestEvent) throws -> Report {
        try bothWays(p, try incident([("e1", "missing.reported", "2026-03-10T14:00:00Z", ["risk": "medium"]),
                                      ("e2", "missing.found", "2026-03-10T16:00:00Z", [:]), answer]), asOf: "2026-03-20T09:00:00Z")
    }

    @Test func aDeclineAnswersOnlyWithItsReason() throws {
        let none = try run(("e3", "rhi.declined", "2026-03-11T10:00:00Z", [:]))
        #expect(none.obligations.map { "\($0.status) \($0.due)" } == ["overdue 2026-03-13T16:00:00Z"])
        let empty = try run(("e3", "rhi.declined", "2026-03-11T10:00:00Z", ["reason": ""]))
        #expect(empty.obligations.map(\.status) == [.overdue])
        let given = try run(("e3", "rhi.declined", "2026-03-11T10:00:00Z", ["reason": "seen by school nurse"]))
        #expect(given.obligations.map { "\($0.status) \($0.satisfiedBy ?? "-")" } == ["met e3"])
        // The interview itself has no reason to give.
        let held = try run(("e3", "rhi.completed", "2026-03-11T10:00:00Z", [:]))
        #expect(held.obligations.map { "\($0.status) \($0.satisfiedBy ?? "-")" } == ["met e3"])
    }

    @Test func aFieldAtDifferentPlacesIsReadFromEach() throws {
        let r = try bothWays(p, try incident([
            ("a1", "absence.started", "2026-03-10T14:00:00Z", ["whereabouts_known": false, "significant_risk": true]),
            ("a2", "absence.ended", "2026-03-10T18:00:00Z", [:]),
            ("a3", "absence.started", "2026-03-11T14:00:00Z", ["whereabouts_known": false]),
            ("a4", "absence.risk_changed", "2026-03-11T15:00:00Z", ["significant_risk": true]),
        ], facts: ["looked_after": true]), asOf: "2026-03-20T09:00:00Z")
        #expect(r.escalations.map(\.at) == [instant("2026-03-10T14:00:00Z"), instant("2026-03-11T15:00:00Z")])
    }

    @Test func validateAcceptsAGuardedFieldAndWarnsOfAnUnguardedOne() throws {
        #expect(compile("""
        rules:
          - id: a
            cite: "1"
            when: {event: missing.found}
            require: {action: [rhi.completed, rhi.declined], only_if: 'event.type == "rhi.completed" or event.reason != ""', within: 72h}
        """).1.items.isEmpty)
        let (p, d, _) = compile("""
        rules:
          - id: a
            cite: "1"
            when: {event: missing.found}
            require: {action: [rhi.completed, rhi.declined], only_if: 'event.reason != ""', within: 72h}
          - id: b
            cite: "1"
            when: {event: missing.found}
            require: {action: [rhi.completed, rhi.declined], only_if: 'event.reasn != ""', within: 72h}
        """)
        #expect(p == nil)
        #expect(d.items.map(\.id) == ["field-not-on-every-type", "unknown-field"])
        #expect(d.items.map(\.severity) == [.warning, .error])
        #expect(d.items.map { $0.location?.line } == [12, 16])
        #expect(d.items[0].message.contains("'rhi.completed' has no field 'reason'"))
        #expect(d.items[1].suggestion == "event.reason")
        // One type in scope with no such field: the error is as before.
        let (_, one, _) = compile("""
        rules:
          - id: a
            cite: "1"
            when: {event: rhi.declined, if: 'event.outcome == "none"'}
            notify: [police]
        """)
        #expect(one.items.map(\.message) == ["event type 'rhi.declined' has no field 'outcome'"])
    }
}
