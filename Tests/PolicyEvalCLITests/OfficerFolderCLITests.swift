import Foundation
import Testing

/// A policy officer's own folder outside the shipped policies: its vocabulary extends the core
/// of the policies folder (`--policies`, `$POLICYEVAL_POLICIES`), and its own `calendars/` are
/// found before the shipped ones.
@Suite struct OfficerFolderCLITests {
    static let vocabulary = """
    vocabulary: my-council
    extends: core
    events:
      intake.requested: {}
      intake.decided: {}

    """
    static func policy(calendar: String) -> String {
        """
        policy: own-intake
        title: Intake
        authority: Example Council
        version: "1"
        source: Example intake protocol
        calendar: \(calendar)
        rules:
          - id: decide
            cite: "1"
            when: {event: intake.requested}
            require: {action: intake.decided, responsible: social_worker, within: 1wd}

        """
    }
    static func calendar(_ name: String) -> String {
        """
        calendar: \(name)
        title: Bank holidays and the council's closure day
        covers: {from: 2026, to: 2026}
        holidays:
          - {date: 2026-03-03, name: "Council closure"}

        """
    }
    /// Requested on Monday 2 March: one working day is Tuesday 3rd, or Wednesday 4th when the
    /// council's own calendar closes the 3rd.
    static func tests(dueDate: String) -> String {
        """
        policy: own-intake
        cases:
          - name: the closure day is not a working day
            as_of: "2026-03-10T12:00:00Z"
            incident: {id: T-1, subject: {id: C-1}}
            events:
              - {id: e1, type: intake.requested, time: "2026-03-02T09:00:00Z"}
            expect:
              obligations:
                - {rule: decide, status: overdue, due_date: \(dueDate)}

        """
    }

