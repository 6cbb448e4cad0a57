/// Draws diagnostics like a compiler: `file:line:col: error: message`, the source
/// line, a caret under the offending token, notes and "did you mean".
/// A pure function of the diagnostics and the source text. Messages, file names and source
/// lines are written with control characters escaped (`Shown.escaped`): a rule file's
/// double-quoted scalar can hold any character ("\e[2J"), and a line may hold a
/// right-to-left override.
public struct DiagnosticRenderer: Sendable {
    public var sources: [String: SourceFile]

    public init(sources: [SourceFile]) {
        var map: [String: SourceFile] = [:]
        for s in sources { map[s.path] = s }
        self.sources = map
    }

    public func render(_ diagnostics: Diagnostics) -> String {
        var out = ""
        for d in diagnostics.sorted { out += render(d) }
        let e = diagnostics.errorCount, w = diagnostics.warningCount
        if e + w > 0 {
            out += "\(e) error\(e == 1 ? "" : "s"), \(w) warning\(w == 1 ? "" : "s")\n"
        }
        return out
    }

    public func render(_ d: Diagnostic) -> String {
        let e = Shown.escaped
        var out = ""
        if let loc = d.location {
            out += "\(e(loc.file)):\(loc.line):\(loc.column): \(d.severity.rawValue): \(e(d.message))\n"
            out += snippet(at: loc, length: d.length)
        } else {
            out += "\(d.severity.rawValue): \(e(d.message))\n"
        }
        if let s = d.suggestion { out += "   = help: did you mean '\(e(s))'?\n" }
        for n in d.notes {
            if let loc = n.location {
                out += "\(e(loc.file)):\(loc.line):\(loc.column): note: \(e(n.message))\n"
                out += snippet(at: loc, length: 1)
            } else {
                out += "   = note: \(e(n.message))\n"
            }
        }
        return out
    }

    /// The widest source line shown: a longer one (a minified or generated file) is clipped
    /// to this many characters around the column, with "..." where text is left out.
    public static let maxShownWidth = 120

    private func snippet(at loc: SourceLocation, length: Int) -> String {
        guard let file = sources[loc.file], let line = file.line(loc.line) else { return "" }
        let number = String(loc.line)
        let gutter = String(repeating: " ", count: number.count)
        var scalars = Array(line.unicodeScalars)
        var start = max(0, min(loc.column - 1, scalars.count))
        var width = max(1, min(length, max(1, scalars.count - start)))
        var before = "", after = ""
        let most = DiagnosticRenderer.maxShownWidth
        if scalars.count > most {
            // Keep a quarter of the window before the column, the rest from it on.
            var from = max(0, start - most / 4)
            let to = min(scalars.count, from + most)
            from = max(0, to - most)
            if from > 0 { before = "..." }
            if to < scalars.count { after = "..." }
            scalars = Array(scalars[from..<to])
            start -= from
            width = max(1, min(width, scalars.count - start))
            start += before.count
            scalars = Array(before.unicodeScalars) + scalars
        }
        // A control character is shown as its escape, and the caret moves by the escape's width;
        // a tab stays a tab (in the line and under it), so that the caret lines up.
        func shown(_ u: Unicode.Scalar) -> String { u == "\t" ? "\t" : Shown.escaped(String(u)) }
        let text = scalars.map(shown).joined() + after
        let pad = scalars[0..<start].map { $0 == "\t" ? "\t" : String(repeating: " ", count: shown($0).unicodeScalars.count) }.joined()
        let marked = scalars[start..<min(scalars.count, start + width)].reduce(0) { $0 + shown($1).unicodeScalars.count }
        width = max(1, marked)
        let marks = "^" + String(repeating: "~", count: width - 1)
        return "\(gutter) |\n\(number) | \(text)\n\(gutter) | \(pad)\(marks)\n"
    }

    /// One JSON object per diagnostic, in an array: for editors and CI.
    public func renderJSON(_ diagnostics: Diagnostics) -> String {
        var items: [String] = []
        for d in diagnostics.sorted {
            var fields: [(String, String)] = [
                ("id", JSON.quote(d.id)), ("severity", JSON.quote(d.severity.rawValue)),
                ("message", JSON.quote(d.message)),
            ]
            if let loc = d.location {
                fields += [("file", JSON.quote(loc.file)), ("line", String(loc.line)), ("column", String(loc.column)),
                           ("length", String(d.length))]
            }
            if let s = d.suggestion { fields.append(("suggestion", JSON.quote(s))) }
            if !d.notes.isEmpty {
                let notes = d.notes.map { n -> String in
                    var f = [("message", JSON.quote(n.message))]
                    if let loc = n.location {
                        f += [("file", JSON.quote(loc.file)), ("line", String(loc.line)), ("column", String(loc.column))]
                    }
                    return JSON.object(f)
                }
                fields.append(("notes", "[" + notes.joined(separator: ", ") + "]"))
            }
            items.append("  " + JSON.object(fields))
        }
        let summary = JSON.object([("errors", String(diagnostics.errorCount)), ("warnings", String(diagnostics.warningCount))])
        return "{\"diagnostics\": [\n" + items.joined(separator: ",\n") + (items.isEmpty ? "" : "\n") + "], \"summary\": \(summary)}\n"
    }
}
