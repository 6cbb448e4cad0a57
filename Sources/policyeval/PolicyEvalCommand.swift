import ArgumentParser
import Foundation
import PolicyEval

@main
struct PolicyEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policyeval",
        abstract: "Evaluate UK children's safeguarding protocols, encoded as rule files, against incidents.",
        discussion: """
            Policies are looked for in this order: --policies, $POLICYEVAL_POLICIES, ./Policies when \
            present, then the folder installed beside the binary (PREFIX/share/policyeval/Policies). \
            A folder of your own kept elsewhere, with a vocabulary.yaml that says extends: core, takes \
            the core vocabulary and calendars from it; calendars in its own calendars/ are found first.
            """,
        version: "policyeval \(PolicyEvalVersion.current) (policies: \(PoliciesFolder.resolve(nil)))",
        subcommands: [Check.self, Validate.self, Test.self, Explain.self, Graph.self, Due.self, Schema.self]
    )

    /// Bad arguments exit with status 2, as every bad input does (not ArgumentParser's 64).
    static func main() {
        Output.guardStandardDescriptors()
        do {
            // `check` and `validate` as usually typed are read without ArgumentParser, whose
            // reflection and completion-script check cost more than the rest of starting up
            // (`QuickArguments`); anything else, and any mistake, goes through it as before.
            if let quick = QuickArguments.parse(Array(CommandLine.arguments.dropFirst())) {
                try quick.run()
            }
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            // Help and version text go to stdout with exit 0; every other message to stderr, exit 2.
            if exitCode(for: error) == .success {
                Output.finish(stdout: fullMessage(for: error) + "\n", stderr: "", status: 0)
            }
            Output.finish(stdout: "", stderr: fullMessage(for: error) + "\n", status: 2)
        }
    }
}

/// Writes a command's output and exits with its status (3 when the output cannot be written).
func finish(_ r: CommandResult) throws -> Never {
    Output.finish(stdout: r.stdout, stderr: r.stderr, status: r.exitCode)
}

/// The one place the clock is read: the default for `--as-of`.
func now() -> Instant { Instant(secondsSinceEpoch: Int64(Date().timeIntervalSince1970)) }

extension OutputFormat: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}
extension Schemas.Kind: ExpressibleByArgument {}
extension GraphRenderer.Format: ExpressibleByArgument {}

struct IncidentArguments: ParsableArguments {
    @Argument(help: "An incident file (JSON).")
    var incident: String?

    @Option(help: "A rule file, a folder holding one policy (its versions side by side), or a policy id under --policies (default: the incident's own policy).")
    var policy: String?

    @Option(help: "Folder of rule files, vocabulary and calendars (default: see policyeval --help).")
    var policies: String?

    @Option(help: "Events as JSON Lines, one per line (with --subject).")
    var events: String?

    @Option(help: "The subject file for --events: an incident file without events.")
    var subject: String?

    @Flag(help: "Treat an event type outside the vocabulary as a warning and leave the event out.")
    var allowUnknownTypes = false

    func validate() throws {
        if let problem = values.problem { throw ValidationError(problem) }
    }

    var values: IncidentValues {
        IncidentValues(incident: incident, policy: policy, policies: policies, events: events, subject: subject,
                       allowUnknownTypes: allowUnknownTypes)
    }
}

/// An incident's arguments as plain values, however they were read.
struct IncidentValues: Equatable {
    var incident: String?
    var policy: String?
    var policies: String?
    var events: String?
    var subject: String?
    var allowUnknownTypes = false

    /// What is wrong with the combination given, if anything.
    var problem: String? {
        if incident == nil && events == nil { return "give an incident file, or --events with --subject" }
        if incident != nil && events != nil { return "give an incident file or --events, not both" }
        if events != nil && subject == nil { return "--events needs --subject (the incident without its events)" }
        return nil
    }

    var input: IncidentInput {
        IncidentInput(incidentPath: incident, eventsPath: events, subjectPath: subject, policy: policy,
                      policiesDir: PoliciesFolder.resolve(policies), unknownTypesAreWarnings: allowUnknownTypes)
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",  // named, not worked out from the type's name (String(describing:) costs start-up time)
        abstract: "Report which duties apply to an incident, when each is due, and whether it was met.",
        discussion: "Exit status: 0 nothing overdue, late or early; 1 something is; 2 bad input; 3 the report could not be written.")

    @OptionGroup var incident: IncidentArguments
    @Option(name: .customLong("as-of"), help: "Evaluate as of this RFC 3339 instant (default: now).")
    var asOf: String?
    @Option(help: "text, json or html (one self-contained page with a timeline)")
    var format: ReportFormat = .text

    func run() throws { try values.run() }

    var values: CheckValues { CheckValues(incident: incident.values, asOf: asOf, format: format) }
}

