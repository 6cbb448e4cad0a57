import Foundation
import Testing

/// An installed layout (`PREFIX/bin/policyeval`, `PREFIX/share/policyeval/Policies`), as
/// `make install` makes it, used from a folder of the user's own with no Policies in it.
@Suite struct Installed {
    let prefix: URL, work: URL, binary: URL
    /// No policies folder from the test's own environment.
    let clean: [String: String?] = ["POLICYEVAL_POLICIES": nil]

    init() throws {
        let fm = FileManager.default
        let base = fm.temporaryDirectory.appendingPathComponent("policyeval-install-\(getpid())-\(UUID().uuidString.prefix(8))")
        prefix = base.appendingPathComponent("prefix")
        work = base.appendingPathComponent("work")
        binary = prefix.appendingPathComponent("bin/policyeval")
        try fm.createDirectory(at: prefix.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try fm.createDirectory(at: prefix.appendingPathComponent("share/policyeval"), withIntermediateDirectories: true)
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        try fm.copyItem(at: CLI.binary, to: binary)
        try fm.copyItem(at: CLI.root.appendingPathComponent("Policies"), to: prefix.appendingPathComponent("share/policyeval/Policies"))
        try fm.copyItem(at: CLI.root.appendingPathComponent(demo), to: work.appendingPathComponent("incident.json"))
    }

    @Test func checksFromTheUsersOwnFolder() throws {
        let r = try CLI.run(["check", "incident.json", "--as-of", "2026-03-20T09:00:00Z"], executable: binary, in: work, environment: clean)
        #expect(r.status == 1, "\(r.stderr)")  // the demo incident has a late duty
        #expect(r.stdout.hasPrefix("Missing children"))
        #expect(r.stderr.isEmpty)
    }

    @Test func versionNamesThePoliciesUsed() throws {
        let r = try CLI.run(["--version"], executable: binary, in: work, environment: clean)
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("policyeval "))
        #expect(r.stdout.contains(prefix.appendingPathComponent("share/policyeval/Policies").standardizedFileURL.path))
    }

    @Test func environmentComesBeforeTheInstalledFolder() throws {
        let r = try CLI.run(["check", "incident.json"], executable: binary, in: work, environment: ["POLICYEVAL_POLICIES": "/nonexistent-policies"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("/nonexistent-policies"))
        #expect(r.stdout.isEmpty)
    }

    @Test func aPolicyOfficersOwnFileUsesTheInstalledVocabulary() throws {
        let rules = """
        policy: my-first-policy
        title: Return home interviews
        authority: Example Council
        version: "1"
        source: Example missing children protocol
        calendar: england-and-wales
        rules:
          - id: rhi-within-72-hours
            cite: "12.1"
            when: {event: missing.found}
            require: {action: rhi.completed, responsible: social_worker, within: 72h}
        """
        try rules.write(to: work.appendingPathComponent("first.yaml"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["validate", "first.yaml"], executable: binary, in: work, environment: clean)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout == "1 policy valid (1 rule)\n")
    }
}
