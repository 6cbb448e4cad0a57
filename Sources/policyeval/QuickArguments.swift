import PolicyEval

/// `check` and `validate` read without ArgumentParser, for the command lines they are
/// usually given: why this exists is start-up time. ArgumentParser builds each command's
/// arguments by reflection and, before anything else, parses the whole line twice more to
/// look for `--generate-completion-script`; with the Swift runtime's first look-ups of every
/// type it touches, that was 12 to 13 million instructions of a `validate` of one small
/// policy's 45 million (BENCHMARKS.md, "Start-up").
///
/// It gives up (`nil`, and ArgumentParser reads the line as before) on anything unusual: an
/// argument starting with `-` that is not exactly one of the command's own option names (so
/// `--help`, `-h`, `--version`, `--opt=value`, `--` and every misspelling), an option given
/// twice or without a value, a value that is empty or starts with `-`, a format it does not
/// know, too many incident files, or arguments that `check` would refuse. So every message,
/// help text and exit status still comes from ArgumentParser; a test compares the two
/// readings of many command lines (`QuickArgumentsTests`).
enum QuickArguments: Equatable {
    case check(CheckValues)
    case validate(ValidateValues)

    static func parse(_ arguments: [String]) -> QuickArguments? {
        guard let command = arguments.first else { return nil }
        var options: [String: String] = [:]
        var flags: Set<String> = []
        var values: [String] = []
        let optionNames: Set<String>, flagNames: Set<String>
        switch command {
        case "check": (optionNames, flagNames) = (["--policy", "--policies", "--events", "--subject", "--as-of", "--format"], ["--allow-unknown-types"])
        case "validate": (optionNames, flagNames) = (["--format", "--policies"], [])
        default: return nil
        }
        var i = 1
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            if optionNames.contains(argument) {
                guard i < arguments.count, isPlainValue(arguments[i]), options[argument] == nil else { return nil }
                options[argument] = arguments[i]
                i += 1
            } else if flagNames.contains(argument) {
                guard flags.insert(argument).inserted else { return nil }
            } else if isPlainValue(argument) {
                values.append(argument)
            } else {
                return nil
            }
        }
        switch command {
        case "check":
            guard values.count <= 1 else { return nil }
            var format = ReportFormat.text
            if let given = options["--format"] {
                guard let known = ReportFormat(rawValue: given) else { return nil }
                format = known
            }
            let incident = IncidentValues(incident: values.first, policy: options["--policy"], policies: options["--policies"],
                                          events: options["--events"], subject: options["--subject"],
                                          allowUnknownTypes: flags.contains("--allow-unknown-types"))
            guard incident.problem == nil else { return nil }
            return .check(CheckValues(incident: incident, asOf: options["--as-of"], format: format))
        default:
            var format = OutputFormat.text
            if let given = options["--format"] {
                guard let known = OutputFormat(rawValue: given) else { return nil }
                format = known
            }
            return .validate(ValidateValues(paths: values, format: format, policies: options["--policies"]))
        }
    }

    /// A value ArgumentParser would take as a value and nothing else.
    private static func isPlainValue(_ argument: String) -> Bool {
        !argument.isEmpty && !argument.hasPrefix("-")
    }

    func run() throws -> Never {
        switch self {
        case .check(let values): try values.run()
        case .validate(let values): try values.run()
        }
    }
}
