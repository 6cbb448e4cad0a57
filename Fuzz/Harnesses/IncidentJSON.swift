// libFuzzer harness: the JSON parser, the incident reader (files and stream lines), and
// evaluation and both reports for what reads.
import Foundation
@testable import PolicyEval

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIncident(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let f = Fixtures.shared
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do { _ = try JSONParser.parse(bytes) } catch {
        require(error.line >= 1 && error.column >= 1, "a JSON error with no position")
    }
    let reader = IncidentReader(vocabulary: f.vocabulary, unknownTypesAreWarnings: size % 2 == 0)
    do {
        let (incident, notes) = try reader.read(bytes, file: "fuzz.json")
        for n in notes { terminalSafe(n.message, "a reader warning") }
        require(zip(incident.events, incident.events.dropFirst()).allSatisfy { $0.time <= $1.time }, "events out of time order")
        let policy = f.policies.first { $0.id == incident.policy } ?? f.policies[size % f.policies.count]
        do {
            let report = try Evaluation.evaluate(incident, policy: policy, asOf: asOf(for: incident))
            checkReport(report)
        } catch {
            terminalSafe(error.description, "an evaluation error")
        }
    } catch {
        terminalSafe(error.description, "an incident error")
    }
    // The same bytes as lines of a stream.
    var notes: [ReportDiagnostic] = []
    for (n, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).prefix(64).enumerated() {
        do { _ = try reader.readEventLine(line, number: n + 1, file: "fuzz.jsonl", diagnostics: &notes) } catch {
            terminalSafe(error.description, "a stream error")
        }
    }
    return 0
}
