// Shared by the libFuzzer harnesses (scripts/fuzz.sh compiles each with this file). Not a
// package target: `swift build` never sees it. Run from the repository root.
import Foundation
@testable import PolicyEval

/// The shipped vocabulary, every shipped policy and the example incidents, read once.
struct Fixtures: @unchecked Sendable {
    let vocabulary: Vocabulary
    let compiler: PolicyCompiler
    let policies: [Policy]
    let incidents: [Incident]

    static let shared: Fixtures = {
        let root = ProcessInfo.processInfo.environment["POLICYEVAL_POLICIES"] ?? "Policies"
        guard case .success(let (v, _)) = PolicyLibrary.loadVocabulary(root + "/vocabulary.yaml") else { fatalError("no vocabulary under \(root)") }
        let library = PolicyLibrary.load([root])
        guard !library.policies.isEmpty else { fatalError("no policies under \(root)") }
        let reader = IncidentReader(vocabulary: v)
        let examples = (try? FileManager.default.contentsOfDirectory(atPath: "Examples"))?.filter { $0.hasSuffix(".json") }.sorted() ?? []
        let incidents = examples.compactMap { name -> Incident? in
            guard let data = FileManager.default.contents(atPath: "Examples/" + name) else { return nil }
            return try? reader.read(data, file: name).0
        }
        return Fixtures(vocabulary: v, compiler: PolicyLibrary.compiler(vocabulary: v, root: root),
                        policies: library.policies.sorted { $0.id < $1.id }, incidents: incidents)
    }()
}

/// An invariant broken: a crash, which libFuzzer saves as an artifact with its input.
func require(_ ok: @autoclosure () -> Bool, _ what: @autoclosure () -> String) {
    if !ok() { fatalError("invariant: " + what()) }
}

/// No control character in `s` but the newlines and tabs that lay text out.
func terminalSafe(_ s: String, _ what: String) {
    require(!s.unicodeScalars.contains { $0 != "\n" && $0 != "\t" && Shown.isControl($0) }, "\(what) holds a control character: \(s.debugDescription.prefix(300))")
}

/// A report rendered both ways: JSON that parses back, both free of control characters,
/// and the same bytes when rendered again.
func checkReport(_ report: Report) {
    let text = ReportText.render(report), json = ReportJSON.render(report)
    terminalSafe(text, "the text report")
    terminalSafe(json, "the JSON report")
    do { _ = try JSONParser.parse(Array(json.utf8)) } catch { require(false, "the JSON report does not parse: \(error)") }
    require(ReportJSON.render(report) == json && ReportText.render(report) == text, "a report rendered twice differs")
    let breach = report.obligations.contains { [.overdue, .late, .early].contains($0.status) }
    require(report.hasBreaches == breach, "hasBreaches disagrees with the statuses")
}

/// An instant to evaluate at: ten days after the last event, within the calendars' years.
func asOf(for incident: Incident) -> Instant {
    let fallback = try! Instant(rfc3339: "2026-03-20T09:00:00Z")
    guard let last = incident.events.last?.time else { return fallback }
    let t = last + 10 * 86_400
    let low = try! Instant(rfc3339: "2018-01-01T00:00:00Z"), high = try! Instant(rfc3339: "2030-12-01T00:00:00Z")
    return t < low || t > high ? fallback : t
}
