/// A place in a source file: 1-based line and column, the column counted in
/// characters (Unicode scalars), as an editor shows it.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// A source file's text, kept for drawing diagnostics.
public struct SourceFile: Sendable, Equatable {
    public let path: String
    public let text: String
    private let lines: [String]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        if lines.last == "" { lines.removeLast() }
        self.lines = lines
    }

    /// Line `n` (1-based), without its line break.
    public func line(_ n: Int) -> Substring? {
        guard n >= 1, n <= lines.count else { return nil }
        return Substring(lines[n - 1])
    }

    public var lineCount: Int { lines.count }
}
