import Foundation
import Testing
@testable import PolicyEval

/// Broken policies and the exact text `validate` prints for them. Set
/// UPDATE_GOLDEN=1 to rewrite the expected files after a deliberate change.
@Suite struct GoldenDiagnosticsTests {
    static let cases: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: goldenDir)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.sorted()

    @Test(arguments: cases)
    func renderedDiagnosticsMatch(_ name: String) throws {
        let path = "Tests/PolicyEvalTests/Golden/\(name)"
        let text = try String(contentsOfFile: "\(goldenDir)/\(name)", encoding: .utf8)
        let (_, diagnostics, source) = compile(text, file: path, withHeader: false)
        let sources = [source ?? SourceFile(path: path, text: text)]
        let rendered = DiagnosticRenderer(sources: sources).render(diagnostics)
        let expectedPath = "\(goldenDir)/\(name.dropLast(5)).expected"
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] != nil {
            try rendered.write(toFile: expectedPath, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: expectedPath, encoding: .utf8)
        #expect(rendered == expected)
        #expect(diagnostics.hasErrors)
    }

    @Test func everyPlantedMistakeIsReportedOnceAtItsPlace() throws {
        let text = try String(contentsOfFile: "\(goldenDir)/planted-mistakes.yaml", encoding: .utf8)
        let (policy, d, _) = compile(text, file: "p.yaml", withHeader: false)
        #expect(policy == nil)
        let found = d.sorted.map { "\($0.id)@\($0.location!.line):\($0.location!.column)" }
        #expect(found == [
            "expression.enum-value@10:58", "undeclared-role@11:55", "unknown-event-type@14:19",
            "unknown-key@15:38", "duplicate-rule-id@16:9", "unknown-field@18:39",
        ])
        #expect(d.sorted.compactMap(\.suggestion) == ["team_manager", "missing.found", "within", "event.harmed"])
    }
}
