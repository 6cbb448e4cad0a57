/// The source lines of a file, shared by every scalar of it: where each starts, found in
/// one pass over the bytes; a line's characters are taken only when an error inside a
/// scalar needs its place (a line is cut at "\n", and its "\r"s are left out).
final class SourceLines: Sendable {
    let text: String
    let starts: [Int]

    init(_ text: String) {
        self.text = text
        starts = SourceFile.pieceStarts(text)
    }

    var count: Int { starts.count }

    subscript(_ k: Int) -> [Unicode.Scalar] {
        let utf8 = text.utf8
        let end = k + 1 < starts.count ? starts[k + 1] - 1 : utf8.count
        let range = utf8.index(utf8.startIndex, offsetBy: starts[k])..<utf8.index(utf8.startIndex, offsetBy: end)
        return Array(text[range].unicodeScalars.filter { $0 != "\r" })
    }
}

/// Maps offsets in a scalar's value back to the source, so an error inside an
/// expression can point at the exact character. Each source line's text is found,
/// in order, in the value; escapes in double-quoted scalars are walked one by one.
struct ScalarSourceMap: Sendable, Equatable {
    let source: SourceLines
    let endLine: Int
    let endColumn: Int

    static func == (a: ScalarSourceMap, b: ScalarSourceMap) -> Bool { true }

    func location(of offset: Int, value scalar: YAMLScalar, start: SourceLocation) -> SourceLocation {
        let value = Array(scalar.value.unicodeScalars)
        let offset = max(0, min(offset, value.count))
        let lines = source
        let first = start.line - 1
        guard first >= 0, first < lines.count else { return start }

        if start.line == endLine {
            let line = lines[first]
            let from = start.column - 1
            switch scalar.style {
            case .plain: return at(start.line, from + offset, start)
            case .singleQuoted, .doubleQuoted:
                // Walk the quoted text: '' and backslash escapes take more than one source character.
                var src = from + 1, v = 0
                while v < offset, src < line.count {
                    let c = line[src]
                    if scalar.style == .singleQuoted, c == "'", src + 1 < line.count, line[src + 1] == "'" { src += 2 }
                    else if scalar.style == .doubleQuoted, c == "\\", src + 1 < line.count {
                        switch line[src + 1] {
                        case "x": src += 4
                        case "u": src += 6
                        case "U": src += 10
                        default: src += 2
                        }
                    } else { src += 1 }
                    v += 1
                }
                return at(start.line, src, start)
            default: break
            }
        }

        // Multi-line: each line's content, trimmed, stands verbatim in the value in order.
        var segments: [(line: Int, column: Int, valueStart: Int, length: Int)] = []
        var cursor = 0
        let firstContentLine = (scalar.style == .literal || scalar.style == .folded) ? first + 1 : first
        var i = firstContentLine
        while i <= min(endLine - 1, lines.count - 1) {
            var text = lines[i]
            var col = 0
            if i == first { col = start.column - 1 + ((scalar.style == .singleQuoted || scalar.style == .doubleQuoted) ? 1 : 0) }
            if i == endLine - 1 { text = Array(text.prefix(max(0, endColumn - 1))) }
            while col < text.count, text[col] == " " || text[col] == "\t" { col += 1 }
            var stop = text.count
            if (scalar.style == .singleQuoted || scalar.style == .doubleQuoted), i == endLine - 1, stop > col, text[stop - 1] == "\"" || text[stop - 1] == "'" { stop -= 1 }
            while stop > col, text[stop - 1] == " " || text[stop - 1] == "\t" { stop -= 1 }
            if stop > col {
                let piece = Array(text[col..<stop])
                if let p = find(piece, in: value, from: cursor) {
                    segments.append((i + 1, col + 1, p, piece.count))
                    cursor = p + piece.count
                }
            }
            i += 1
        }
        for s in segments.reversed() where s.valueStart <= offset {
            return SourceLocation(file: start.file, line: s.line, column: s.column + min(offset - s.valueStart, s.length))
        }
        return segments.first.map { SourceLocation(file: start.file, line: $0.line, column: $0.column) } ?? start
    }

    private func at(_ line: Int, _ index: Int, _ start: SourceLocation) -> SourceLocation {
        SourceLocation(file: start.file, line: line, column: index + 1)
    }

    private func find(_ needle: [Unicode.Scalar], in hay: [Unicode.Scalar], from: Int) -> Int? {
        guard !needle.isEmpty, hay.count >= needle.count else { return nil }
        var i = from
        while i + needle.count <= hay.count {
            if hay[i] == needle[0], Array(hay[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}
