import Foundation
import Testing

let demo = "Examples/bcp-medium-risk-overnight.json"

@Suite struct CheckCommandTests {
    @Test func textReportListsOverdueFirstAndExitsOneOnBreaches() throws {
        let r = try CLI.run(["check", demo, "--as-of", "2026-03-18T15:00:00Z"])
        #expect(r.status == 1)
        #expect(r.stderr.isEmpty)
        let overdue = try #require(r.stdout.range(of: "OVERDUE"))
        let met = try #require(r.stdout.range(of: "MET"))
        #expect(overdue.lowerBound < met.lowerBound)
        #expect(r.stdout.contains("[overdue] rhi.completed by Wed 18 Mar 2026 14:20 GMT — Team manager"))
        #expect(r.stdout.contains("BCP missing children guidance §12.1"))
    }

    @Test func exitZeroWhenEverythingIsInOrder() throws {
        // Half an hour after the report: the immediate duties are still in time.
        let r = try CLI.run(["check", demo, "--as-of", "2026-03-13T23:30:00Z"])
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.stdout.contains("PENDING"))
    }

    @Test func jsonFollowsTheContractAndIsDeterministic() throws {
        let a = try CLI.run(["check", demo, "--as-of", "2026-03-20T09:00:00Z", "--format", "json"])
        let b = try CLI.run(["check", demo, "--as-of", "2026-03-20T09:00:00Z", "--format", "json"])
        #expect(a.stdout == b.stdout)
        #expect(a.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        // The contract's fields, and one added after them.
        #expect(Set(object.keys) == ["policy", "incident", "as_of", "summary", "obligations", "escalations", "diagnostics",
                                     "indeterminate_notifications"])
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary["met"] == 2 && summary["late"] == 2 && summary["overdue"] == 11 && summary["escalations"] == 4)
        #expect(summary["notifications"] == 3 && summary["overdue_escalations"] == 1)
        let obligations = try #require(object["obligations"] as? [[String: Any]])
        let rhi = try #require(obligations.first { $0["rule"] as? String == "rhi-within-72-hours" })
        #expect(rhi["due"] as? String == "2026-03-18T14:20:00Z")
        #expect(rhi["status"] as? String == "late")
        #expect(rhi["due_date"] is NSNull)
        #expect((rhi["citation"] as? [String: String])?["section"] == "12.1")
        for key in ["rule", "citation", "action", "responsible", "triggered_by", "triggered_at", "due", "due_date", "status", "satisfied_by", "because"] {
            #expect(rhi[key] != nil, "missing \(key)")
        }
        // Ordered by due.
        let dues = obligations.compactMap { $0["due"] as? String }
        #expect(dues == dues.sorted())
    }

    @Test func matchesTheGoldenReport() throws {
        let r = try CLI.run(["check", demo, "--as-of", "2026-03-20T09:00:00Z", "--format", "json"])
        let golden = CLI.root.appendingPathComponent("Tests/PolicyEvalCLITests/Golden/bcp-medium-risk-overnight.json").path
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] != nil { try r.stdout.write(toFile: golden, atomically: true, encoding: .utf8) }
        #expect(r.stdout == (try String(contentsOfFile: golden, encoding: .utf8)))
    }

    @Test func streamOfJSONLinesGivesTheSameReport() throws {
        let data = try Data(contentsOf: CLI.root.appendingPathComponent(demo))
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let events = try #require(object["events"] as? [[String: Any]])
        object["events"] = nil
        let subject = try CLI.temp("subject.json", String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        let lines = try events.reversed().map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        let stream = try CLI.temp("events.jsonl", lines.joined(separator: "\n") + "\n")
        let a = try CLI.run(["check", "--events", stream, "--subject", subject, "--as-of", "2026-03-20T09:00:00Z", "--format", "json"])
        let b = try CLI.run(["check", demo, "--as-of", "2026-03-20T09:00:00Z", "--format", "json"])
        #expect(a.status == 1)
        #expect(a.stdout == b.stdout)
        // The whole incident given as the subject: its events would be left out, so it is refused.
        let whole = try CLI.run(["check", "--events", stream, "--subject", demo, "--as-of", "2026-03-20T09:00:00Z"])
        #expect(whole.status == 2)
        #expect(whole.stderr.contains("field 'events': a subject file has no events"))
    }

    @Test func policyChosenByIdOrFileOrIncident() throws {
        #expect(try CLI.run(["check", demo, "--policy", "bcp-missing-children", "--as-of", "2026-03-20T09:00:00Z"]).status == 1)
        #expect(try CLI.run(["check", demo, "--policy", "Policies/bcp/missing-children.yaml", "--as-of", "2026-03-20T09:00:00Z"]).status == 1)
        let r = try CLI.run(["check", demo, "--policy", "bcp-missing-childen"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("Did you mean 'bcp-missing-children'?"))
    }

    static let badIncidents: [(String, String)] = [
        ("{", "not valid JSON"),
        (#"{"incident": {"id": "X", "subject": {"id": "C"}}, "events": [{"id": "e1", "type": "missing.reported", "time": "2026-03-14T22:10:00Z", "data": {"risk": "severe"}}]}"#,
         "event e1: field 'data.risk'"),
        (#"{"incident": {"id": "X", "subject": {"id": "C"}}, "events": [{"id": "e1", "type": "missing.found", "time": "2026-03-14 22:10"}]}"#,
         "event e1: field 'time'"),
        (#"{"incident": {"id": "X", "subject": {"id": "C"}}, "events": [{"type": "missing.found", "time": "2026-03-14T22:10:00Z"}]}"#,
         "event [0]: field 'id'"),
        (#"{"incident": {"id": "X", "timezone": "Mars/Olympus", "subject": {"id": "C"}}, "events": []}"#, "field 'incident.timezone'"),
        (#"{"incident": {"id": "X", "subject": {"id": "C"}}, "events": []}"#, "the incident names no policy"),
        (#"{"incident": {"id": "X", "policy": "bcp-missing-children", "subject": {"id": "C"}}, "events": [{"id": "n1", "type": "notification.sent", "time": "2026-03-14T22:10:00Z", "data": {"to": "polise"}}]}"#,
         "event n1: field 'data.to': \"polise\" is not a role of the vocabulary or of policy 'bcp-missing-children'; did you mean 'police'?"),
        // Roles are checked in time order, field by field: the second role field, and a role list.
        (#"{"incident": {"id": "X", "policy": "bcp-missing-children", "subject": {"id": "C"}}, "events": [{"id": "m1", "type": "missing.found", "time": "2026-03-14T22:00:00Z", "data": {"harmed": false}}, {"id": "k1", "type": "need_to_know.sent", "time": "2026-03-14T22:30:00Z", "data": {"to": ["police", "iro2"]}}, {"id": "r1", "type": "referral.made", "time": "2026-03-14T22:10:00Z", "data": {"to": "police", "by": "mahs"}}]}"#,
         "event r1: field 'data.by': \"mahs\" is not a role"),
        (#"{"incident": {"id": "X", "policy": "bcp-missing-children", "subject": {"id": "C"}}, "events": [{"id": "m1", "type": "missing.found", "time": "2026-03-14T22:00:00Z"}, {"id": "k1", "type": "need_to_know.sent", "time": "2026-03-14T22:30:00Z", "data": {"to": ["police", "iro2"]}}]}"#,
         "event k1: field 'data.to': \"iro2\" is not a role"),
    ]

    @Test(arguments: badIncidents)
    func badInputIsExitTwoWithAMessageAndNoReport(_ json: String, _ words: String) throws {
        let path = try CLI.temp("bad-\(abs(json.hashValue)).json", json)
        let r = try CLI.run(["check", path])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains(words), "\(r.stderr)")
    }

    @Test func badArguments() throws {
        #expect(try CLI.run(["check"]).status == 2)
        #expect(try CLI.run(["check", demo, "--as-of", "yesterday"]).status == 2)
        #expect(try CLI.run(["check", demo, "--format", "xml"]).status == 2)
        #expect(try CLI.run(["check", "no-such-file.json"]).status == 2)
    }
}

@Suite struct ValidateCommandTests {
    @Test func shippedPoliciesAreValid() throws {
        let r = try CLI.run(["validate"])
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.stdout.contains("valid"))
    }

    @Test func brokenPolicyGetsEveryErrorAndExitOne() throws {
        let r = try CLI.run(["validate", "Tests/PolicyEvalTests/Golden/planted-mistakes.yaml"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("planted-mistakes.yaml:14:19: error: unknown event type 'missing.fond'"))
        #expect(r.stdout.contains("6 errors, 0 warnings"))
    }

    @Test func jsonForEditors() throws {
        let r = try CLI.run(["validate", "Tests/PolicyEvalTests/Golden/planted-mistakes.yaml", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let items = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(items.count == 6)
        #expect(items[2]["id"] as? String == "unknown-event-type")
        #expect(items[2]["line"] as? Int == 14)
        #expect(items[2]["suggestion"] as? String == "missing.found")
    }

    @Test func hugeAndAliasBombFilesAreRefused() throws {
        var bomb = "policy: bomb\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for (n, p) in zip("bcdefghij", "abcdefghi") { bomb += "\(n): &\(n) [*\(p),*\(p),*\(p),*\(p),*\(p),*\(p),*\(p),*\(p),*\(p)]\n" }
        let r = try CLI.run(["validate", try CLI.temp("bomb.yaml", bomb)])
        #expect(r.status == 1)
        #expect(r.stdout.contains("anchors (&a) are not allowed"))
        let big = try CLI.temp("big.yaml", "")
        let h = try #require(FileHandle(forWritingAtPath: big))
        try h.truncate(atOffset: 50 * 1024 * 1024)
        try h.close()
        let b = try CLI.run(["validate", big])
        #expect(b.status == 1)
        #expect(b.stdout.contains("rule files are limited to"))
    }

    @Test func missingPathIsAnError() throws {
        let r = try CLI.run(["validate", "Policies/nowhere.yaml"])
        #expect(r.status == 2)  // a bad argument, not a broken rule file
        #expect(r.stderr.contains("no such file or folder: Policies/nowhere.yaml"))
    }
}

@Suite struct OtherCommandTests {
    @Test func dueDatesAndInstants() throws {
        let d = try CLI.run(["due", "--from", "2026-12-16", "--within", "15wd"])
        #expect(d.stdout == "2027-01-11 (Mon 11 Jan 2027)\n")
        let i = try CLI.run(["due", "--from", "2026-03-28T12:00:00Z", "--within", "24h"])
        #expect(i.stdout == "2026-03-29T12:00:00Z (Sun 29 Mar 2026 13:00 BST)\n")
        let outside = try CLI.run(["due", "--from", "2030-12-20", "--within", "10wd"])
        #expect(outside.status == 2)
        #expect(outside.stderr.contains("year 2031 is outside calendar 'england-and-wales'"))
        #expect(try CLI.run(["due", "--from", "2026-12-16", "--within", "24h"]).status == 2)
        #expect(try CLI.run(["due", "--from", "2026-12-16", "--within", "15 days"]).status == 2)
        let impossible = try CLI.run(["due", "--from", "2026-02-30", "--within", "3wd"])
        #expect(impossible.status == 2)
        #expect(impossible.stderr == "error: --from \"2026-02-30\" is not a day of the calendar (an impossible date); give one like 2026-12-16\n")
    }

    @Test func graphInBothFormats() throws {
        let dot = try CLI.run(["graph", "bcp-missing-children"])
        #expect(dot.status == 0)
        #expect(dot.stdout.hasPrefix("digraph \"bcp-missing-children\" {"))
        #expect(dot.stdout.contains("ev_missing_found -> rule_rhi_within_72_hours"))
        let mermaid = try CLI.run(["graph", "Policies/bcp/missing-children.yaml", "--format", "mermaid"])
        #expect(mermaid.stdout.hasPrefix("flowchart LR"))
        #expect(try CLI.run(["graph", "no-such-policy"]).status == 2)
    }

    @Test func explainTracesOneRule() throws {
        let r = try CLI.run(["explain", demo, "--rule", "rhi-within-72-hours", "--as-of", "2026-03-20T09:00:00Z"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("looked at e4 missing.found"))
        #expect(r.stdout.contains("condition episode.overnight"))
        #expect(r.stdout.contains("due Wed 18 Mar 2026 14:20 GMT (72h)"))
        #expect(r.stdout.contains("discharged by e6"))
        let bad = try CLI.run(["explain", demo, "--rule", "rhi-within-72-hour"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("did you mean 'rhi-within-72-hours'"))
    }

    @Test func aMisspeltStatusInATestCaseIsRefusedWithItsPlace() throws {
        let file = try CLI.temp("status.tests.yaml", """
        policy: bcp-missing-children
        cases:
          - name: misspelt status
            as_of: "2026-03-20T09:00:00Z"
            incident: {id: T-1, subject: {id: C-1, facts: {}}}
            events: []
            expect:
              obligations:
                - {rule: rhi-within-72-hours, status: lat}
        """)
        let r = try CLI.run(["test", file])
        #expect(r.status == 1)
        #expect(r.stderr.contains("status.tests.yaml:9:47: error: unknown status 'lat'"), "\(r.stderr)")
        #expect(r.stderr.contains("= help: did you mean 'late'?"))
        #expect(r.stderr.contains("= note: statuses: met, late, early, overdue, pending, cancelled, indeterminate"))
    }

    @Test func policyTestsRunLikeATestRunner() throws {
        let r = try CLI.run(["test", "Policies", "--coverage"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains(" passed, 0 failed\n"))
        #expect(r.stdout.contains("Coverage"))
    }
}

@Suite struct TestFilesOutsideAPoliciesFolder {
    @Test func anUnknownPolicyIsAnErrorNotAnEmptyPass() throws {
        let file = try CLI.temp("nope.tests.yaml", "policy: no-such-policy\ncases: []\n")
        let r = try CLI.run(["test", file])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: no valid policy 'no-such-policy'"), "\(r.stderr)")
        // Not an empty pass: the summary counts the errors that stopped the cases.
        #expect(!r.stdout.contains("0 passed, 0 failed\n"))
        #expect(r.stdout.contains("error") && r.stdout.contains("in the files read (on standard error)"), "\(r.stdout)")
    }
}
