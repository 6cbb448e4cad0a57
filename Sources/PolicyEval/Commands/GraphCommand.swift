/// `policyeval graph POLICY --format dot|mermaid`: the whole protocol at once.
public enum GraphCommand {
    public struct Options: Sendable {
        public var policy: String
        public var format: GraphRenderer.Format
        public var policiesDir: String
        public init(policy: String, format: GraphRenderer.Format, policiesDir: String = "Policies") {
            self.policy = policy
            self.format = format
            self.policiesDir = policiesDir
        }
    }

    public static func run(_ o: Options) -> CommandResult {
        let isFile = FileSystem.exists(o.policy)
        let library = PolicyLibrary.load([isFile ? o.policy : o.policiesDir])
        let policy = isFile ? library.policies.first : library.policies.first { $0.id == o.policy }
        guard let p = policy else {
            if library.diagnostics.hasErrors { return CommandFailure.diagnostics(library.diagnostics, library.sources).result }
            return .badInput("no policy '\(o.policy)': give a rule file or one of \(library.policies.map(\.id).sorted().joined(separator: ", "))")
        }
        return CommandResult(stdout: GraphRenderer.render(p, format: o.format))
    }
}
