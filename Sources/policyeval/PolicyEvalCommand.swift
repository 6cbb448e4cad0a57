import ArgumentParser
import PolicyEval

@main
struct PolicyEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policyeval",
        abstract: "Evaluate UK children's safeguarding protocols, encoded as rule files, against incidents.",
        subcommands: []
    )
}
