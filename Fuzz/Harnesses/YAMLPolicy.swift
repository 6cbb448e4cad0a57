// libFuzzer harness: the YAML loader, the rule compiler, diagnostics (text and JSON), the
// graph in both formats, and evaluation of an example incident under what compiles.
import Foundation
@testable import PolicyEval

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicy(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let f = Fixtures.shared
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let file = "fuzz.yaml"
    let diagnostics: Diagnostics, sources: [SourceFile]
    var policy: Policy?
    do {
        let (source, root) = try YAMLLoader.parse(bytes, file: file)
        let (p, d) = f.compiler.compile(source, root: root)
        require((p == nil) == d.hasErrors, "a policy with errors, or none without")
        (policy, diagnostics, sources) = (p, d, [source])
    } catch {
        diagnostics = Diagnostics([Diagnostic(error)])
        sources = [SourceFile(path: file, text: String(decoding: bytes, as: UTF8.self))]
    }
    let renderer = DiagnosticRenderer(sources: sources)
    terminalSafe(renderer.render(diagnostics), "diagnostics")
    let json = renderer.renderJSON(diagnostics)
    terminalSafe(json, "JSON diagnostics")
    do { _ = try JSONParser.parse(Array(json.utf8)) } catch { require(false, "JSON diagnostics do not parse: \(error)") }
    for d in diagnostics.items { require(d.location.map { $0.line >= 1 && $0.column >= 1 } ?? true, "a diagnostic at line or column 0") }
    guard let policy else { return 0 }
    let dot = GraphRenderer.render(policy, format: .dot), mermaid = GraphRenderer.render(policy, format: .mermaid)
    terminalSafe(dot, "the DOT graph")
    terminalSafe(mermaid, "the Mermaid graph")
    require(!mermaid.replacingOccurrences(of: "<br/>", with: "").contains("<"), "markup in a Mermaid label")
    if !f.incidents.isEmpty {
        let incident = f.incidents[size % f.incidents.count]
        do { checkReport(try Evaluation.evaluate(incident, policy: policy, asOf: asOf(for: incident))) } catch {
            terminalSafe(error.description, "an evaluation error")
        }
    }
    return 0
}
