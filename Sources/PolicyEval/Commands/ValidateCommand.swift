/// `policyeval validate`: every diagnostic of every rule file; exit 0 clean, 1 with errors, 2 bad arguments.
public enum ValidateCommand {
    public struct Options: Sendable {
        public var paths: [String]
        public var format: OutputFormat
        /// The vocabulary and calendars for rule files outside any policies folder.
        public var policiesDir: String
        public init(paths: [String], format: OutputFormat, policiesDir: String = "Policies") {
            self.paths = paths
            self.format = format
            self.policiesDir = policiesDir
        }
    }

    /// Exit 2, a bad argument, for a path that cannot be read or that holds no rule file:
    /// nothing checked is not "valid".
    public static func run(_ o: Options) -> CommandResult {
        let paths = o.paths.isEmpty ? [o.policiesDir] : o.paths
        for path in paths {
            if let problem = FileSystem.problem(path) { return .badInput("\(problem): \(path)") }
            if PolicyLibrary.expand([path]).files.isEmpty {
                return .badInput("\(path): no rule files (*.yaml, other than vocabulary.yaml, calendars and *.tests.yaml) in this folder")
            }
        }
        let library = PolicyLibrary.load(paths, fallbackRoot: o.policiesDir)
        let renderer = DiagnosticRenderer(sources: library.sources)
        let code: Int32 = library.diagnostics.hasErrors ? 1 : 0
        switch o.format {
        case .json:
            return CommandResult(stdout: renderer.renderJSON(library.diagnostics), exitCode: code)
        case .text:
            var out = renderer.render(library.diagnostics)
            if !library.diagnostics.hasErrors {
                let n = library.policies.count
                let rules = library.policies.reduce(0) { $0 + $1.rules.count }
                out += "\(n) polic\(n == 1 ? "y" : "ies") valid (\(rules) rule\(rules == 1 ? "" : "s"))\n"
            }
            return CommandResult(stdout: out, exitCode: code)
        }
    }
}
