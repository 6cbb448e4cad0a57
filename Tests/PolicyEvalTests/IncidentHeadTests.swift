import Foundation
import Testing
@testable import PolicyEval

/// Finding the incident's policy from its bytes (`IncidentHead`), and `check` without
/// --policy read that way against the JSON tree: the same report, errors and exit status.
@Suite struct IncidentHeadTests {
    func head(_ text: String) -> String? { IncidentHead.declaredPolicy(Array(text.utf8)) }

    @Test func findsThePolicyInTheIncidentObject() {
        #expect(head(#"{"incident": {"id": "A", "policy": "bcp-missing-children"}, "events": []}"#) == "bcp-missing-children")
        // Values before it are skipped by their brackets and strings, escapes and all.
        #expect(head(#"{"events": [{"id": "e}\"]", "data": {"a": [1, {"b": "]"}]}}], "x": -1.5e3, "incident": {"subject": {"facts": {"a": true}}, "note": "\\", "policy": "p"}}"#) == "p")
        #expect(head(" \n{ \"incident\" :{\t\"policy\"\r\n: \"sutton-safeguarding-adolescents\" } }") == "sutton-safeguarding-adolescents")
    }

    @Test func givesUpOnAnythingUnusual() {
        let cases = [
            "\u{FEFF}{\"incident\": {\"policy\": \"p\"}}",            // a byte-order mark
            #"{"incident": {"policy": "b\u0063p"}}"#,                 // an escape in the id
            #"{"incident": {"policy": ""}}"#,                         // empty
            #"{"incident": {"policy": 7}}"#,                          // not a string
            #"{"incident": {"policy": null}}"#,
            #"{"incident": {"id": "A"}}"#,                            // none
            #"{"incident": []}"#,                                     // not an object
            #"{"events": []}"#,
            #"{"in\u0063ident": {"policy": "p"}}"#,                   // an escape in a key
            #"{"events": [1, 2}, "incident": {"policy": "p"}}"#,      // brackets that do not match
            #"{"events": [, "incident": {"policy": "p"}}"#,
            #"{"incident": {"policy": "p"#,                            // ends early
            #"["incident", {"policy": "p"}]"#,
            "{\"incident\": {\"policy\": \"a\tb\"}}",                 // a control byte
            "{\"incident\": {\"policy\": \"" + String(repeating: "p", count: 300) + "\"}}",
            String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
            "{\"x\": " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + ", \"incident\": {\"policy\": \"p\"}}",
            "",
        ]
        for text in cases { #expect(head(text) == nil, "\(text.prefix(60))") }
        // Invalid UTF-8 in the id.
        #expect(IncidentHead.declaredPolicy(Array(#"{"incident": {"policy": ""#.utf8) + [0xC3, 0x28] + Array(#""}}"#.utf8)) == nil)
    }

    /// `check` of a file, without --policy, through the byte scan and through the JSON tree.
    func bothWays(_ path: String, format: ReportFormat = .json) -> (CommandResult, CommandResult) {
        var input = IncidentInput(incidentPath: path, policy: nil, policiesDir: policiesDir)
        let now = instant("2026-12-01T00:00:00Z")
        let fast = CheckCommand.run(.init(input: input, asOf: "2027-06-01T00:00:00Z", format: format), now: now)
        input.findsPolicyInBytes = false
        let tree = CheckCommand.run(.init(input: input, asOf: "2027-06-01T00:00:00Z", format: format), now: now)
        return (fast, tree)
    }

    @Test func everyExampleGivesTheSameReportBothWays() throws {
        let dir = repoRoot + "/Examples"
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.count > 30)
        for name in files {
            for format in [ReportFormat.json, .text] {
                let (fast, tree) = bothWays(dir + "/" + name, format: format)
                #expect(fast.stdout == tree.stdout, "\(name)")
                #expect(fast.stderr == tree.stderr, "\(name)")
                #expect(fast.exitCode == tree.exitCode, "\(name)")
                #expect(fast.exitCode != 2, "\(name): \(fast.stderr)")
            }
        }
    }

    /// Hostile and unusual files made from an example: the same messages and status both ways.
    @Test func unusualFilesGiveTheSameMessagesBothWays() throws {
        let text = try String(contentsOfFile: repoRoot + "/Examples/bcp-medium-risk-overnight.json", encoding: .utf8)
        let ok = #""policy": "bcp-missing-children""#
        let variants: [String] = [
            "\u{FEFF}" + text,
            text.replacingOccurrences(of: ok, with: #""policy": "bcp-missing-childre\u006e""#),
            text.replacingOccurrences(of: ok, with: #""policy": "no-such-policy""#),
            text.replacingOccurrences(of: ok, with: #""policy": "no-such-policy""#).replacingOccurrences(of: "]\n}", with: "]"),
            text.replacingOccurrences(of: ok, with: #""policy": "no-such-policy""#) + "x",
            text.replacingOccurrences(of: "]\n}", with: "]"),
            text + "]",
            text.replacingOccurrences(of: ok, with: ok + #", "policy": "sutton-safeguarding-adolescents""#),
            text.replacingOccurrences(of: ok, with: #""policy": "sutton-safeguarding-adolescents", "#  + ok),
            text.replacingOccurrences(of: "]\n}", with: #"], "incident": {"id": "X", "timezone": "Europe/London", "policy": "sutton-safeguarding-adolescents", "subject": {"id": "C", "born": "2011-02-03"}}}"#),
            text.replacingOccurrences(of: "]\n}", with: #"], "events": []}"#),
            text.replacingOccurrences(of: ok, with: #""policy": 12"#),
            text.replacingOccurrences(of: ok, with: #""policy": """#),
            text.replacingOccurrences(of: #""type": "rhi.completed""#, with: #""type": "rhi.complete""#),
            text.replacingOccurrences(of: #""e6""#, with: #""e5""#),
            text.replacingOccurrences(of: #""to": "police""#, with: #""to": "polise""#),
            text.replacingOccurrences(of: "\"timezone\": \"Europe/London\",", with: ""),
            text.replacingOccurrences(of: "\"events\"", with: "\"event\""),
            "{}", "[]", "", "{\"incident\": {\"policy\": \"bcp-missing-children\"}}",
        ]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policyeval-head-\(getpid())-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var refused = 0
        for (i, v) in variants.enumerated() {
            let path = "\(dir)/variant-\(i).json"
            try v.write(toFile: path, atomically: true, encoding: .utf8)
            let (fast, tree) = bothWays(path)
            #expect(fast.stdout == tree.stdout, "variant \(i)")
            #expect(fast.stderr == tree.stderr, "variant \(i)")
            #expect(fast.exitCode == tree.exitCode, "variant \(i)")
            if fast.exitCode == 2 { refused += 1; #expect(!fast.stderr.isEmpty) }
        }
        #expect(refused >= variants.count - 3, "most are refused, with a message")
    }
}
