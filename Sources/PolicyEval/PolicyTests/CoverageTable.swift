import Foundation

/// A policy folder's `COVERAGE.md`: one row per duty-bearing sentence of the source text,
/// `| § | duty | timed | rule(s) or reason |`. Read so that `policyeval test --coverage` can
/// give each folder's duty count and check that every rule a row names exists.
public struct CoverageTable: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var timed: Bool
        /// Backticked names shaped like rule ids (`words-joined-by-hyphens`).
        public var ruleNames: [String]
        /// The row waits on a construct (`pending: ...`), whatever rule it also names.
        public var pending: Bool
    }

    public var file: String
    public var rows: [Row]

    /// Reads the duty rows of every table whose header has a `timed` column.
    public init(file: String, text: String) {
        self.file = file
        var rows: [Row] = []
        var inTable = false
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("|") else { inTable = false; continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.count >= 4, cells[2] == "timed" { inTable = true; continue }
            guard inTable, cells.count >= 4, !cells[0].hasPrefix("---") else { continue }
            let last = cells[cells.count - 1]
            rows.append(Row(line: n + 1, timed: cells[2].lowercased().hasPrefix("yes"),
                            ruleNames: CoverageTable.ruleNames(in: last), pending: last.contains("pending")))
        }
        self.rows = rows
    }

    /// The language's construct names a row may quote (`pending: before-event`): not rules.
    static let constructNames: Set<String> = ["before-event", "before-date", "at-date", "fact-at-start", "list-in"]

    static func ruleNames(in text: String) -> [String] {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().compactMap { i, part in
            guard i % 2 == 1 else { return nil }
            let name = String(part)
            let shaped = name.contains("-") && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            return shaped && !constructNames.contains(name) ? name : nil
        }
    }

    /// What the table claims, measured against the rules that exist.
    public struct Figures: Sendable, Equatable {
        public var timed = 0, timedEncoded = 0, untimed = 0, untimedEncoded = 0
        /// Names a row gives that are no rule of the folder's policies: (line, name).
        public var unknownRules: [(line: Int, name: String)] = []
        /// Rules of the folder's policies that no row names.
        public var unlisted: [String] = []

        public static func == (a: Figures, b: Figures) -> Bool {
            a.timed == b.timed && a.timedEncoded == b.timedEncoded && a.untimed == b.untimed && a.untimedEncoded == b.untimedEncoded
                && a.unknownRules.map(\.name) == b.unknownRules.map(\.name) && a.unlisted == b.unlisted
        }
    }

    /// A row counts as encoded when it names a rule that exists and waits on nothing.
    public func figures(rules: Set<String>, policyIDs: Set<String>) -> Figures {
        var f = Figures()
        var named = Set<String>()
        for row in rows {
            let known = row.ruleNames.filter(rules.contains)
            named.formUnion(known)
            for name in row.ruleNames where !rules.contains(name) && !policyIDs.contains(name) { f.unknownRules.append((row.line, name)) }
            let encoded = !known.isEmpty && !row.pending
            if row.timed { f.timed += 1; if encoded { f.timedEncoded += 1 } } else { f.untimed += 1; if encoded { f.untimedEncoded += 1 } }
        }
        f.unlisted = rules.subtracting(named).sorted()
        return f
    }
}