    /// A fresh folder under the temporary folder (no vocabulary above it), with the given files.
    static func folder(_ name: String, _ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policyeval-officer-\(getpid())/\(name)")
        try? FileManager.default.removeItem(at: dir)
        for (path, text) in files {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return dir
    }

    static let shipped = CLI.root.path + "/Policies"

    @Test func theCoreAndCalendarsComeFromThePoliciesFolder() throws {
        let dir = try Self.folder("own", ["vocabulary.yaml": Self.vocabulary, "intake.yaml": Self.policy(calendar: "council"),
                                          "intake.tests.yaml": Self.tests(dueDate: "2026-03-04"),
                                          "calendars/council.yaml": Self.calendar("council")])
        let v = try CLI.run(["validate", dir.path, "--policies", Self.shipped])
        #expect(v.status == 0 && v.stdout.contains("1 policy valid (1 rule)"), "\(v.stdout)\(v.stderr)")
        // `due` counts in a calendar file of the folder's own, given by its path.
        let due = try CLI.run(["due", "--from", "2026-03-02", "--within", "1wd", "--calendar", dir.path + "/calendars/council.yaml"])
        #expect(due.status == 0 && due.stdout == "2026-03-04 (Wed 4 Mar 2026)\n", "\(due.stdout)\(due.stderr)")
        let missing = try CLI.run(["due", "--from", "2026-03-02", "--within", "1wd", "--calendar", dir.path + "/calendars/nope.yaml"])
        #expect(missing.status == 2 && missing.stderr.contains("--calendar: no such file or folder"), "\(missing.stderr)")
        let t = try CLI.run(["test", dir.path], environment: ["POLICYEVAL_POLICIES": Self.shipped])
        #expect(t.status == 0 && t.stdout.contains("1 passed, 0 failed"), "\(t.stdout)\(t.stderr)")
        // A shipped calendar is still found after the folder's own.
        try Self.policy(calendar: "england-and-wales").write(to: dir.appendingPathComponent("intake.yaml"), atomically: true, encoding: .utf8)
        try Self.tests(dueDate: "2026-03-03").write(to: dir.appendingPathComponent("intake.tests.yaml"), atomically: true, encoding: .utf8)
        let s = try CLI.run(["test", dir.path, "--policies", Self.shipped])
        #expect(s.status == 0 && s.stdout.contains("1 passed, 0 failed"), "\(s.stdout)\(s.stderr)")
        // Every command that reads a rule file of the folder takes the core from the policies folder.
        let g = try CLI.run(["graph", dir.path + "/intake.yaml", "--policies", Self.shipped])
        #expect(g.status == 0 && g.stdout.contains("intake.decided"), "\(g.stdout)\(g.stderr)")
        let incident = try CLI.temp("officer-incident.json", """
        {"incident": {"id": "I-1", "policy": "own-intake", "subject": {"id": "C-1"}},
         "events": [{"id": "e1", "type": "intake.requested", "time": "2026-03-02T09:00:00Z"}]}
        """)
        let c = try CLI.run(["check", incident, "--policy", dir.path, "--as-of", "2026-03-10T12:00:00Z"],
                            environment: ["POLICYEVAL_POLICIES": Self.shipped])
        #expect(c.status == 1 && c.stdout.contains("[overdue] intake.decided by the end of Tue 3 Mar 2026"), "\(c.stdout)\(c.stderr)")
        let e = try CLI.run(["explain", incident, "--policy", dir.path + "/intake.yaml", "--rule", "decide", "--as-of", "2026-03-10T12:00:00Z",
                             "--policies", Self.shipped])
        #expect(e.status == 0, "\(e.stdout)\(e.stderr)")
    }

    @Test func aCalendarOfTheFolderIsFoundBeforeTheShippedOneOfItsName() throws {
        let dir = try Self.folder("shadow", ["vocabulary.yaml": Self.vocabulary, "intake.yaml": Self.policy(calendar: "england-and-wales"),
                                             "intake.tests.yaml": Self.tests(dueDate: "2026-03-04"),
                                             "calendars/england-and-wales.yaml": Self.calendar("england-and-wales")])
        let t = try CLI.run(["test", dir.path, "--policies", Self.shipped])
        #expect(t.status == 0 && t.stdout.contains("1 passed, 0 failed"), "\(t.stdout)\(t.stderr)")
    }

    @Test func withNoCoreAnywhereTestShowsWhatValidateShows() throws {
        let dir = try Self.folder("no-core", ["vocabulary.yaml": Self.vocabulary, "intake.yaml": Self.policy(calendar: "england-and-wales"),
                                              "intake.tests.yaml": Self.tests(dueDate: "2026-03-03")])
        // Run where there is no ./Policies, with no $POLICYEVAL_POLICIES and no installed policies.
        let env: [String: String?] = ["POLICYEVAL_POLICIES": nil]
        let v = try CLI.run(["validate", dir.path], in: dir, environment: env)
        let t = try CLI.run(["test", dir.path], in: dir, environment: env)
        let expected = "vocabulary.yaml:2:10: error: this vocabulary extends the core, but no vocabulary.yaml is in a folder above"
        #expect(v.status == 1 && v.stdout.contains(expected), "\(v.stdout)\(v.stderr)")
        #expect(t.status == 1 && t.stderr.contains(expected), "\(t.stdout)\(t.stderr)")
        #expect(t.stderr.contains("--policies FOLDER, $POLICYEVAL_POLICIES, ./Policies, then the installed policies"))
        #expect(!t.stderr.contains("cannot read"), "\(t.stderr)")
    }

    @Test func aVocabularyMistakeIsShownByTestWithItsPlace() throws {
        // A folder with only a vocabulary and test cases: no rule file compiles it, so `test` reads it itself.
        let dir = try Self.folder("bad-vocabulary", ["vocabulary.yaml": Self.vocabulary + "rolse: {}\n",
                                                     "intake.tests.yaml": Self.tests(dueDate: "2026-03-03")])
        let t = try CLI.run(["test", dir.path, "--policies", Self.shipped])
        #expect(t.status == 1)
        #expect(t.stderr.contains("vocabulary.yaml:6:1: error: unknown key 'rolse'"), "\(t.stderr)")
        #expect(t.stderr.contains("the cases in this file cannot be read: the vocabulary"), "\(t.stderr)")
        let v = try CLI.run(["validate", dir.path + "/vocabulary.yaml", "--policies", Self.shipped])
        #expect(v.status == 1 && v.stdout.contains("vocabulary.yaml:6:1: error: unknown key 'rolse'"), "\(v.stdout)")
    }

    @Test func onlyTrueFailsACaseWhoseReportGivesMoreThanItLists() throws {
        let cases = """
        policy: own-intake
        cases:
          - name: one duty listed, two given, others not checked
            as_of: "2026-03-10T12:00:00Z"
            incident: {id: T-1, subject: {id: C-1}}
            events:
              - {id: e1, type: intake.requested, time: "2026-03-02T09:00:00Z"}
              - {id: e2, type: intake.requested, time: "2026-03-05T09:00:00Z"}
            expect:
              obligations:
                - {rule: decide, triggered_by: e1, due_date: 2026-03-03}
          - name: the same, with only
            as_of: "2026-03-10T12:00:00Z"
            incident: {id: T-1, subject: {id: C-1}}
            events:
              - {id: e1, type: intake.requested, time: "2026-03-02T09:00:00Z"}
              - {id: e2, type: intake.requested, time: "2026-03-05T09:00:00Z"}
            expect:
              only: true
              obligations:
                - {rule: decide, triggered_by: e1, due_date: 2026-03-03}
          - name: both listed, with only
            as_of: "2026-03-10T12:00:00Z"
            incident: {id: T-1, subject: {id: C-1}}
            events:
              - {id: e1, type: intake.requested, time: "2026-03-02T09:00:00Z"}
              - {id: e2, type: intake.requested, time: "2026-03-05T09:00:00Z"}
            expect:
              only: true
              obligations:
                - {rule: decide, triggered_by: e2}
                - {rule: decide, triggered_by: e1}

        """
        let dir = try Self.folder("only", ["vocabulary.yaml": Self.vocabulary, "intake.yaml": Self.policy(calendar: "england-and-wales"),
                                           "intake.tests.yaml": cases])
        let t = try CLI.run(["test", dir.path, "--policies", Self.shipped])
        #expect(t.status == 1)
        #expect(t.stdout.contains("PASS  one duty listed, two given, others not checked"), "\(t.stdout)")
        #expect(t.stdout.contains("FAIL  the same, with only"))
        #expect(t.stdout.contains("obligation decide (triggered by e2, overdue, due 2026-03-06) was not expected: 'only: true' says the obligations listed are all"),
                "\(t.stdout)")
        #expect(t.stdout.contains("PASS  both listed, with only"))
        #expect(t.stdout.contains("2 passed, 1 failed"))
        let bad = try Self.folder("only-bad", ["vocabulary.yaml": Self.vocabulary, "intake.yaml": Self.policy(calendar: "england-and-wales"),
                                               "intake.tests.yaml": cases.replacingOccurrences(of: "only: true", with: "only: yes")])
        let b = try CLI.run(["test", bad.path, "--policies", Self.shipped])
        #expect(b.status == 1 && b.stderr.contains("error: 'only' is true"), "\(b.stderr)")
    }

