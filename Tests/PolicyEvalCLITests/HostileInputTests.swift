import Foundation
import Testing

/// Ambiguous policy folders, files over their limits, pipes and symbolic link loops:
/// each a clear error (exit 2, nothing on stdout) or a stated choice, never silently wrong.
@Suite struct PolicyLookupTests {
    let asOf = ["--as-of", "2026-03-20T09:00:00Z"]

    @Test func twoFilesDeclaringTheSamePolicyAreAnError() throws {
        let dir = try CLI.policies("dup", copying: ["bcp/missing-children.yaml"])
        try FileManager.default.copyItem(atPath: dir + "/bcp/missing-children.yaml", toPath: dir + "/bcp/missing-children.old.yaml")
        let r = try CLI.run(["check", demo, "--policies", dir] + asOf)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("policy \"bcp-missing-children\" is declared by 2 files"), "\(r.stderr)")
        #expect(r.stderr.contains("bcp/missing-children.old.yaml and \(dir)/bcp/missing-children.yaml"))
        // Also when the copy's head does not show the id plainly (it must be compiled to know).
        try FileManager.default.removeItem(atPath: dir + "/bcp/missing-children.old.yaml")
        let text = try String(contentsOfFile: dir + "/bcp/missing-children.yaml", encoding: .utf8)
        try ("# a copy\n" + text.replacingOccurrences(of: "policy: bcp-missing-children", with: "\"policy\": bcp-missing-children"))
            .write(toFile: dir + "/bcp/copy.yaml", atomically: true, encoding: .utf8)
        let c = try CLI.run(["check", demo, "--policies", dir] + asOf)
        #expect(c.status == 2)
        #expect(c.stderr.contains("is declared by 2 files"), "\(c.stderr)")
        let g = try CLI.run(["graph", "bcp-missing-children", "--policies", dir])
        #expect(g.status == 2)
        #expect(g.stderr.contains("is declared by 2 files"), "\(g.stderr)")
    }

    @Test func graphOfAFolderNeedsExactlyOnePolicy() throws {
        let r = try CLI.run(["graph", "Policies"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("Policies holds 5 policies"), "\(r.stderr)")
        #expect(try CLI.run(["graph", "Policies/bcp"]).stdout.hasPrefix("digraph \"bcp-missing-children\""))
    }

    @Test func aPolicyFolderMustHoldExactlyOnePolicy() throws {
        let r = try CLI.run(["check", demo, "--policy", "Policies"] + asOf)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("--policy Policies: the folder holds 5 policies (bcp-missing-children, dorset-"), "\(r.stderr)")
        let one = try CLI.run(["check", demo, "--policy", "Policies/bcp", "--format", "json"] + asOf)
        #expect(one.status == 1, "\(one.stderr)")
        #expect(one.stdout == (try CLI.run(["check", demo, "--format", "json"] + asOf)).stdout)
        let empty = try CLI.policies("empty-folder")
        try FileManager.default.createDirectory(atPath: empty + "/none", withIntermediateDirectories: true)
        let none = try CLI.run(["check", demo, "--policy", empty + "/none"] + asOf)
        #expect(none.status == 2)
        #expect(none.stderr.contains("the folder holds no rule file"), "\(none.stderr)")
    }

    @Test func validateOfAFolderWithNoRuleFilesIsAnError() throws {
        let dir = try CLI.policies("nothing-to-validate")
        try FileManager.default.createDirectory(atPath: dir + "/local", withIntermediateDirectories: true)
        let r = try CLI.run(["validate", dir + "/local"])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("\(dir)/local: no rule files"), "\(r.stderr)")
        try "# notes\n".write(toFile: dir + "/local/README.md", atomically: true, encoding: .utf8)
        #expect(try CLI.run(["validate", dir + "/local", "--format", "json"]).status == 2)
        // A folder with only the vocabulary and calendars holds no rule file either.
        #expect(try CLI.run(["validate", dir]).status == 2)
        // Still exit 1 for errors in rule files, as documented.
        #expect(try CLI.run(["validate", "Tests/PolicyEvalTests/Golden/planted-mistakes.yaml"]).status == 1)
    }

    @Test func aRuleFileOverTheLimitIsSkippedByItsSize() throws {
        let dir = try CLI.policies("oversize", copying: ["bcp/missing-children.yaml"])
        // Another policy's file over the limit: a warning in the report; it is not read.
        let other = dir + "/other.yaml"
        try "policy: some-other-policy\n".write(toFile: other, atomically: true, encoding: .utf8)
        let h = try #require(FileHandle(forWritingAtPath: other))
        try h.truncate(atOffset: 3 * 1024 * 1024)
        try h.close()
        let r = try CLI.run(["check", demo, "--policies", dir] + asOf)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("\(other) is 3145728 bytes, over the 2 MiB limit for rule files, and was not read"), "\(r.stdout)")
        // The file the incident needs over the limit: an error.
        try FileManager.default.removeItem(atPath: dir + "/bcp/missing-children.yaml")
        try FileManager.default.moveItem(atPath: other, toPath: dir + "/bcp/missing-children.yaml")
        try "policy: bcp-missing-children\n".write(toFile: dir + "/bcp/big.yaml", atomically: true, encoding: .utf8)
        let b = try #require(FileHandle(forWritingAtPath: dir + "/bcp/big.yaml"))
        try b.truncate(atOffset: 3 * 1024 * 1024)
        try b.close()
        try FileManager.default.removeItem(atPath: dir + "/bcp/missing-children.yaml")
        let e = try CLI.run(["check", demo, "--policies", dir] + asOf)
        #expect(e.status == 2)
        #expect(e.stderr.contains("policy \"bcp-missing-children\": \(dir)/bcp/big.yaml is 3145728 bytes, over the 2 MiB limit"), "\(e.stderr)")
    }
}

