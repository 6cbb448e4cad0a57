/// What a command prints and how it exits; the executable only writes it out.
public struct CommandResult: Sendable, Equatable {
    public var stdout: String
    public var stderr: String
    public var exitCode: Int32

    public init(stdout: String = "", stderr: String = "", exitCode: Int32 = 0) {
        self.stdout = stdout
        self.stderr = stderr
        self.exitCode = exitCode
    }

    /// Bad input or arguments: a message on stderr, exit 2, nothing on stdout. The message is
    /// one line: any control character in it (from a path or a value) is escaped.
    public static func badInput(_ message: String) -> CommandResult {
        CommandResult(stderr: "error: \(Shown.escaped(message))\n", exitCode: 2)
    }
}

public enum OutputFormat: String, Sendable, CaseIterable {
    case text, json
}
