import Foundation

/// `policyeval test`: runs every policy's test cases, like a test runner.
public enum TestCommand {
    public struct Options: Sendable {
        public var paths: [String]
        public var coverage: Bool
        /// The vocabulary and calendars for test files outside any policies folder.
        public var policiesDir: String
        public init(paths: [String], coverage: Bool, policiesDir: String = "Policies") {
            self.paths = paths
            self.coverage = coverage
            self.policiesDir = policiesDir
        }
    }

    public static func run(_ o: Options) -> CommandResult {
        let paths = o.paths.isEmpty ? ["Policies"] : o.paths
        let (files, missing) = PolicyLibrary.expand(paths) { $0.hasSuffix(".tests.yaml") }
        if let m = missing.first { return .badInput("\(FileSystem.problem(m) ?? "no such file or folder"): \(m)") }
        let testFiles = files.filter { $0.hasSuffix(".tests.yaml") }
        if testFiles.isEmpty { return .badInput("no test files (*.tests.yaml) in \(paths.joined(separator: " "))") }

        var out = "", passed = 0, failed = 0, errors = 0
        var log = DiagnosticLog()
        var sources: [SourceFile] = []
        var libraries: [String: PolicyLibrary] = [:]
        // The folders read, in order, and whether each was a test file's own (its warnings shown too).
        var libraryOrder: [String] = [], ownFolders = Set<String>()
        var fired: [String: Set<String>] = [:], shownQuiet: [String: Set<String>] = [:]
        var policiesSeen: [String: Policy] = [:]

        for file in testFiles {
            // Beside a vocabulary: every policy under it; elsewhere, the policies in the file's own
            // folder, then those of the policies folder (a test of a shipped policy kept elsewhere).
            let vocabularyRoot = PolicyLibrary.vocabularyFolder(above: file)
            let roots = vocabularyRoot.map { [$0] } ?? [URL(fileURLWithPath: file).deletingLastPathComponent().path, o.policiesDir]
            for root in roots where libraries[root] == nil {
                libraries[root] = PolicyLibrary.load([root], fallbackRoot: o.policiesDir)
                libraryOrder.append(root)
            }
            ownFolders.insert(roots[0])
            let candidates = roots.compactMap { libraries[$0] }
            let root = roots.joined(separator: " or ")
            let parsed: (SourceFile, YAMLNode?)
            do { parsed = try YAMLLoader.load(path: file) } catch {
                log.append(Diagnostic(error))
                continue
            }
            sources.append(parsed.0)
            guard let yaml = parsed.1 else { continue }
            let vocabularyFile = (vocabularyRoot ?? o.policiesDir) + "/vocabulary.yaml"
            var vocabulary = candidates.lazy.compactMap({ $0.policies.first?.vocabulary }).first
            if vocabulary == nil {
                let (result, read) = PolicyLibrary.loadVocabularyFiles(vocabularyFile, coreFallback: o.policiesDir)
                switch result {
                case .success(let v): vocabulary = v
                case .failure(let d):
                    // The vocabulary's own errors, as `validate` shows them (once, if a rule file's compile found them too).
                    let known = candidates.flatMap(\.diagnostics.items)
                    for item in d.items where !known.contains(item) && !log.items.contains(item) { log.append(item) }
                    sources += read
                }
            }
            guard let vocabulary else {
                let why = FileSystem.exists(vocabularyFile) ? "has the errors shown" : "does not exist"
                log.error("no-vocabulary", "the cases in this file cannot be read: the vocabulary \(vocabularyFile) \(why)", at: yaml)
                continue
            }
            guard let suite = PolicyTestSuite.read(yaml, file: file, vocabulary: vocabulary, log: &log) else { continue }
            // Every version of the policy kept side by side: each case is checked as `check` checks an incident.
            guard let versions = candidates.lazy.compactMap({ $0.versions[suite.policyID] }).first else {
                let known = candidates.flatMap(\.policies).map(\.id)
                log.error("unknown-policy", "no valid policy '\(suite.policyID)' under \(root)", at: suite.policyNode,
                          suggestion: Suggestion.closest(to: suite.policyID, among: known))
                continue
            }
            let policy = versions.latest
            if let files = candidates.lazy.compactMap({ $0.declaredIn[policy.id] }).first, files.count > versions.all.count {
                log.error("duplicate-policy-id", "policy '\(policy.id)' is declared by \(files.count) files: \(files.joined(separator: " and ")); keep one",
                          at: suite.policyNode)
                continue
            }
            policiesSeen[policy.id] = policy
            out += "\(file)\n"
            for c in suite.cases {
                let failures = check(c, versions: versions, fired: &fired[policy.id, default: []], quiet: &shownQuiet[policy.id, default: []])
                if failures.isEmpty {
                    passed += 1
                    out += "  PASS  \(c.name)\n"
                } else {
                    failed += 1
                    out += "  FAIL  \(c.name)  (\(file):\(c.node.start.line))\n"
                    for f in failures { out += "        \(f)\n" }
                }
            }
        }
        // Every error of the rule files and vocabularies read (and the warnings of a test file's own
        // folder), positioned as `validate` shows them, before the test files' own.
        var found: [Diagnostic] = []
        for root in libraryOrder {
            for d in libraries[root]!.diagnostics.items where d.severity == .error || ownFolders.contains(root) {
                if !found.contains(d) { found.append(d) }
            }
        }
        let diagnostics = Diagnostics(found + log.items.filter { !found.contains($0) })
        var err = ""
        if !diagnostics.items.isEmpty {
            for root in libraryOrder { sources += libraries[root]!.sources }
            err = DiagnosticRenderer(sources: sources).render(diagnostics)
            errors = diagnostics.errorCount
        }
        if o.coverage {
            out += "\nCoverage\n"
            for id in policiesSeen.keys.sorted() {
                let p = policiesSeen[id]!
                let neverFired = p.rules.map(\.id).filter { !(fired[id]?.contains($0) ?? false) }
                let neverQuiet = p.rules.map(\.id).filter { !(shownQuiet[id]?.contains($0) ?? false) }
                out += "  \(id): \(p.rules.count - neverFired.count)/\(p.rules.count) rules fired by a test"
                out += ", \(p.rules.count - neverQuiet.count)/\(p.rules.count) shown not firing\n"
                for r in neverFired { out += "    never fired: \(r)\n" }
                for r in neverQuiet { out += "    never shown not firing: \(r)\n" }
            }
            // Each folder's COVERAGE.md: its duty count, and every rule it names must exist.
            var folders: [String: [Policy]] = [:]
            for p in policiesSeen.values { folders[URL(fileURLWithPath: p.file).deletingLastPathComponent().path, default: []].append(p) }
            var tables = ""
            for folder in folders.keys.sorted() {
                let cwd = FileManager.default.currentDirectoryPath + "/"
                let file = (folder.hasPrefix(cwd) ? String(folder.dropFirst(cwd.count)) : folder) + "/COVERAGE.md"
                guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
                let policies = folders[folder]!
                let f = CoverageTable(file: file, text: text)
                    .figures(rules: Set(policies.flatMap { $0.rules.map(\.id) }), policyIDs: Set(policiesSeen.keys))
                let percent = f.timed == 0 ? 100 : f.timedEncoded * 100 / f.timed
                tables += "  \(file): \(f.timedEncoded) of \(f.timed) time-bound duties encoded (\(percent)%)"
                tables += "; \(f.untimedEncoded) of \(f.untimed) untimed\n"
                for u in f.unknownRules {
                    tables += "    \(file):\(u.line): names no rule of this folder: '\(u.name)'\n"
                    failed += 1
                }
                if !f.unlisted.isEmpty { tables += "    rules no row names: \(f.unlisted.joined(separator: ", "))\n" }
            }
            if !tables.isEmpty { out += "\nDuties (COVERAGE.md)\n" + tables }
        }
        // Errors are counted apart from cases: a file that cannot be read runs no case at all.
        out += "\(passed) passed, \(failed) failed"
        if errors > 0 { out += "; \(errors) error\(errors == 1 ? "" : "s") in the files read (on standard error), so the cases of a file that cannot be read were not run" }
        out += "\n"
        return CommandResult(stdout: out, stderr: err, exitCode: failed == 0 && errors == 0 ? 0 : 1)
    }

