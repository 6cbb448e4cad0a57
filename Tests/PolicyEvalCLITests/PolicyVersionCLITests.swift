import Foundation
import Testing

/// Two versions of a protocol side by side in a folder, from the command line.
@Suite struct PolicyVersionCLITests {
    static func version(_ v: String, effective: String, replaces: String?, within: String) -> String {
        """
        policy: example-missing
        title: Missing children
        authority: Example Council
        version: "\(v)"
        effective: \(effective)
        \(replaces.map { "replaces: \"\($0)\"" } ?? "")
        source: Example missing children protocol
        calendar: england-and-wales
        rules:
          - {id: rhi, cite: "12.1", when: {event: missing.found}, require: {action: rhi.completed, within: \(within)}}

        """
    }

    @Test func checkAndTestApplyTheVersionInForceWhenEachDutyArose() throws {
        let dir = try CLI.policies("versions")
        try FileManager.default.createDirectory(atPath: dir + "/example", withIntermediateDirectories: true)
        try Self.version("2020-01", effective: "2020-01-01", replaces: nil, within: "72h").write(toFile: dir + "/example/missing-2020.yaml", atomically: true, encoding: .utf8)
        try Self.version("2024-04", effective: "2024-04-01", replaces: "2020-01", within: "3wd").write(toFile: dir + "/example/missing-2024.yaml", atomically: true, encoding: .utf8)
        let events = """
        [{"id": "r1", "type": "missing.reported", "time": "2024-03-29T20:00:00Z", "data": {"risk": "low"}},
         {"id": "f1", "type": "missing.found", "time": "2024-03-30T10:00:00Z"},
         {"id": "r2", "type": "missing.reported", "time": "2024-04-02T08:00:00Z", "data": {"risk": "low"}},
         {"id": "f2", "type": "missing.found", "time": "2024-04-02T10:00:00Z"}]
        """
        let incident = try CLI.temp("versions-incident.json", #"{"incident": {"id": "V-1", "policy": "example-missing", "subject": {"id": "C-1"}}, "events": \#(events)}"#)
        let v = try CLI.run(["validate", dir + "/example"])
        #expect(v.status == 0 && v.stdout.contains("2 policies valid"), "\(v.stdout)")
        let r = try CLI.run(["check", incident, "--policies", dir, "--as-of", "2024-04-20T09:00:00Z", "--format", "json"])
        #expect(r.status == 1, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let policy = try #require(object["policy"] as? [String: Any])
        #expect(policy["version"] as? String == "2024-04")
        #expect((policy["versions"] as? [[String: Any]])?.compactMap { $0["version"] as? String } == ["2020-01", "2024-04"])
        let obligations = try #require(object["obligations"] as? [[String: Any]])
        #expect(obligations.compactMap { $0["policy_version"] as? String } == ["2020-01", "2024-04"])
        #expect(obligations.compactMap { $0["due"] as? String } == ["2024-04-02T10:00:00Z", "2024-04-05T22:59:59Z"])
        let text = try CLI.run(["check", incident, "--policies", dir, "--as-of", "2024-04-20T09:00:00Z"])
        #expect(text.stdout.contains("Versions, by the day each duty arose: 2020-01"), "\(text.stdout)")
        // explain shows each version's steps under its own heading, and the version of each duty.
        let e = try CLI.run(["explain", incident, "--policies", dir, "--rule", "rhi", "--as-of", "2024-04-20T09:00:00Z"])
        #expect(e.status == 0, "\(e.stderr)")
        #expect(e.stdout.contains("Version 2020-01: its duties are those that arose from Wed 1 Jan 2020 until Mon 1 Apr 2024"))
        #expect(e.stdout.contains("triggered by f2 (version 2024-04)"))
        // A rule file given by path is that version alone.
        let one = try CLI.run(["check", incident, "--policies", dir, "--policy", dir + "/example/missing-2020.yaml", "--as-of", "2024-04-20T09:00:00Z", "--format", "json"])
        #expect(!one.stdout.contains("policy_version") && one.stdout.contains("\"version\": \"2020-01\""))
        // Test cases run against both versions, and may name the version a duty follows.
        try """
        policy: example-missing
        cases:
          - name: each return follows its own version
            as_of: "2024-04-20T09:00:00Z"
            incident: {id: T-1, subject: {id: C-1}}
            events: \(events.replacingOccurrences(of: "\n", with: " "))
            expect:
              obligations:
                - {rule: rhi, triggered_by: f1, policy_version: "2020-01", due: "2024-04-02T10:00:00Z"}
                - {rule: rhi, triggered_by: f2, policy_version: "2024-04", due_date: "2024-04-05"}
        """.write(toFile: dir + "/example/missing.tests.yaml", atomically: true, encoding: .utf8)
        let t = try CLI.run(["test", dir + "/example"])
        #expect(t.status == 0 && t.stdout.contains("1 passed, 0 failed"), "\(t.stdout)\(t.stderr)")
        let g = try CLI.run(["graph", "example-missing", "--policies", dir])
        #expect(g.status == 0 && g.stdout.contains("3wd"), "\(g.stderr)")
    }

    @Test func aDutyBeforeTheOnlyVersionTookEffectIsKeptWithAWarning() throws {
        let dir = try CLI.policies("one-version")
        try FileManager.default.createDirectory(atPath: dir + "/example", withIntermediateDirectories: true)
        let file = dir + "/example/missing-2024.yaml"
        try Self.version("2024-04", effective: "2024-04-01", replaces: nil, within: "3wd").write(toFile: file, atomically: true, encoding: .utf8)
        let incident = try CLI.temp("one-version-incident.json", #"""
        {"incident": {"id": "V-2", "policy": "example-missing", "subject": {"id": "C-1"}}, "events": [
         {"id": "r1", "type": "missing.reported", "time": "2024-03-29T20:00:00Z", "data": {"risk": "low"}},
         {"id": "f1", "type": "missing.found", "time": "2024-03-30T10:00:00Z"},
         {"id": "r2", "type": "missing.reported", "time": "2024-04-02T08:00:00Z", "data": {"risk": "low"}},
         {"id": "f2", "type": "missing.found", "time": "2024-04-02T10:00:00Z"}]}
        """#)
        let warning = "1 duty was triggered before this version (\"2024-04\") took effect on 2024-04-01; no earlier version was given, so it follows this one"
        for args in [["--policy", file], ["--policies", dir]] {
            let r = try CLI.run(["check", incident, "--as-of", "2024-04-20T09:00:00Z", "--format", "json"] + args)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stderr)")
            let obligations = try #require(object["obligations"] as? [[String: Any]])
            #expect(obligations.compactMap { $0["triggered_by"] as? String } == ["f1", "f2"])
            let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
            #expect(diagnostics.contains { $0["severity"] as? String == "warning" && $0["event"] as? String == "f1" && $0["message"] as? String == warning },
                    "\(diagnostics)")
        }
        let text = try CLI.run(["check", incident, "--policy", file, "--as-of", "2024-04-20T09:00:00Z"])
        #expect(text.stdout.contains("warning: event f1: \(warning)"), "\(text.stdout)")
        // Nothing before the date: no warning.
        let later = try CLI.run(["check", incident, "--policy", file, "--as-of", "2024-03-30T09:00:00Z"])
        #expect(!later.stdout.contains("took effect"), "\(later.stdout)")
    }

    /// The example in docs/rule-language.md, "Testing versions side by side", passes as written.
    @Test func theDocumentedTwoVersionsExamplePasses() throws {
        let text = try String(contentsOfFile: CLI.root.path + "/docs/rule-language.md", encoding: .utf8)
        let heading = try #require(text.range(of: "### Testing versions side by side"))
        let open = try #require(text.range(of: "```yaml\n", range: heading.upperBound..<text.endIndex))
        let close = try #require(text.range(of: "```", range: open.upperBound..<text.endIndex))
        let dir = try CLI.policies("documented-versions")
        try FileManager.default.createDirectory(atPath: dir + "/example", withIntermediateDirectories: true)
        try Self.version("2020-01", effective: "2020-01-01", replaces: nil, within: "72h").write(toFile: dir + "/example/missing-2020.yaml", atomically: true, encoding: .utf8)
        try Self.version("2024-04", effective: "2024-04-01", replaces: "2020-01", within: "3wd").write(toFile: dir + "/example/missing-2024.yaml", atomically: true, encoding: .utf8)
        try String(text[open.upperBound..<close.lowerBound]).write(toFile: dir + "/example/missing.tests.yaml", atomically: true, encoding: .utf8)
        let t = try CLI.run(["test", dir + "/example"])
        #expect(t.status == 0 && t.stdout.contains("1 passed, 0 failed"), "\(t.stdout)\(t.stderr)")
    }
}
