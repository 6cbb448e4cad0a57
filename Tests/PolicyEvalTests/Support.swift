import Foundation
@testable import PolicyEval

let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
let policiesDir = repoRoot + "/Policies"
let goldenDir = repoRoot + "/Tests/PolicyEvalTests/Golden"

let vocabulary: Vocabulary = try! PolicyLibrary.loadVocabulary(policiesDir + "/vocabulary.yaml").get().0
let compiler = PolicyLibrary.compiler(vocabulary: vocabulary, root: policiesDir)
let london = try! Zone(identifier: "Europe/London")

let header = """
policy: test-policy
title: Test
authority: Test Council
version: "1"
source: Test protocol
calendar: england-and-wales
office_hours: {mon-thu: "08:30-17:15", fri: "08:30-16:45"}

"""

/// Compiles a policy from text (the header above plus `rules`).
func compile(_ rules: String, file: String = "test.yaml", withHeader: Bool = true) -> (Policy?, Diagnostics, SourceFile?) {
    let text = (withHeader ? header : "") + rules
    do {
        let (source, root) = try YAMLLoader.parse(text, file: file)
        let (p, d) = compiler.compile(source, root: root)
        return (p, d, source)
    } catch {
        return (nil, Diagnostics([Diagnostic(error)]), nil)
    }
}

func policy(_ rules: String) throws -> Policy {
    let (p, d, s) = compile(rules)
    guard let p else {
        throw TestFailure(DiagnosticRenderer(sources: s.map { [$0] } ?? []).render(d))
    }
    return p
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

func instant(_ s: String) -> Instant { try! Instant(rfc3339: s) }

/// An incident from compact event tuples: (id, type, time, data).
func incident(_ events: [(String, String, String, [String: Any])], facts: [String: Any] = [:], born: String? = "2010-05-17",
              zone: String = "Europe/London") throws -> Incident {
    var subject: [String: Any] = ["id": "C-1", "facts": facts]
    if let born { subject["born"] = born }
    let object: [String: Any] = [
        "incident": ["id": "T-1", "timezone": zone, "subject": subject],
        "events": events.map { ["id": $0.0, "type": $0.1, "time": $0.2, "data": $0.3] as [String: Any] },
    ]
    let data = try JSONSerialization.data(withJSONObject: object)
    return try IncidentReader(vocabulary: vocabulary).read(data, file: "test.json").0
}

func evaluate(_ p: Policy, _ i: Incident, asOf: String) throws -> Report {
    try Evaluation.evaluate(i, policy: p, asOf: instant(asOf))
}
