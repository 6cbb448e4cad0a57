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
        guard FileSystem.exists(o.policy) else {
            // A policy id, found as `check` finds one: two files declaring it are an error.
            switch PolicyFinder(folder: o.policiesDir).find(o.policy) {
            case .failure(let f): return f.result
            // Versions side by side: the latest is drawn (give a rule file to draw another).
            case .success(let (versions, _)): return CommandResult(stdout: GraphRenderer.render(versions.latest, format: o.format))
            }
        }
        let library = PolicyLibrary.load([o.policy], fallbackRoot: o.policiesDir)
        // A file, or a folder holding exactly one policy: never the first of several.
        guard library.versions.count == 1, let versions = library.versions.values.first, !library.diagnostics.hasErrors else {
            if library.diagnostics.hasErrors { return CommandFailure.diagnostics(library.diagnostics, library.sources).result }
            let ids = library.versions.keys.sorted()
            return .badInput("\(o.policy) holds \(ids.count) policies\(ids.isEmpty ? "" : " (\(ids.joined(separator: ", ")))"); give one rule file or a policy id")
        }
        return CommandResult(stdout: GraphRenderer.render(versions.latest, format: o.format))
    }
}
