import Testing
@testable import policyeval

/// `QuickArguments` reads `check` and `validate` without ArgumentParser; whenever it reads a
/// command line at all, it must read it as ArgumentParser does, and leave everything unusual
/// to ArgumentParser.
@Suite struct QuickArgumentsTests {
    /// What ArgumentParser makes of a command line, as the same plain values (nil: an error,
    /// help, or another command).
    static func parsedByArgumentParser(_ arguments: [String]) -> QuickArguments? {
        switch try? PolicyEvalCommand.parseAsRoot(arguments) {
        case let check as Check: .check(check.values)
        case let validate as Validate: .validate(validate.values)
        default: nil
        }
    }

    @Test func readsTheUsualCommandLinesAsArgumentParserDoes() {
        let usual: [[String]] = [
            ["check", "inc.json", "--policy", "rhi.yaml", "--policies", "Policies", "--as-of", "2026-03-20T09:00:00Z", "--format", "json"],
            ["check", "inc.json"],
            ["check", "--format", "html", "inc.json", "--allow-unknown-types"],
            ["check", "--events", "e.jsonl", "--subject", "s.json", "--format", "text"],
            ["check", "help"],
            ["validate"],
            ["validate", "a.yaml", "--format", "json", "b.yaml", "--policies", "P"],
            ["validate", "Policies", "help", "check"],
        ]
        for arguments in usual {
            let quick = QuickArguments.parse(arguments)
            #expect(quick != nil, "\(arguments)")
            #expect(quick == Self.parsedByArgumentParser(arguments), "\(arguments)")
        }
        #expect(QuickArguments.parse(usual[0]) == .check(CheckValues(
            incident: IncidentValues(incident: "inc.json", policy: "rhi.yaml", policies: "Policies"),
            asOf: "2026-03-20T09:00:00Z", format: .json)))
    }

    @Test func leavesEverythingUnusualToArgumentParser() {
        let unusual: [[String]] = [
            [], ["--help"], ["--version"], ["help", "check"], ["check", "--help"], ["check", "-h"], ["validate", "-help"],
            ["check", "inc.json", "--version"], ["check", "inc.json", "--format=json"], ["check", "--", "inc.json"],
            ["check", "inc.json", "--format", "pdf"], ["validate", "--format", "html"], ["check", "a.json", "b.json"],
            ["check"], ["check", "inc.json", "--events", "e.jsonl"], ["check", "--events", "e.jsonl"],
            ["check", "inc.json", "--policy"], ["check", "inc.json", "--policy", "--format", "json"],
            ["check", "inc.json", "--policy", "a", "--policy", "b"], ["check", "inc.json", "--allow-unknown-types", "--allow-unknown-types"],
            ["check", ""], ["check", "-"], ["check", "inc.json", "--as-of", "-1"], ["check", "inc.json", "--rule", "r"],
            ["validate", "--allow-unknown-types"], ["validate", "--generate-completion-script", "bash"],
            ["--generate-completion-script"], ["test"], ["explain", "inc.json", "--rule", "r"], ["Check", "inc.json"],
        ]
        for arguments in unusual {
            #expect(QuickArguments.parse(arguments) == nil, "\(arguments)")
        }
    }

    /// Many command lines put together from ordinary and odd pieces: wherever the quick
    /// reading gives an answer, ArgumentParser gives the same one.
    @Test func agreesWithArgumentParserOnMixedCommandLines() {
        let pieces = ["inc.json", "x.yaml", "--policy", "--policies", "--events", "--subject", "--as-of", "--format",
                      "--allow-unknown-types", "json", "text", "html", "2026-01-01T00:00:00Z", "-", "--", "-h", "help", ""]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        var read = 0
        for _ in 0..<3000 {
            var arguments = [next(2) == 0 ? "check" : "validate"]
            for _ in 0..<next(7) { arguments.append(pieces[next(pieces.count)]) }
            guard let quick = QuickArguments.parse(arguments) else { continue }
            read += 1
            #expect(quick == Self.parsedByArgumentParser(arguments), "\(arguments)")
        }
        #expect(read > 200)  // the comparison did happen, on many lines
    }
}
