import Foundation
import Testing

/// An authority's own vocabulary, from the command line: an incident using its event types is
/// read against the vocabulary of the policy it names.
@Suite struct AuthorityCLITests {
    static let vocabulary = """
    vocabulary: example-council
    extends: core
    events:
      intake.requested: {data: {urgent?: bool}}
      intake.decided: {}
    fields:
      missing.found: {police_ref?: string}
    roles:
      keeper_of_register: Keeper of the child protection register

    """
    static let policy = """
    policy: example-intake
    title: Intake
    authority: Example Council
    version: "1"
    source: Example intake protocol
    calendar: england-and-wales
    rules:
      - id: decide-within-a-day
        cite: "1"
        when: {event: intake.requested, if: event.urgent}
        require: {action: intake.decided, responsible: keeper_of_register, within: 1wd}

    """

    @Test func checkReadsTheIncidentWithThePolicysVocabulary() throws {
        let dir = try CLI.policies("authority-vocabulary")
        try FileManager.default.createDirectory(atPath: dir + "/example", withIntermediateDirectories: true)
        try Self.vocabulary.write(toFile: dir + "/example/vocabulary.yaml", atomically: true, encoding: .utf8)
        try Self.policy.write(toFile: dir + "/example/intake.yaml", atomically: true, encoding: .utf8)
        let incident = try CLI.temp("authority-incident.json", """
        {"incident": {"id": "I-1", "policy": "example-intake", "subject": {"id": "C-1"}},
         "events": [{"id": "e1", "type": "intake.requested", "time": "2026-03-02T09:00:00Z", "data": {"urgent": true}},
                    {"id": "e2", "type": "missing.reported", "time": "2026-03-02T10:00:00Z", "data": {"risk": "low"}},
                    {"id": "e3", "type": "missing.found", "time": "2026-03-02T11:00:00Z", "data": {"police_ref": "P-1"}}]}
        """)
        let v = try CLI.run(["validate", dir])
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
        let r = try CLI.run(["check", incident, "--policies", dir, "--as-of", "2026-03-04T09:00:00Z"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("[overdue] intake.decided by the end of Tue 3 Mar 2026 — Keeper of the child protection register"))
        // The same incident against a policy of the core alone: its types are unknown there.
        let core = try CLI.run(["check", incident, "--policies", dir, "--policy", CLI.root.path + "/Policies/bcp/missing-children.yaml",
                                "--as-of", "2026-03-04T09:00:00Z"])
        #expect(core.status == 2)
        #expect(core.stderr.contains("intake.requested"))
    }
}
