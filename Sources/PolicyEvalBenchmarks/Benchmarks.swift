import Foundation
import PolicyEval
#if canImport(Glibc)
import Glibc
#endif

/// The sessions benchmark in a fresh process (see `residentBytes`).
func runSessionsInChild(quick: Bool, smoke: Bool) {
    let me = URL(fileURLWithPath: CommandLine.arguments[0]).path
    let mode = smoke ? "--smoke" : quick ? "--quick" : "--full"
    _ = spawnAndWait(me, ["sessions", mode], quiet: false)
}

/// Wall-clock seconds of repeated runs: the median, and the best run. On a shared virtual
/// machine a run can take twice as long for reasons outside the program; the best run is
/// the steadier measure of what the code costs, the median what a user may see.
struct Timing {
    var median: Double
    var best: Double
}

func measure(repeat times: Int, _ body: () throws -> Void) rethrows -> Timing {
    var samples: [Double] = []
    for _ in 0..<max(1, times) {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    samples.sort()
    return Timing(median: samples[samples.count / 2], best: samples[0])
}

/// Keeps memory freed by one run for the next. By default glibc hands every block over
/// 32 MB back to the kernel when it is freed, so each repeat of a million-event evaluation
/// would pay for the kernel to zero some 250 MB of fresh pages (about a fifth of its time),
/// while a 100k-event run reuses warm memory: the sizes would not be measured alike. A
/// service evaluating large records one after another can make the same setting.
func keepFreedMemory() {
    #if canImport(Glibc)
    // <malloc.h> is not in Swift's Glibc module: look mallopt up by name.
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
    let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
    let (trimThreshold, mmapThreshold): (Int32, Int32) = (-1, -3)  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
    _ = mallopt(mmapThreshold, 1 << 30)
    _ = mallopt(trimThreshold, 1 << 30)
    #endif
}

/// Resident memory of this process, in bytes (Linux). The sessions benchmark runs in a
/// fresh child process, so no memory freed by an earlier benchmark hides its growth.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
}

/// Runs a program and waits, with posix_spawn (Foundation's Process adds its own start-up time).
func spawnAndWait(_ path: String, _ args: [String], quiet: Bool = true) -> Int32 {
    var pid: pid_t = 0
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if quiet { posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0) }
    let argv = ([path] + args).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { return -1 }
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    return status
}

struct Benchmarks {
    let quick: Bool
    var smoke = false
    let policiesDir = "Policies"

    func header(_ s: String) { print("\n## \(s)\n") }
    func row(_ cells: [String]) { print("| " + cells.joined(separator: " | ") + " |") }
    func ms(_ s: Double) -> String { String(format: "%.2f ms", s * 1000) }
    func rate(_ perSecond: Double) -> String { perSecond >= 1e6 ? String(format: "%.2fM/s", perSecond / 1e6) : String(format: "%.0fk/s", perSecond / 1e3) }

    func runAll() throws {
        print("# policyeval benchmarks (\(smoke ? "smoke" : quick ? "quick" : "full") run)")
        let library = PolicyLibrary.load([policiesDir])
        guard !library.diagnostics.hasErrors else {
            print(DiagnosticRenderer(sources: library.sources).render(library.diagnostics))
            exit(2)
        }
        try compileBenchmark()
        let bcp = library.policies.first { $0.id == "bcp-missing-children" }!
        let leic = library.policies.first { $0.id == "leicestershire-practice-standards" }!
        try throughput([bcp, leic])
        try readAndWrite(bcp)
        fflush(nil)  // all streams: the child writes to the same output
        runSessionsInChild(quick: quick, smoke: smoke)
        try wholeProcess()
    }