    /// A failing line is named by its fields, the report's own warnings (an event after as_of,
    /// left out) are shown under it, and errors that stop cases are counted apart from cases.
    @Test func aFailureSaysWhichLineAndWhatTheReportWarned() throws {
        let cases = """
        policy: own-intake
        cases:
          - name: a second request after as_of
            as_of: "2026-03-04T12:00:00Z"
            incident: {id: T-1, subject: {id: C-1}}
            events:
              - {id: e1, type: intake.requested, time: "2026-03-02T09:00:00Z"}
              - {id: e2, type: intake.requested, time: "2026-03-05T09:00:00Z"}
            expect:
              obligations:
                - {rule: decide, triggered_by: e1}
                - {rule: decide, triggered_by: e2}

        """
        let dir = try Self.folder("which-line", ["vocabulary.yaml": Self.vocabulary, "intake.yaml": Self.policy(calendar: "england-and-wales"),
                                                 "intake.tests.yaml": cases])
        let t = try CLI.run(["test", dir.path, "--policies", Self.shipped])
        #expect(t.status == 1)
        #expect(t.stdout.contains("obligation decide {triggered_by: e2}: expected it, but the rule's only duty matches other lines of this case"), "\(t.stdout)")
        #expect(t.stdout.contains("the report says: event e2: "), "\(t.stdout)")
        #expect(t.stdout.contains("0 passed, 1 failed\n"), "\(t.stdout)")
        // Under `only: true`, a duty that failed an expectation is reported once, not again as unexpected.
        let once = try Self.folder("once", ["vocabulary.yaml": Self.vocabulary, "intake.yaml": Self.policy(calendar: "england-and-wales"),
                                            "intake.tests.yaml": cases.replacingOccurrences(of: "- {rule: decide, triggered_by: e2}\n", with: "")
                                                .replacingOccurrences(of: "obligations:", with: "only: true\n      obligations:")
                                                .replacingOccurrences(of: "{rule: decide, triggered_by: e1}", with: "{rule: decide, triggered_by: e1, status: met}")])
        let o = try CLI.run(["test", once.path, "--policies", Self.shipped])
        #expect(o.stdout.contains("obligation decide: status expected met, got "), "\(o.stdout)")
        #expect(!o.stdout.contains("was not expected"), "\(o.stdout)")
        let broken = try Self.folder("which-line-broken", ["vocabulary.yaml": Self.vocabulary + "rolse: {}\n", "intake.tests.yaml": cases])
        let b = try CLI.run(["test", broken.path, "--policies", Self.shipped])
        #expect(b.status == 1)
        #expect(b.stdout.contains("0 passed, 0 failed; 2 errors in the files read (on standard error), so the cases of a file that cannot be read were not run"), "\(b.stdout)\(b.stderr)")
    }
}
