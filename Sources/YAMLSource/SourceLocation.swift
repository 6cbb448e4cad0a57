import Foundation

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

/// A source file's text, kept for drawing diagnostics. Its lines are found by where
/// they start, once, in one pass over the bytes (a line is cut at "\n", and a "\r" before
/// it is not part of it); a line's text is taken only when a diagnostic shows it.
public struct SourceFile: Sendable, Equatable {
    public let path: String
    public let text: String
    /// UTF-8 offset of each piece of the text between "\n"s (one more than there are "\n"s).
    private let starts: [Int]
    public let lineCount: Int

    public init(path: String, text: String) {
        self.init(path: path, text: text, starts: SourceFile.pieceStarts(text))
    }

    /// With the line starts already found (the loader finds them once for both).
    init(path: String, text: String, starts: [Int]) {
        self.path = path
        self.text = text
        self.starts = starts
        // The piece after a final line break, when empty, is not a line.
        let last = starts.count - 1
        lineCount = SourceFile.piece(last, of: text, starts).isEmpty ? last : last + 1
    }

    public static func == (a: SourceFile, b: SourceFile) -> Bool { a.path == b.path && a.text == b.text }

    /// Line `n` (1-based), without its line break.
    public func line(_ n: Int) -> Substring? {
        guard n >= 1, n <= lineCount else { return nil }
        return SourceFile.piece(n - 1, of: text, starts)
    }

    /// Piece `k` (0-based) without a "\r" at its end. Both its ends lie next to a line break,
    /// so on character boundaries.
    static func piece(_ k: Int, of text: String, _ starts: [Int]) -> Substring {
        let utf8 = text.utf8
        let start = starts[k]
        var end = k + 1 < starts.count ? starts[k + 1] - 1 : utf8.count
        let at = { (offset: Int) in utf8.index(utf8.startIndex, offsetBy: offset) }
        if end > start, utf8[at(end - 1)] == 0x0D { end -= 1 }
        return text[at(start)..<at(end)]
    }

    static func pieceStarts(_ text: String) -> [Int] {
        var starts = [0]
        var text = text
        text.withUTF8 { bytes in
            // memchr jumps from one line break to the next, many bytes at a time.
            guard let base = bytes.baseAddress else { return }
            var k = 0
            while k < bytes.count, let p = memchr(base + k, 0x0A, bytes.count - k) {
                k = UnsafeRawPointer(p) - UnsafeRawPointer(base) + 1
                starts.append(k)
            }
        }
        return starts
    }
}