    /// Parsing and compiling each shipped policy from its YAML text.
    func compileBenchmark() throws {
        header("Compile each shipped policy from YAML (parse + type-check + graph)")
        let files = PolicyLibrary.expand([policiesDir]).files
        let compiler: PolicyCompiler = try {
            let (vocabulary, _) = try PolicyLibrary.loadVocabulary(policiesDir + "/vocabulary.yaml").get()
            return PolicyLibrary.compiler(vocabulary: vocabulary, root: policiesDir)
        }()
        row(["policy file", "rules", "median", "best"])
        row(["---", "---", "---", "---"])
        var total = Timing(median: 0, best: 0)
        for file in files {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            var rules = 0
            let t = try measure(repeat: smoke ? 1 : quick ? 3 : 50) {
                let (source, root) = try YAMLLoader.parse(text, file: file)
                let (p, _) = compiler.compile(source, root: root)
                rules = p?.rules.count ?? 0
            }
            total.median += t.median
            total.best += t.best
            row([file, String(rules), ms(t.median), ms(t.best)])
        }
        let everything = measure(repeat: smoke ? 1 : quick ? 3 : 20) { _ = PolicyLibrary.load([policiesDir]) }
        row(["all policies", "", ms(total.median), ms(total.best)])
        row(["all, with vocabulary and calendar loading", "", ms(everything.median), ms(everything.best)])
    }

    /// Events per second, evaluation alone and with JSON parsing, from 1k to 1M events.
    func throughput(_ policies: [Policy]) throws {
        header("Batch evaluation throughput")
        let sizes = smoke ? [100, 1_000] : quick ? [1_000, 10_000] : [1_000, 10_000, 100_000, 1_000_000]
        row(["policy", "events", "duties and notifications", "evaluate, median (best)", "events/s, best", "parse + evaluate, median (best)", "events/s with parsing, best", "time ×, best (duties ×)"])
        row(["---", "---", "---", "---", "---", "---", "---", "---"])
        for policy in policies {
            var previous: (time: Double, duties: Int)?
            for n in sizes {
                let data = SyntheticIncident.json(events: n, seed: 42)
                let reader = IncidentReader(vocabulary: policy.vocabulary)
                let (incident, _) = try reader.read(data, file: "synthetic.json")
                let asOf = incident.events.last!.time + 86_400
                let runs = smoke ? 1 : n >= 1_000_000 ? 5 : n >= 100_000 ? 9 : 20
                var duties = 0
                let evaluate = try measure(repeat: runs) {
                    let report = try Evaluation.evaluate(incident, policy: policy, asOf: asOf)
                    duties = report.obligations.count + report.escalations.count
                }
                let both = try measure(repeat: max(1, runs / 2)) {
                    let (i, _) = try reader.read(data, file: "synthetic.json")
                    _ = try Evaluation.evaluate(i, policy: policy, asOf: asOf)
                }
                // Time against the previous size, and the work the record itself asks for: a short
                // record is still filling its counting windows and long deadlines, so it opens fewer duties per event.
                let growth = previous.map { String(format: "%.1f (%.1f)", evaluate.best / $0.time, Double(duties) / Double(max(1, $0.duties))) } ?? "–"
                previous = (evaluate.best, duties)
                row([policy.id, String(n), String(duties), "\(ms(evaluate.median)) (\(ms(evaluate.best)))", rate(Double(n) / evaluate.best),
                     "\(ms(both.median)) (\(ms(both.best)))", rate(Double(n) / both.best), growth])
            }
        }
    }