/// `check`'s arguments as plain values, however they were read.
struct CheckValues: Equatable {
    var incident: IncidentValues
    var asOf: String?
    var format: ReportFormat = .text

    func run() throws -> Never {
        let options = CheckCommand.Options(input: incident.input, asOf: asOf, format: format)
        guard format != .html else { try finish(CheckCommand.run(options, now: now())) }  // one page, with the incident's events
        switch CheckCommand.reportAndIncident(options, now: now()) {
        case .failure(let refusal): try finish(refusal.result)
        case .success(let (report, incident)):
            // Written as it is made, not as one string; then the process exits, the record and
            // the report still held (freeing them first would only cost time).
            withExtendedLifetime(incident) { streamReport(report, json: format == .json) }
        }
    }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check rule files and report every mistake with its line and column.",
        discussion: "Exit status: 0 clean; 1 errors found; 2 bad arguments (a path that cannot be read, or holds no rule file).")

    @Argument(help: "Rule files or folders (default: the policies folder).")
    var paths: [String] = []
    @Option(help: "text or json")
    var format: OutputFormat = .text
    @Option(help: "The vocabulary and calendars for files outside a policies folder, and the core that a folder's own vocabulary (extends: core) adds to (default: see policyeval --help).")
    var policies: String?

    func run() throws { try values.run() }

    var values: ValidateValues { ValidateValues(paths: paths, format: format, policies: policies) }
}

/// `validate`'s arguments as plain values, however they were read.
struct ValidateValues: Equatable {
    var paths: [String] = []
    var format: OutputFormat = .text
    var policies: String?

    func run() throws -> Never {
        try finish(ValidateCommand.run(.init(paths: paths, format: format, policiesDir: PoliciesFolder.resolve(policies))))
    }
}

struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "test", abstract: "Run the test cases kept beside each policy (*.tests.yaml).")

    @Argument(help: "Test files or folders (default: the policies folder).")
    var paths: [String] = []
    @Flag(help: "List rules that no test fired, or that no test showed not firing.")
    var coverage = false
    @Option(help: "The vocabulary and calendars for files outside a policies folder, and the core that a folder's own vocabulary (extends: core) adds to (default: see policyeval --help).")
    var policies: String?

    func run() throws { try finish(TestCommand.run(.init(paths: paths.isEmpty ? [PoliciesFolder.resolve(policies)] : paths, coverage: coverage, policiesDir: PoliciesFolder.resolve(policies)))) }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Show every step one rule took on an incident.")

    @OptionGroup var incident: IncidentArguments
    @Option(help: "The rule id to trace.")
    var rule: String
    @Option(name: .customLong("as-of"), help: "Evaluate as of this RFC 3339 instant (default: now).")
    var asOf: String?

    func run() throws { try finish(ExplainCommand.run(.init(input: incident.values.input, rule: rule, asOf: asOf), now: now())) }
}

struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "graph", abstract: "Print a policy's decision graph (Graphviz DOT or Mermaid).")

    @Argument(help: "A rule file or policy id.")
    var policy: String
    @Option(help: "dot or mermaid")
    var format: GraphRenderer.Format = .dot
    @Option(help: "Folder of rule files, for a policy id (default: see policyeval --help).")
    var policies: String?

    func run() throws { try finish(GraphCommand.run(.init(policy: policy, format: format, policiesDir: PoliciesFolder.resolve(policies)))) }
}

struct Due: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "Work out a due date: policyeval due --from 2026-12-16 --within 15wd",
        discussion: "--from a date gives a date for d, wd, w and mo; --from an instant gives an instant for m and h.")

    @Option(help: "The start: a date (2026-12-16) or an RFC 3339 instant.")
    var from: String
    @Option(help: "90m, 24h, 3d, 15wd, 6w, 3mo, immediately")
    var within: String
    @Option(help: "A calendar under the policies folder's calendars/, or a calendar file of your own (my-folder/calendars/council.yaml).")
    var calendar = "england-and-wales"
    @Option(help: "An IANA time zone.")
    var zone = "Europe/London"
    @Option(help: "Folder holding calendars/ (default: see policyeval --help).")
    var policies: String?

    func run() throws {
        try finish(DueCommand.run(.init(from: from, within: within, calendar: calendar, zone: zone, policiesDir: PoliciesFolder.resolve(policies))))
    }
}

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of rule files, incidents or reports.",
        discussion: "For editors: policyeval schema rules > rules.schema.json, then start a rule file with "
            + "# yaml-language-server: $schema=rules.schema.json (a path from the rule file's folder).")

    @Argument(help: "rules, incident or report")
    var kind: Schemas.Kind

    func run() throws { try finish(SchemaCommand.run(kind)) }
}
