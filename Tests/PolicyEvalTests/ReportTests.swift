import Testing
@testable import PolicyEval

@Suite struct ReportOrder {
    // Two rules due at the same instants: entries go by due, then rule id, then the id of
    // the triggering event, then occurrence (the report contract), whatever order they were opened in.
    let p = try! policy("""
    rules:
      - id: zz-later-rule
        cite: "1"
        when: {event: missing.found}
        require: {action: rhi.completed, within: 72h}
      - id: aa-earlier-rule
        cite: "2"
        when: {event: missing.found}
        require: {action: rhi.completed, within: 72h}
    """)

    @Test func byDueThenRuleThenTrigger() throws {
        let i = try incident([("m1", "missing.reported", "2026-03-14T22:10:00Z", ["risk": "low"]),
                              ("f9", "missing.found", "2026-03-15T09:30:00Z", [:]),
                              ("m2", "missing.reported", "2026-03-15T09:30:00Z", ["risk": "low"]),
                              ("f10", "missing.found", "2026-03-15T09:30:00Z", [:]),
                              ("m0", "missing.reported", "2026-03-13T08:00:00Z", ["risk": "low"]),
                              ("f0", "missing.found", "2026-03-13T08:30:00Z", [:])])
        let r = try evaluate(p, i, asOf: "2026-03-25T00:00:00Z")
        let order = r.obligations.map { "\($0.rule) \($0.triggeredBy)" }
        #expect(order == ["aa-earlier-rule f0", "zz-later-rule f0",
                          "aa-earlier-rule f10", "aa-earlier-rule f9", "zz-later-rule f10", "zz-later-rule f9"])
    }

    @Test func escalationsByInstantThenRule() throws {
        let q = try policy("""
        rules:
          - id: zz-tell
            cite: "1"
            when: {event: missing.reported}
            notify: [police]
          - id: aa-tell
            cite: "2"
            when: {event: missing.reported}
            notify: [police]
        """)
        let i = try incident([("m2", "missing.reported", "2026-03-15T09:30:00Z", ["risk": "low"]),
                              ("m1", "missing.reported", "2026-03-14T22:10:00Z", ["risk": "low"]),
                              ("f1", "missing.found", "2026-03-14T23:00:00Z", [:])])
        let r = try evaluate(q, i, asOf: "2026-03-25T00:00:00Z")
        #expect(r.escalations.map { "\($0.rule) \($0.at)" } == [
            "aa-tell 2026-03-14T22:10:00Z", "zz-tell 2026-03-14T22:10:00Z",
            "aa-tell 2026-03-15T09:30:00Z", "zz-tell 2026-03-15T09:30:00Z"])
    }
}

@Suite struct ReportEquality {
    @Test func escalationsCompareByWhatTheyShow() throws {
        let p = try policy("""
        rules:
          - id: tell-a
            cite: "1"
            note: First reading.
            when: {event: missing.reported}
            notify: [police]
          - id: tell-b
            cite: "1"
            when: {event: missing.reported}
            require: {action: need_to_know.sent, within: 2h}
            notify: [police]
        """)
        let i = try incident([("m1", "missing.reported", "2026-03-14T22:10:00Z", ["risk": "low"])])
        let r = try evaluate(p, i, asOf: "2026-03-25T00:00:00Z")
        var a = r.escalations[0], b = r.escalations[1]
        #expect(a != b)
        b.rule = a.rule
        b.citation = a.citation
        b.because = a.because
        a.because = a.because
        #expect(a == b)  // the rules' notes and actions differ, but an escalation does not show them
    }

    @Test func editingACopyLeavesTheReportAlone() throws {
        let p = try policy("""
        rules:
          - {id: rhi, cite: "12.1", when: {event: missing.found}, require: {action: rhi.completed, within: 72h}}
        """)
        let i = try incident([("m1", "missing.reported", "2026-03-14T22:10:00Z", ["risk": "low"]),
                              ("f1", "missing.found", "2026-03-15T09:30:00Z", [:])])
        let r = try evaluate(p, i, asOf: "2026-03-25T00:00:00Z")
        var copy = r
        copy.obligations[0].rule = "renamed"
        copy.obligations[0].note = "edited"
        #expect(r.obligations[0].rule == "rhi")
        #expect(r.obligations[0].note == nil)
        #expect(copy != r)
        copy.obligations[0].rule = "rhi"
        copy.obligations[0].note = nil
        #expect(copy == r)
    }
}

@Suite struct JSONWriting {
    @Test func stringsAreEscapedByteForByte() {
        #expect(JSON.quote("plain") == #""plain""#)
        #expect(JSON.quote("a \"b\" \\ c") == #""a \"b\" \\ c""#)
        #expect(JSON.quote("line\nnext\r\ttab") == #""line\nnext\r\ttab""#)
        #expect(JSON.quote("\u{01}\u{1F}") == #""\u0001\u001f""#)
        #expect(JSON.quote("Zoë — 23:00 ✓") == "\"Zoë — 23:00 ✓\"")  // multi-byte characters pass through
    }
}

@Suite struct NotificationsApartFromEscalations {
    // A rule that tells someone when it fires, and a duty that escalates when overdue:
    // the report counts and shows the two kinds apart (issue 11, item 3).
    let p = try! policy("""
    rules:
      - id: tell-chair
        cite: "7.2"
        when: {event: missing.reported}
        notify: [cp_chair]
      - id: ntk
        cite: "7.1"
        when: {event: missing.reported}
        require: {action: need_to_know.sent, within: 1h}
        escalate:
          - notify: [service_manager]
    """)

    @Test func kindsCountsAndSections() throws {
        let i = try incident([("m1", "missing.reported", "2026-03-14T22:10:00Z", ["risk": "high"])])
        let r = try evaluate(p, i, asOf: "2026-03-15T09:00:00Z")
        #expect(r.escalations.map { "\($0.rule) \($0.kind.rawValue)" } == ["tell-chair notification", "ntk escalation"])
        #expect(r.count(.notification) == 1 && r.count(.escalation) == 1)
        let text = ReportText.render(r)
        #expect(text.contains("1 overdue; 1 notification, 1 escalation\n"))
        let notices = try #require(text.range(of: "NOTIFICATIONS TO MAKE\n")), raised = try #require(text.range(of: "ESCALATIONS (duties overdue)\n"))
        #expect(text[notices.upperBound..<raised.lowerBound].contains("rule tell-chair"))
        #expect(!text[notices.upperBound..<raised.lowerBound].contains("rule ntk"))
        #expect(text[raised.upperBound...].contains("rule ntk"))
        let json = ReportJSON.render(r)
        #expect(json.contains(#""notifications": 1, "overdue_escalations": 1}"#))
        #expect(json.contains(#""kind": "notification"}"#) && json.contains(#""kind": "escalation"}"#))
    }

    @Test func notificationsAloneAreNotAnAllClear() throws {
        let q = try policy("""
        rules:
          - id: tell-chair
            cite: "7.2"
            when: {event: missing.reported}
            notify: [cp_chair]
        """)
        let i = try incident([("m1", "missing.reported", "2026-03-14T22:10:00Z", ["risk": "high"])])
        let text = ReportText.render(try evaluate(q, i, asOf: "2026-03-15T09:00:00Z"))
        #expect(text.contains("No duties apply; 1 notification\n"))
    }
}