    /// Megabytes per second of incident JSON read into events, and of JSON report written.
    func readAndWrite(_ policy: Policy) throws {
        header("Reading incidents and writing reports (\(policy.id))")
        let sizes = smoke ? [1_000] : quick ? [10_000] : [10_000, 100_000, 1_000_000]
        row(["events", "incident JSON", "read, median (best)", "MB/s, best", "JSON report", "write, median (best)", "MB/s, best"])
        row(["---", "---", "---", "---", "---", "---", "---"])
        for n in sizes {
            let data = SyntheticIncident.json(events: n, seed: 42)
            let reader = IncidentReader(vocabulary: policy.vocabulary)
            let runs = smoke ? 1 : n >= 1_000_000 ? 5 : 15
            let read = try measure(repeat: runs) { _ = try reader.read(data, file: "synthetic.json") }
            let (incident, _) = try reader.read(data, file: "synthetic.json")
            let report = try Evaluation.evaluate(incident, policy: policy, asOf: incident.events.last!.time + 86_400)
            // Written as `check --format json` writes it: in chunks, each handed on (here: counted).
            var bytes = 0
            let write = measure(repeat: runs) {
                bytes = 0
                ReportJSON.write(report) { bytes += $0.count }
            }
            row([String(n), megabytes(data.count), "\(ms(read.median)) (\(ms(read.best)))", String(format: "%.0f", Double(data.count) / 1e6 / read.best),
                 megabytes(bytes), "\(ms(write.median)) (\(ms(write.best)))", String(format: "%.0f", Double(bytes) / 1e6 / write.best)])
        }
    }

    func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1e6) }

    /// Per-event latency of `ingest`, and memory per open idle session.
    func sessions(_ policy: Policy) throws {
        let count = smoke ? 100 : quick ? 1_000 : 100_000
        header("Sessions: \(count) open at once (\(policy.id))")
        let zone = try Zone(identifier: "Europe/London")
        let reader = IncidentReader(vocabulary: policy.vocabulary)
        let (template, _) = try reader.read(SyntheticIncident.json(events: 3, seed: 7), file: "s.json")
        let reported = policy.vocabulary.eventIDs["missing.reported"]!
        let risk = Value.string("low")
        let before = residentBytes()
        var open: [Session] = []
        open.reserveCapacity(count)
        for i in 0..<count {
            open.append(Session(policy: policy, incidentID: "S-\(i)", zone: zone, subject: template.subject))
        }
        let idle = residentBytes()
        for i in 0..<count {
            var data = [Value?](repeating: nil, count: policy.vocabulary.events[reported].fields.count)
            data[0] = risk
            try open[i].ingest(Event(id: "r\(i)", type: reported, time: Instant(secondsSinceEpoch: 1_767_225_600 + Int64(i)), data: data))
        }
        let after = residentBytes()
        // Latency: one more event into each open session.
        let found = policy.vocabulary.eventIDs["missing.found"]!
        var latencies: [Double] = []
        latencies.reserveCapacity(count)
        for i in 0..<count {
            let e = Event(id: "f\(i)", type: found, time: Instant(secondsSinceEpoch: 1_767_229_200 + Int64(i)),
                          data: [Value?](repeating: nil, count: policy.vocabulary.events[found].fields.count))
            let start = DispatchTime.now().uptimeNanoseconds
            try open[i].ingest(e)
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3)
        }
        latencies.sort()
        row(["measure", "value"])
        row(["---", "---"])
        row(["memory per open idle session (subject given, no events yet)", String(format: "%.0f bytes", Double(idle - before) / Double(count))])
        row(["memory per session with an open missing episode (3 notifications, its next threshold armed)", String(format: "%.0f bytes", Double(after - before) / Double(count))])
        row(["ingest latency, median", String(format: "%.1f µs", latencies[latencies.count / 2])])
        row(["ingest latency, 99th percentile", String(format: "%.1f µs", latencies[latencies.count * 99 / 100])])
        withExtendedLifetime(open) {}
    }

    /// `policyeval check` on an example, as a whole process.
    func wholeProcess() throws {
        header("`policyeval check` as a whole process")
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("policyeval")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            print("(skipped: build the policyeval product in the same configuration first)")
            return
        }
        let t = measure(repeat: smoke ? 1 : quick ? 5 : 30) {
            _ = spawnAndWait(binary.path, ["check", "Examples/bcp-medium-risk-overnight.json", "--as-of", "2026-03-20T09:00:00Z"])
        }
        row(["command", "median wall time", "best"])
        row(["---", "---", "---"])
        row(["policyeval check Examples/bcp-medium-risk-overnight.json", ms(t.median), ms(t.best)])
    }
}
