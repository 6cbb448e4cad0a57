import Foundation
import Testing
@testable import PolicyEval

/// Two versions of one protocol side by side: the 2020 one gives 72 hours for a return home
/// interview; the 2024 one, in force from 1 April 2024, gives 3 working days and adds a
/// strategy discussion for a high-risk child.
func versionFile(version: String, effective: String?, replaces: String?, rules: String) -> String {
    """
    policy: example-missing
    title: Missing children
    authority: Example Council
    version: "\(version)"
    source: Example missing children protocol \(version)
    \(effective.map { "effective: \($0)" } ?? "")
    \(replaces.map { "replaces: \"\($0)\"" } ?? "")
    calendar: england-and-wales
    rules:
    \(rules)

    """
}

let version2020 = versionFile(version: "2020-01", effective: "2020-01-01", replaces: nil, rules: """
  - {id: rhi, cite: "12.1", when: {event: missing.found}, require: {action: rhi.completed, within: 72h}}
""")
let version2024 = versionFile(version: "2024-04", effective: "2024-04-01", replaces: "2020-01", rules: """
  - {id: rhi, cite: "9.2", when: {event: missing.found}, require: {action: rhi.completed, within: 3wd}}
  - {id: high-risk-strategy, cite: "4.1", when: {event: missing.reported, if: 'event.risk == "high"'}, require: {action: strategy_discussion.held, within: 8h}}
""")

@Suite struct PolicyVersionTests {
    func incidentAcrossTheChange() throws -> Incident {
        try incident([
            ("r1", "missing.reported", "2024-03-29T20:00:00Z", ["risk": "high"]),
            ("f1", "missing.found", "2024-03-30T10:00:00Z", [:]),      // under the 2020 version
            ("r2", "missing.reported", "2024-04-02T08:00:00Z", ["risk": "high"]),
            ("f2", "missing.found", "2024-04-02T10:00:00Z", [:]),      // under the 2024 version
        ])
    }

    @Test func eachDutyFollowsTheVersionInForceWhenItArose() throws {
        let s = try ScratchPolicies("versions", authorityVocabulary: nil, files: ["missing-2020.yaml": version2020, "missing-2024.yaml": version2024])
        defer { s.remove() }
        let library = PolicyLibrary.load([s.auth])
        #expect(library.diagnostics.items.isEmpty, "\(DiagnosticRenderer(sources: library.sources).render(library.diagnostics))")
        let versions = try #require(library.versions["example-missing"])
        #expect(versions.all.map(\.version) == ["2020-01", "2024-04"])
        #expect(versions.inForce(on: LocalDate("2024-03-31")!).version == "2020-01")
        #expect(versions.inForce(on: LocalDate("2024-04-01")!).version == "2024-04")
        #expect(versions.inForce(on: LocalDate("2019-06-01")!).version == "2020-01")  // before any: the earliest

        let report = try Evaluation.evaluate(incidentAcrossTheChange(), versions: versions, asOf: instant("2024-04-20T09:00:00Z"))
        let rows = report.obligations.map { "\($0.rule) \($0.triggeredBy) \($0.policyVersion ?? "-") \($0.due) \($0.citation.section)" }
        #expect(rows == [
            "rhi f1 2020-01 2024-04-02T10:00:00Z 12.1",              // 72 hours
            "high-risk-strategy r2 2024-04 2024-04-02T16:00:00Z 4.1",  // 8 hours, a rule the 2020 version lacks
            "rhi f2 2024-04 2024-04-05T22:59:59Z 9.2",               // 3 working days
        ])
        #expect(report.policy.version == "2024-04")
        #expect(report.versions.map(\.version) == ["2020-01", "2024-04"])
        #expect(report.versions.map(\.obligations) == [1, 2])
        #expect(report.versions[0].until == LocalDate("2024-04-01") && report.versions[1].replaces == "2020-01")
        // r1, before the change, fired nothing: the 2020 version has no strategy rule.
        #expect(!report.obligations.contains { $0.triggeredBy == "r1" })

        let json = ReportJSON.render(report)
        #expect(json.contains(#""versions": [{"version": "2020-01", "effective": "2020-01-01", "replaces": null, "until": "2024-04-01", "obligations": 1}, {"version": "2024-04", "effective": "2024-04-01", "replaces": "2020-01", "until": null, "obligations": 2}]"#))
        #expect(json.contains(#""closed_by": null, "policy_version": "2020-01"}"#))
        let text = ReportText.render(report)
        #expect(text.contains("Versions, by the day each duty arose: 2020-01 (from Wed 1 Jan 2020 until Mon 1 Apr 2024): 1 duty; 2024-04 (from Mon 1 Apr 2024, replacing 2020-01): 2 duties"))
        #expect(text.contains("rule rhi, Example missing children protocol 2020-01 §12.1 (version 2020-01); triggered by f1"))

        // One version alone: the report is as it always was, with no version fields.
        let single = try Evaluation.evaluate(incidentAcrossTheChange(), versions: PolicyVersions(versions.latest), asOf: instant("2024-04-20T09:00:00Z"))
        #expect(single.versions.isEmpty && single.obligations.allSatisfy { $0.policyVersion == nil })
        #expect(!ReportJSON.render(single).contains("policy_version"))
    }

    @Test func versionsNeedDistinctDatesAndVersionsAndSayWhatTheyReplace() throws {
        func problems(_ a: String, _ b: String) throws -> [Diagnostic] {
            let s = try ScratchPolicies("versions-bad", authorityVocabulary: nil, files: ["a.yaml": a, "b.yaml": b])
            defer { s.remove() }
            return PolicyLibrary.load([s.auth]).diagnostics.sorted
        }
        let undated = versionFile(version: "2024-04", effective: nil, replaces: nil, rules: "  - {id: rhi, cite: \"1\", when: {event: missing.found}, require: {action: rhi.completed, within: 72h}}")
        var d = try problems(version2020, undated)
        #expect(d.map(\.id) == ["duplicate-policy-id"])
        #expect(d[0].message.contains("two versions side by side each need 'effective'"))
        d = try problems(version2020, version2024.replacingOccurrences(of: "2024-04-01", with: "2020-01-01"))
        #expect(d.map(\.id) == ["duplicate-policy-id"])
        #expect(d[0].message.contains("both take effect on 2020-01-01"))
        d = try problems(version2020, version2024.replacingOccurrences(of: "version: \"2024-04\"", with: "version: \"2020-01\"")
            .replacingOccurrences(of: "replaces: \"2020-01\"", with: ""))
        #expect(d.map(\.id).contains("policy.duplicate-version"))
        d = try problems(version2020, version2024.replacingOccurrences(of: "replaces: \"2020-01\"", with: "replaces: \"2019-01\""))
        #expect(d.map(\.id) == ["policy.replaces"])
        #expect(d[0].suggestion == "2020-01" && d[0].location?.line == 7 && d[0].location?.column == 11)
        #expect(d[0].notes.first?.location?.file.hasSuffix("a.yaml") == true)
        d = try problems(version2020, version2024.replacingOccurrences(of: "replaces: \"2020-01\"", with: ""))
        #expect(d.map(\.id) == ["policy.replaces-missing"] && d[0].severity == .warning)
        // A version cannot replace itself.
        let (_, own, _) = compile("""
        policy: p
        title: t
        authority: a
        version: "3"
        replaces: "3"
        source: s
        calendar: england-and-wales
        rules:
          - {id: r, cite: "1", when: {event: missing.found}, notify: [police]}
        """, withHeader: false)
        #expect(own.items.map(\.id) == ["policy.replaces-itself"])
    }
}
