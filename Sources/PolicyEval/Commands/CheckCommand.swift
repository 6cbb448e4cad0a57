/// `policyeval check`: which duties apply to an incident, when each is due, and their status.
public enum CheckCommand {
    public struct Options: Sendable {
        public var input: IncidentInput
        public var asOf: String?
        public var format: OutputFormat
        public init(input: IncidentInput, asOf: String?, format: OutputFormat) {
            self.input = input
            self.asOf = asOf
            self.format = format
        }
    }

    /// `now` is the default evaluation instant; the caller reads the clock, never the library.
    public static func run(_ o: Options, now: Instant) -> CommandResult {
        switch report(o, now: now) {
        case .failure(let f): return f.result
        case .success(let report):
            let out = o.format == .json ? ReportJSON.render(report) : ReportText.render(report)
            return CommandResult(stdout: out, exitCode: exitCode(report))
        }
    }

    /// Why `check` printed no report: what it prints instead, and its exit status (2).
    public struct Refusal: Error, Sendable {
        public var result: CommandResult
    }

    /// The report `run` prints, for a caller that writes it itself (`ReportJSON.write`, as
    /// a stream of bytes), or what to print instead; `exitCode(_:)` gives the status.
    public static func report(_ o: Options, now: Instant) -> Result<Report, Refusal> {
        let loaded: (Incident, Policy, [ReportDiagnostic], Instant)
        switch o.input.load(asOf: o.asOf, now: now) {
        case .failure(let f): return .failure(Refusal(result: f.result))
        case .success(let v): loaded = v
        }
        let (incident, policy, notes, asOf) = loaded
        var report: Report
        do { report = try Evaluation.evaluate(incident, policy: policy, asOf: asOf) } catch {
            return .failure(Refusal(result: .badInput("\(o.input.incidentPath ?? o.input.eventsPath ?? "the incident"): \(error.description)")))
        }
        report.diagnostics = notes + report.diagnostics
        return .success(report)
    }

    /// 1 when anything is overdue, late or early; else 0.
    public static func exitCode(_ report: Report) -> Int32 { report.hasBreaches ? 1 : 0 }
}
