// Benchmarks for policyeval (BENCHMARKS.md). Build in release:
//   swift run -c release PolicyEvalBenchmarks run            all benchmarks, full sizes
//   swift run -c release PolicyEvalBenchmarks run --quick    small sizes, a quick look
//   swift run PolicyEvalBenchmarks run --smoke               tiny sizes, once each (CI keeps it compiling and running)
//   swift run -c release PolicyEvalBenchmarks generate --events 10000 --seed 1 > incident.json
import Foundation
import PolicyEval

let arguments = Array(CommandLine.arguments.dropFirst())
// Every size is measured with the allocator's freed memory kept for reuse (see
// `keepFreedMemory`), unless `--return-memory` asks for glibc's default behaviour.
if !arguments.contains("--return-memory") { keepFreedMemory() }

func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}

switch arguments.first {
case "generate":
    let count = Int(option("--events") ?? "") ?? 1000
    let seed = UInt64(option("--seed") ?? "") ?? 1
    FileHandle.standardOutput.write(SyntheticIncident.json(events: count, seed: seed))
case "profile":
    // One evaluation, for a profiler: PolicyEvalBenchmarks profile --events 10000 --policy bcp-missing-children
    let count = Int(option("--events") ?? "") ?? 10_000
    let library = PolicyLibrary.load(["Policies"])
    let policy = library.policies.first { $0.id == (option("--policy") ?? "bcp-missing-children") }!
    let (incident, _) = try IncidentReader(vocabulary: policy.vocabulary).read(SyntheticIncident.json(events: count, seed: 42), file: "p.json")
    for _ in 0..<(Int(option("--repeat") ?? "") ?? 1) {
        let start = DispatchTime.now().uptimeNanoseconds
        let report = try Evaluation.evaluate(incident, policy: policy, asOf: incident.events.last!.time + 86_400)
        let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        print("\(report.obligations.count) obligations, \(report.escalations.count) escalations, \(report.diagnostics.count) diagnostics; evaluated in \(String(format: "%.1f", ms)) ms")
    }
case "read":
    // Reading one incident file, repeated: PolicyEvalBenchmarks read FILE [--repeat K]
    let file = arguments.dropFirst().first ?? ""
    let data = try Data(contentsOf: URL(fileURLWithPath: file))
    let (vocabulary, _) = try PolicyLibrary.loadVocabulary("Policies/vocabulary.yaml").get()
    let reader = IncidentReader(vocabulary: vocabulary)
    let t = try measure(repeat: Int(option("--repeat") ?? "") ?? 10) { _ = try reader.read(data, file: file) }
    print(file + String(format: ": %.1f MB read in %.2f ms median, %.2f ms best: %.0f MB/s best", Double(data.count) / 1e6, t.median * 1e3, t.best * 1e3, Double(data.count) / 1e6 / t.best))
case "write":
    // Writing one incident's JSON report, repeated: PolicyEvalBenchmarks write FILE [--policy ID|FILE] [--repeat K]
    let file = arguments.dropFirst().first ?? ""
    let data = try Data(contentsOf: URL(fileURLWithPath: file))
    let wanted = option("--policy") ?? "bcp-missing-children"
    let library = PolicyLibrary.load(wanted.hasSuffix(".yaml") ? [wanted] : ["Policies"])
    let policy = library.policies.first { wanted.hasSuffix(".yaml") || $0.id == wanted }!
    let (incident, _) = try IncidentReader(vocabulary: policy.vocabulary).read(data, file: file)
    let report = try Evaluation.evaluate(incident, policy: policy, asOf: incident.events.last!.time + 86_400)
    var bytes = 0
    let t = measure(repeat: Int(option("--repeat") ?? "") ?? 10) {
        bytes = 0
        ReportJSON.write(report) { bytes += $0.count }
    }
    print(file + String(format: ": %d entries, %.1f MB of JSON report written in %.2f ms median, %.2f ms best: %.0f MB/s best",
                        report.obligations.count + report.escalations.count, Double(bytes) / 1e6, t.median * 1e3, t.best * 1e3, Double(bytes) / 1e6 / t.best))
case "sessions":
    // Run by `run` in a child process: memory per open session and ingest latency.
    let mode = arguments.dropFirst().first ?? "--full"
    let b = Benchmarks(quick: mode != "--full", smoke: mode == "--smoke")
    let library = PolicyLibrary.load(["Policies"])
    try b.sessions(library.policies.first { $0.id == "bcp-missing-children" }!)
case "run":
    let smoke = arguments.contains("--smoke")
    try Benchmarks(quick: smoke || arguments.contains("--quick"), smoke: smoke).runAll()
default:
    print("usage: PolicyEvalBenchmarks run [--quick | --smoke] | generate --events N [--seed S] | profile --events N [--policy ID] [--repeat K] | read FILE [--repeat K] | write FILE [--policy ID|FILE] [--repeat K]  (any: --return-memory)")
    exit(2)
}
