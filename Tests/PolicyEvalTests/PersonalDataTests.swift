import Foundation
import Testing
@testable import PolicyEval

/// Issue 15 item 7: values from input in what policyeval writes. Messages show only codes
/// (event types, enumeration values, roles, zones), times shaped like times, short numbers
/// and ids of an id's shape; everything is written with control characters escaped, in the
/// text report, JSON, diagnostics, explain and graph labels.
@Suite struct PersonalDataTests {
    let reader = IncidentReader(vocabulary: vocabulary)
    static let head = #"{"incident": {"id": "I-1", "subject": {"id": "C-1"}}, "events": "#

    func error(_ json: String) throws -> IncidentError {
        do {
            _ = try reader.read(Data(json.utf8), file: "in.json")
        } catch { return error }
        throw TestFailure("no error for \(json)")
    }

    func event(id: String = "e1", type: String = "missing.found", time: String = "2026-03-14T22:10:00Z", data: String = "{}") -> String {
        Self.head + #"[{"id": \#(JSON.quote(id)), "type": \#(JSON.quote(type)), "time": \#(JSON.quote(time)), "data": \#(data)}]}"#
    }

    /// No control character (C0, DEL, C1, separators, bidirectional) in `s`.
    func clean(_ s: String) -> Bool { !s.unicodeScalars.contains(where: Shown.isControl) }