@Suite struct InputLimitTests {
    @Test func anIncidentOverTheLimitIsRefusedByItsSize() throws {
        let big = try CLI.temp("huge.json", "")
        let h = try #require(FileHandle(forWritingAtPath: big))
        try h.truncate(atOffset: 300 * 1024 * 1024)
        try h.close()
        let r = try CLI.run(["check", big])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "error: \(big): the file is 314572800 bytes; incident files are limited to 256 MiB (268435456 bytes)\n")
        let s = try CLI.run(["check", "--events", demo, "--subject", big])
        #expect(s.status == 2)
        #expect(s.stderr.contains("subject files are limited to 256 MiB"))
    }

    @Test func aStreamOverTheLimitIsRefused() throws {
        let subject = try CLI.temp("subject-only.json", #"{"incident": {"id": "S-1", "policy": "bcp-missing-children", "subject": {"id": "C-1"}}}"#)
        let big = try CLI.temp("huge.jsonl", "")
        let h = try #require(FileHandle(forWritingAtPath: big))
        try h.truncate(atOffset: 257 * 1024 * 1024)
        try h.close()
        let r = try CLI.run(["check", "--events", big, "--subject", subject])
        #expect(r.status == 2)
        #expect(r.stderr.contains("event streams are limited to 256 MiB"), "\(r.stderr)")
    }

    @Test func aHugeArrayOfNumbersIsRefusedNotAborted() throws {
        // 255 MiB of [0,0,0,...]: under the byte limit, but gigabytes as parsed values.
        let path = try CLI.temp("zeros.json", "")
        let h = try #require(FileHandle(forWritingAtPath: path))
        let chunk = Data(String(repeating: "0,", count: 1 << 19).utf8)
        try h.write(contentsOf: Data("[".utf8))
        for _ in 0..<255 { try h.write(contentsOf: chunk) }
        try h.write(contentsOf: Data("0]".utf8))
        try h.close()
        // With memory bounded as a service's would be: it used to need gigabytes and abort.
        let r = try CLI.shell(#"ulimit -v 2500000; "$0" check "\#(path)" --policy bcp-missing-children"#)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "error: \(path): the file must be a JSON object\n")
        try FileManager.default.removeItem(atPath: path)
        // The same inside "events": refused at the limit on values, not after gigabytes.
        let inside = try CLI.temp("zeros-inside.json", "")
        let w = try #require(FileHandle(forWritingAtPath: inside))
        try w.write(contentsOf: Data(#"{"incident": {"id": "Z-1", "policy": "bcp-missing-children", "subject": {"id": "C-1"}}, "events": ["#.utf8))
        for _ in 0..<33 { try w.write(contentsOf: chunk) }
        try w.write(contentsOf: Data("0]}".utf8))
        try w.close()
        let e = try CLI.shell(#"ulimit -v 2500000; "$0" check "\#(inside)""#)
        #expect(e.status == 2)
        #expect(e.stderr.hasSuffix(": more than 16000000 values in one file, the limit (about two million events)\n"), "\(e.stderr)")
        try FileManager.default.removeItem(atPath: inside)
    }

    @Test func eventsFromAPipe() throws {
        let data = try Data(contentsOf: CLI.root.appendingPathComponent(demo))
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let events = try #require(object["events"] as? [[String: Any]])
        object["events"] = nil
        let subject = try CLI.temp("pipe-subject.json", String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        let lines = try events.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        let r = try CLI.run(["check", "--events", "/dev/stdin", "--subject", subject, "--as-of", "2026-03-20T09:00:00Z", "--format", "json"],
                            stdin: lines.joined(separator: "\n") + "\n")
        let b = try CLI.run(["check", demo, "--as-of", "2026-03-20T09:00:00Z", "--format", "json"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout == b.stdout)
        // An incident file from a pipe too.
        let whole = try CLI.run(["check", "/dev/stdin", "--as-of", "2026-03-20T09:00:00Z", "--format", "json"],
                                stdin: String(decoding: data, as: UTF8.self))
        #expect(whole.stdout == b.stdout)
    }

    @Test func aLoopOfSymbolicLinksIsNamed() throws {
        let a = try CLI.temp("loop-a.json", "")
        try FileManager.default.removeItem(atPath: a)
        let b = a.replacingOccurrences(of: "loop-a", with: "loop-b")
        try? FileManager.default.removeItem(atPath: b)
        try FileManager.default.createSymbolicLink(atPath: a, withDestinationPath: b)
        try FileManager.default.createSymbolicLink(atPath: b, withDestinationPath: a)
        let r = try CLI.run(["check", a])
        #expect(r.status == 2)
        #expect(r.stderr == "error: \(a): cannot read: a loop of symbolic links (a link that leads back to itself)\n")
        let v = try CLI.run(["validate", a])
        #expect(v.status == 2)
        #expect(v.stderr.contains("a loop of symbolic links"), "\(v.stderr)")
        let p = try CLI.run(["check", demo, "--policy", a])
        #expect(p.status == 2)
        #expect(p.stderr.contains("--policy \(a): a loop of symbolic links"), "\(p.stderr)")
        #expect(try CLI.run(["check", "no-such-file.json"]).stderr == "error: no-such-file.json: cannot read: no such file or folder\n")
    }
}

/// Issue 15 item 7 end to end: what the binary writes, on both streams, for an incident
/// whose ids and values hold control characters and personal data.
@Suite struct PersonalDataInOutputTests {
    let asOf = ["--as-of", "2026-03-20T09:00:00Z"]

    /// No control character but the newlines and tabs of the layout.
    func clean(_ s: String) -> Bool {
        !s.unicodeScalars.contains { $0 != "\n" && $0 != "\t" && ($0.value < 0x20 || (0x7F...0x9F).contains($0.value) || [0x2028, 0x2029, 0x202E].contains($0.value)) }
    }

    @Test func checkExplainAndErrorsWriteNoControlCharacterAndNoPersonalData() throws {
        let forged = try CLI.temp("forged.json", #"""
        {"incident": {"id": "I-1\nOVERDUE\n  [met] forged\u001b[2J", "policy": "bcp-missing-children", "subject": {"id": "C-1"}},
         "events": [{"id": "e1\u001b]0;pwned\u0007", "type": "missing.reported", "time": "2026-03-14T22:10:00Z", "data": {"risk": "medium"}},
                    {"id": "e2\u202e", "type": "missing.found", "time": "2026-03-15T09:30:00Z"}]}
        """#)
        let text = try CLI.run(["check", forged] + asOf)
        #expect(text.status == 1, "\(text.stderr)")
        #expect(clean(text.stdout) && clean(text.stderr))
        #expect(text.stdout.contains(#"Incident I-1\nOVERDUE\n  [met] forged\u{1B}[2J, as of"#))
        #expect(!text.stdout.split(separator: "\n").contains { $0.hasPrefix("  [met] forged") })
        let json = try CLI.run(["check", forged, "--format", "json"] + asOf)
        #expect(clean(json.stdout), "\(json.stdout.prefix(400))")
        #expect(json.stdout.contains(#""triggered_by": "e1\u001b]0;pwned\u0007""#))
        let explain = try CLI.run(["explain", forged, "--rule", "rhi-within-72-hours"] + asOf)
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(clean(explain.stdout))
        #expect(explain.stdout.contains(#"looked at e2\u{202E} missing.found"#), "\(explain.stdout)")

        let personal = try CLI.temp("personal.json", #"""
        {"incident": {"id": "I-2", "policy": "bcp-missing-children", "subject": {"id": "C-1"}},
         "events": [{"id": "Jane Smith 17/05/2010", "type": "missing.fond\u001b[31m", "time": "2026-03-14T22:10:00Z"}]}
        """#)
        let bad = try CLI.run(["check", personal] + asOf)
        #expect(bad.status == 2)
        #expect(bad.stdout.isEmpty)
        #expect(clean(bad.stderr))
        #expect(!bad.stderr.contains("Jane") && !bad.stderr.contains("2010"), "\(bad.stderr)")
        #expect(bad.stderr.contains(#"field 'type': unknown event type "missing.fond\u{1B}[31m""#), "\(bad.stderr)")
        let phone = try CLI.temp("phone.json", #"""
        {"incident": {"id": "I-3", "policy": "bcp-missing-children", "subject": {"id": "C-1"}},
         "events": [{"id": "e1", "type": "missing.found", "time": "07700 900123"}]}
        """#)
        let p = try CLI.run(["check", phone] + asOf)
        #expect(p.status == 2)
        #expect(!p.stderr.contains("900123"), "\(p.stderr)")
        // An argument is the user's own, but still escaped.
        let arg = try CLI.run(["due", "--from", "2026-12-16", "--within", "3x\u{1B}[2J"])
        #expect(arg.status == 2)
        #expect(clean(arg.stderr) && arg.stderr.contains(#""3x\u{1B}[2J""#), "\(arg.stderr)")
    }
}

/// Invariants `make fuzz` checks (scripts/cli-fuzz.py), kept for what it found.
@Suite struct FuzzFindingsTests {
    /// The same events in another order, and as a stream, give the same report, warnings
    /// about left-out events included (they came in file order): read the general way
    /// (the incident names its policy) and from the bytes (--policy names it).
    @Test func warningsDoNotDependOnTheOrderOfTheFile() throws {
        let a = #"{"id": "a", "type": "missing.reportedx", "time": "2026-03-14T10:00:00Z"}"#
        let b = #"{"id": "b", "type": "missing.foundx", "time": "2026-03-14T09:00:00Z"}"#
        let k = #"{"id": "k", "type": "missing.reported", "time": "2026-03-14T08:00:00Z", "data": {"risk": "medium"}}"#
        let header = #"{"incident": {"id": "I-1", "policy": "bcp-missing-children", "subject": {"id": "C-1"}}"#
        let one = try CLI.temp("order-one.json", header + ", \"events\": [\(a), \(k), \(b)]}")
        let two = try CLI.temp("order-two.json", header + ", \"events\": [\(b), \(a), \(k)]}")
        let subject = try CLI.temp("order-subject.json", header + "}")
        let stream = try CLI.temp("order-events.jsonl", a + "\n" + b + "\n" + k + "\n")
        let args = ["--allow-unknown-types", "--as-of", "2026-03-20T09:00:00Z", "--format", "json"]
        let r1 = try CLI.run(["check", one] + args), r2 = try CLI.run(["check", two] + args)
        let r3 = try CLI.run(["check", "--events", stream, "--subject", subject] + args)
        let r4 = try CLI.run(["check", two, "--policy", "bcp-missing-children"] + args)
        #expect([0, 1].contains(r1.status), "\(r1.stderr)")
        #expect(r1.stdout.contains(#""event": "a""#), "\(r1.stdout.prefix(2000))")
        #expect(r1.stdout == r2.stdout)
        #expect(r1.stdout == r3.stdout)
        #expect(r1.stdout == r4.stdout)
        #expect(r1.stdout.range(of: #""event": "b""#)!.lowerBound < r1.stdout.range(of: #""event": "a""#)!.lowerBound)
    }
}
