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
        let loaded: (Incident, PolicyVersions, [ReportDiagnostic], Instant)
        switch o.input.load(asOf: o.asOf, now: now) {
        case .failure(let f): return f.result
        case .success(let v): loaded = v
        }
        let (incident, versions, notes, asOf) = loaded
        var report: Report
        do { report = try Evaluation.evaluate(incident, versions: versions, asOf: asOf) } catch {
            return .badInput("\(o.input.incidentPath ?? o.input.eventsPath ?? "the incident"): \(error.description)")
        }
        report.diagnostics = notes + report.diagnostics
        let out = o.format.render(report, events: ReportHTML.events(of: incident, vocabulary: versions.all[0].vocabulary))
        return CommandResult(stdout: out, exitCode: report.hasBreaches ? 1 : 0)
    }
}