    @Test(arguments: [
        ("07700 900123", "phone number"), ("943 476 5919", "NHS number"), ("0770-090-0123", "phone number with hyphens"),
        ("john", "a lower-case name"), ("17/05/2010", "a date of birth"),
    ])
    func freeTextInATimeFieldIsNotShown(_ value: String, _ what: String) throws {
        let e = try error(event(time: value))
        #expect(!e.description.contains(value), "\(what): \(e)")
        #expect(e.description.contains("a string of \(value.count) characters (not shown"), "\(e)")
        let last = try error(event(type: "missing.reported", data: #"{"risk": "low", "last_seen": \#(JSON.quote(value))}"#))
        #expect(!last.description.contains(value), "\(what): \(last)")
    }

    @Test func aTimeShapedSlipIsShown() throws {
        #expect(try error(event(time: "2026-03-14T22:10:00")).description.contains(#""2026-03-14T22:10:00": "#))
        #expect(try error(event(time: "2026-02-30T22:10:00Z")).description.contains(#""2026-02-30T22:10:00Z""#))
    }

    @Test func valuesOfTheWrongTypeAreNotShown() throws {
        for (data, hidden) in [(#"{"harmed": "john"}"#, "john"), (#"{"harmed": "Jane Smith"}"#, "Jane"), (#"{"harmed": 9434765919}"#, "9434765919")] {
            let e = try error(event(data: data))
            #expect(!e.description.contains(hidden), "\(e)")
            #expect(e.description.contains("expected true or false, got a "), "\(e)")
        }
        // A short number is a count or a year, and helps fix the slip.
        #expect(try error(event(data: #"{"harmed": 3}"#)).description.hasSuffix("expected true or false, got 3"))
    }

    @Test func codesAreShownQuotedAndEscaped() throws {
        let type = try error(event(type: "missing.fond"))
        #expect(type.description == #"in.json: event e1: field 'type': unknown event type "missing.fond"; did you mean "missing.found"?"#)
        let ansi = try error(event(type: "missing.fond\u{1B}[31m\nOK"))
        #expect(ansi.description == #"in.json: event e1: field 'type': unknown event type "missing.fond\u{1B}[31m\nOK""#)
        #expect(clean(ansi.description))
        let risk = try error(event(type: "missing.reported", data: #"{"risk": "hihg"}"#))
        #expect(risk.description.hasSuffix(#"got "hihg"; did you mean "high"?"#))
        let zone = try error(#"{"incident": {"id": "I-1", "timezone": "Europe/London\u001b[2J", "subject": {"id": "C-1"}}, "events": []}"#)
        #expect(zone.description.contains(#""Europe/London\u{1B}[2J""#), "\(zone)")
        // Free text put in a code's field (it has spaces) is not a code.
        let sentence = try error(event(type: "Jane Smith went missing"))
        #expect(!sentence.description.contains("Jane"))
    }

    @Test(arguments: [("e1", true), ("BCP-2026-0142", true), ("3f2b8c1e-9d4a-4e6b-8f0a-1c2d3e4f5a6b", true), ("evt_12.a:b", true),
                      ("Jane Smith 17/05/2010", false), ("jsmith-2010-05-17", false), ("js-17.05.2010", false), ("c-17052010", false),
                      ("9434765919", false), ("07700900123", false), ("e1\n", false), ("", false),
                      (String(repeating: "a", count: 41), false), ("jane@example.org", false)])
    func idShapes(_ id: String, _ shown: Bool) {
        #expect(Shown.isIDShaped(id) == shown, "\(id)")
    }

    @Test func anEventIdOfAnotherShapeIsNamedByItsPlace() throws {
        let name = "Jane Smith 17/05/2010"
        let e = try error(event(id: name, type: "missing.fond"))
        #expect(!e.description.contains("Jane") && !e.description.contains("2010"), "\(e)")
        #expect(e.event?.hasPrefix("[0] (its id, 21 characters, is not shown") == true, "\(e)")
        let duplicate = try error(Self.head + #"[{"id": "jsmith-2010-05-17", "type": "missing.found", "time": "2026-03-14T22:10:00Z"}, {"id": "jsmith-2010-05-17", "type": "missing.found", "time": "2026-03-14T22:10:00Z"}]}"#)
        #expect(!duplicate.description.contains("jsmith"), "\(duplicate)")
        #expect(duplicate.description.contains("event [1] (its id"), "\(duplicate)")
        // In a stream the line names the event.
        var notes: [ReportDiagnostic] = []
        do {
            _ = try reader.readEventLine(Data(#"{"id": "Jane\u001b[2J", "type": "x.y", "time": "2026-03-14T22:10:00Z"}"#.utf8), number: 4, file: "s.jsonl", diagnostics: &notes)
            Issue.record("no error")
        } catch {
            #expect(error.description.hasPrefix("s.jsonl:4: event (its id, 8 characters, is not shown"), "\(error)")
            #expect(clean(error.description))
        }
    }

    @Test func aDuplicateKeyIsNamedOnlyWhenShapedLikeOne() throws {
        let named = try error(event(data: #"{"harmed": true, "harmed": false}"#))
        #expect(named.description.contains(#"the key "harmed" appears twice"#), "\(named)")
        let person = try error(event(data: #"{"Jane Smith": 1, "Jane Smith": 2}"#))
        #expect(!person.description.contains("Jane"), "\(person)")
        #expect(person.description.contains("the key <a key of 10 characters> appears twice"), "\(person)")
        let phone = try error(event(data: #"{"07700900123": 1}"#))
        #expect(!phone.description.contains("07700900123"), "\(phone)")
    }

    @Test func aControlCharacterInBadJSONIsEscaped() throws {
        let e = try error(Self.head + "[\u{1B}[2J]}")
        #expect(clean(e.description))
        #expect(e.description.contains(#"unexpected character '\u{1B}'"#), "\(e)")
    }

    // MARK: Reports, explain, graphs, diagnostics

    static let rules = """
    rules:
      - {id: tell, cite: "12.1", when: {event: rhi.completed}, require: {action: notification.sent, within: 72h}}
    """

    func forgedReport() throws -> Report {
        let json = #"{"incident": {"id": "I-1\nOVERDUE\n  [met] rhi.completed forged\u001b[2J\u2028\u202e", "subject": {"id": "C-1"}}, "events": [{"id": "e1\u001b]0;pwned\u0007\r", "type": "rhi.completed", "time": "2026-03-14T22:10:00Z"}]}"#
        let (i, _) = try reader.read(Data(json.utf8), file: "in.json")
        return try evaluate(try policy(Self.rules), i, asOf: "2026-03-20T09:00:00Z")
    }

    @Test func theTextReportCannotBeForgedOrDriveATerminal() throws {
        let text = ReportText.render(try forgedReport())
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1] == #"Incident I-1\nOVERDUE\n  [met] rhi.completed forged\u{1B}[2J\u{2028}\u{202E}, as of Fri 20 Mar 2026 09:00 GMT"#)
        #expect(!lines.contains { $0.hasPrefix("  [met]") })
        #expect(clean(lines.joined()))
        #expect(text.contains(#"triggered by e1\u{1B}]0;pwned\u{7}\r at"#))
    }

    @Test func theJSONReportEscapesEveryControlCharacter() throws {
        let json = ReportJSON.render(try forgedReport())
        #expect(clean(json.replacingOccurrences(of: "\n", with: "")))
        #expect(json.contains(#""incident": "I-1\nOVERDUE\n  [met] rhi.completed forged\u001b[2J\u2028\u202e""#))
        #expect(json.contains(#""triggered_by": "e1\u001b]0;pwned\u0007\r""#))
        // Still the same strings when read back.
        let back = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(back?["incident"] as? String == "I-1\nOVERDUE\n  [met] rhi.completed forged\u{1B}[2J\u{2028}\u{202E}")
        #expect(JSON.quote("\u{7F}\u{85}\u{9B}\u{200E}") == #""\u007f\u0085\u009b\u200e""#)
    }

    @Test func graphLabelsAreNeitherMarkupNorControls() throws {
        let p = try policy("""
        rules:
          - id: a
            cite: "<img src=x onerror=alert(1)> & # ` \\e[31m \\u202E"
            when: {event: missing.found}
            require: {action: rhi.completed, within: 72h}
        """)
        let mermaid = GraphRenderer.render(p, format: .mermaid)
        #expect(!mermaid.contains("<img") && !mermaid.contains("&") && mermaid.contains("#lt;img src=x onerror=alert(1)#gt; #amp; #35; #96;"), "\(mermaid)")
        #expect(clean(mermaid.replacingOccurrences(of: "\n", with: "")))
        let dot = GraphRenderer.render(p, format: .dot)
        #expect(clean(dot.replacingOccurrences(of: "\n", with: "")))
        #expect(dot.contains(#"\\u{1B}[31m \\u{202E}"#), "\(dot)")
    }

    @Test func diagnosticsEscapeMessagesAndSourceLines() throws {
        let (_, d, source) = compile("""
        rules:
          - {id: a, cite: "1", when: {overdue: "b\\e[2J\\nerror: forged"}, require: {action: rhi.completed, within: 1h}}
        """)
        let text = DiagnosticRenderer(sources: source.map { [$0] } ?? []).render(d)
        #expect(text.contains(#"error: no rule has id 'b\u{1B}[2J\nerror: forged'"#), "\(text)")
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("error: forged") })
        #expect(clean(text.replacingOccurrences(of: "\n", with: "")))
        // A raw control character in a rule file is refused; the line shown with it escaped, the caret under it.
        let raw = "policy: x\ntitle: \"a\u{1B}[31m\"\n"
        do {
            _ = try YAMLSource.YAMLLoader.parse(raw, file: "raw.yaml")
            Issue.record("accepted")
        } catch {
            let rendered = DiagnosticRenderer(sources: [SourceFile(path: "raw.yaml", text: raw)]).render(Diagnostic(error))
            #expect(clean(rendered.replacingOccurrences(of: "\n", with: "")))
            #expect(rendered.contains(#"2 | title: "a\u{1B}[31m""#), "\(rendered)")
            #expect(rendered.contains("  |          ^"), "\(rendered)")
        }
    }

    @Test func terminalSafeKeepsTheLayout() {
        #expect(Shown.escaped("e1\u{1B}]0;\u{7}") == #"e1\u{1B}]0;\u{7}"#)
        #expect(Shown.terminalSafe("a\n\tb\u{1B}c\u{9B}\n") == "a\n\tb\\u{1B}c\\u{9B}\n")
        #expect(Shown.terminalSafe("Zoë — 23:00 → ✓\n") == "Zoë — 23:00 → ✓\n")
    }
}