    /// The failures of one case, in words; empty when it passes.
    static func check(_ c: PolicyTestSuite.Case, versions: PolicyVersions, fired: inout Set<String>, quiet: inout Set<String>) -> [String] {
        let report: Report
        do { report = try Evaluation.evaluate(c.incident, versions: versions, asOf: c.asOf) } catch {
            return ["evaluation failed: \(error.description)"]
        }
        var failures = checkExpectations(c, report: report, versions: versions, fired: &fired, quiet: &quiet)
        // What the report itself warns of (an event after as_of left out, a field left out) often
        // explains a failure: shown under it, as `check` shows it.
        if !failures.isEmpty {
            for d in report.diagnostics { failures.append("the report says: \(d.event.map { "event \(Shown.escaped($0)): " } ?? "")\(d.message)") }
        }
        return failures
    }

    static func checkExpectations(_ c: PolicyTestSuite.Case, report: Report, versions: PolicyVersions, fired: inout Set<String>, quiet: inout Set<String>) -> [String] {
        let policy = versions.latest
        for o in report.obligations { fired.insert(o.rule) }
        for e in report.escalations { fired.insert(e.rule) }
        var failures: [String] = []
        let known = Set(versions.all.flatMap { $0.rules.map(\.id) })
        var used = Set<Int>()
        for exp in c.obligations {
            let want = Dictionary(exp.fields.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            if let r = want["rule"], !known.contains(r) { failures.append("no rule '\(r)' in \(policy.id)"); continue }
            let candidates = report.obligations.enumerated().filter { !used.contains($0.offset) && $0.element.rule == want["rule"] }
            if let match = candidates.first(where: { mismatches(want, fields(of: $0.element)).isEmpty }) {
                used.insert(match.offset)
                continue
            }
            if let nearest = candidates.first {
                used.insert(nearest.offset)  // reported here, so not again under `only: true`
                failures.append("obligation \(want["rule"]!): " + mismatches(want, fields(of: nearest.element)).joined(separator: "; "))
            } else {
                // Say which line it was, and why the rule's duties (if any) did not match it.
                let which = want.keys.sorted().filter { $0 != "rule" }.map { "\($0): \(want[$0]!)" }.joined(separator: ", ")
                let all = report.obligations.filter { $0.rule == want["rule"] }.count
                let why = all == 0 ? "the rule produced none" : "the rule's \(all == 1 ? "only duty matches" : "\(all) duties match") other lines of this case"
                failures.append("obligation \(want["rule"]!)\(which.isEmpty ? "" : " {\(which)}"): expected it, but \(why)")
            }
        }
        var usedE = Set<Int>()
        for exp in c.escalations {
            let want = Dictionary(exp.fields.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            let candidates = report.escalations.enumerated().filter { !usedE.contains($0.offset) && $0.element.rule == want["rule"] }
            let got = { (e: Report.Escalation) in ["rule": e.rule, "at": e.at.description, "notify": e.notify.sorted().joined(separator: ",")] }
            if let match = candidates.first(where: { mismatches(want, got($0.element)).isEmpty }) {
                usedE.insert(match.offset)
            } else if let nearest = candidates.first {
                usedE.insert(nearest.offset)
                failures.append("escalation \(want["rule"]!): " + mismatches(want, got(nearest.element)).joined(separator: "; "))
            } else {
                failures.append("escalation \(want["rule"] ?? "?"): expected one, but the rule made none")
            }
        }
        // `only: true`: anything the report gives that no expectation matched fails the case.
        if c.only {
            for (i, o) in report.obligations.enumerated() where !used.contains(i) {
                failures.append("obligation \(o.rule) (triggered by \(o.triggeredBy), \(o.status.rawValue), due \(o.dueDate?.description ?? o.due.description)) was not expected: 'only: true' says the obligations listed are all")
            }
            for (i, e) in report.escalations.enumerated() where !usedE.contains(i) {
                failures.append("\(e.kind.rawValue) \(e.rule) (at \(e.at), notify \(e.notify.sorted().joined(separator: ", "))) was not expected: 'only: true' says the escalations listed are all")
            }
        }
        for (rule, _) in c.notFired {
            if !known.contains(rule) { failures.append("not_fired names no rule of \(policy.id): '\(rule)'"); continue }
            quiet.insert(rule)
            let n = report.obligations.filter { $0.rule == rule }.count + report.escalations.filter { $0.rule == rule }.count
            if n > 0 {
                let statuses = report.obligations.filter { $0.rule == rule }.map(\.status.rawValue)
                failures.append("rule \(rule) fired (\(statuses.isEmpty ? "escalation" : statuses.joined(separator: ", "))) but should not have")
            }
        }
        return failures
    }

    static func fields(of o: Report.Obligation) -> [String: String] {
        var f = ["rule": o.rule, "status": o.status.rawValue, "action": o.action, "triggered_by": o.triggeredBy,
                 "triggered_at": o.triggeredAt.description, "due": o.due.description]
        if let r = o.responsible { f["responsible"] = r }
        if let d = o.dueDate { f["due_date"] = d.description }
        if let s = o.satisfiedBy { f["satisfied_by"] = s }
        if let c = o.cancelledBy { f["cancelled_by"] = c }
        if let v = o.policyVersion { f["policy_version"] = v }
        return f
    }

    static func mismatches(_ want: [String: String], _ got: [String: String]) -> [String] {
        want.keys.sorted().compactMap { k in
            let g = got[k]
            if k == "due" || k == "triggered_at" || k == "at", let w = want[k], let wi = try? Instant(rfc3339: w), let gs = g,
               let gi = try? Instant(rfc3339: gs) {
                return wi == gi ? nil : "\(k) expected \(w), got \(gs)"
            }
            return g == want[k] ? nil : "\(k) expected \(want[k]!), got \(g ?? "none")"
        }
    }
}
