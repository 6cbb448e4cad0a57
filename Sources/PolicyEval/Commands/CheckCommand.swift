/// `policyeval check`: which duties apply to an incident, when each is due, and their status.
public enum CheckCommand {
    public struct Options: Sendable {
        public var input: IncidentInput
        public var asOf: String?
        public var format: ReportFormat
        public init(input: IncidentInput, asOf: String?, format: ReportFormat) {
            self.input = input
            self.asOf = asOf
            self.format = format
        }
    }

    /// `now` is the default evaluation instant; the caller reads the clock, never the library.
    public static func run(_ o: Options, now: Instant) -> CommandResult {
        switch evaluate(o, now: now) {
        case .failure(let f): return f.result
        case .success(let (report, incident, vocabulary)):
            let out = o.format.render(report, events: ReportHTML.events(of: incident, vocabulary: vocabulary))
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
        evaluate(o, now: now).map(\.0)
    }

    /// As `report`, with the incident it was made from: a process that exits as soon as the
    /// report is written can keep both to its end (`withExtendedLifetime`) rather than free a
    /// long record's events and entries one by one first (a tenth of a check's instructions).
    public static func reportAndIncident(_ o: Options, now: Instant) -> Result<(Report, Incident), Refusal> {
        evaluate(o, now: now).map { ($0.0, $0.1) }
    }

    private static func evaluate(_ o: Options, now: Instant) -> Result<(Report, Incident, Vocabulary), Refusal> {
        let loaded: (Incident, PolicyVersions, [ReportDiagnostic], Instant)
        switch o.input.load(asOf: o.asOf, now: now) {
        case .failure(let f): return .failure(Refusal(result: f.result))
        case .success(let v): loaded = v
        }
        let (incident, versions, notes, asOf) = loaded
        var report: Report
        do { report = try Evaluation.evaluate(incident, versions: versions, asOf: asOf) } catch {
            return .failure(Refusal(result: .badInput("\(o.input.incidentPath ?? o.input.eventsPath ?? "the incident"): \(error.description)")))
        }
        report.diagnostics = notes + report.diagnostics
        return .success((report, incident, versions.all[0].vocabulary))
    }

    /// 1 when anything is overdue, late or early; else 0.
    public static func exitCode(_ report: Report) -> Int32 { report.hasBreaches ? 1 : 0 }
}
