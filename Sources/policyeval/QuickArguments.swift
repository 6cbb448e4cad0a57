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
        guard let command = arguments.first, command == "check" || command == "validate" else { return nil }
        let isCheck = command == "check"
        // Plain variables and a switch, no Set or Dictionary: their first use costs the
        // runtime more than this whole function.
        var policy, policies, events, subject, asOf, format: String?
        var allowUnknownTypes = false
        var values: [String] = []
        var i = 1
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            /// Takes the value after an option given once; false if there is none or it was given before.
            func value(_ slot: inout String?) -> Bool {
                guard slot == nil, i < arguments.count, isPlainValue(arguments[i]) else { return false }
                slot = arguments[i]
                i += 1
                return true
            }
            let known: Bool
            switch argument {
            case "--format": known = value(&format)
            case "--policies": known = value(&policies)
            case "--policy" where isCheck: known = value(&policy)
            case "--events" where isCheck: known = value(&events)
            case "--subject" where isCheck: known = value(&subject)
            case "--as-of" where isCheck: known = value(&asOf)
            case "--allow-unknown-types" where isCheck:
                known = !allowUnknownTypes
                allowUnknownTypes = true
            default:
                known = isPlainValue(argument)
                values.append(argument)
            }
            guard known else { return nil }
        }
        if isCheck {
            guard values.count <= 1 else { return nil }
            var reportFormat = ReportFormat.text
            if let format {
                guard let known = ReportFormat(rawValue: format) else { return nil }
                reportFormat = known
            }
            let incident = IncidentValues(incident: values.first, policy: policy, policies: policies, events: events,
                                          subject: subject, allowUnknownTypes: allowUnknownTypes)
            guard incident.problem == nil else { return nil }
            return .check(CheckValues(incident: incident, asOf: asOf, format: reportFormat))
        }
        var outputFormat = OutputFormat.text
        if let format {
            guard let known = OutputFormat(rawValue: format) else { return nil }
            outputFormat = known
        }
        return .validate(ValidateValues(paths: values, format: outputFormat, policies: policies))
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
