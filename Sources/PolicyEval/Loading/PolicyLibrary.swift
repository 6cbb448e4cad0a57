import Foundation

/// Finds, reads and compiles rule files from disk: the vocabulary beside them,
/// the calendars they name, every diagnostic of every file in one pass.
public struct PolicyLibrary: Sendable {
    public var policies: [Policy] = []
    public var sources: [SourceFile] = []
    public var diagnostics = Diagnostics()

    /// Whether a file under a policies folder is a rule file (not the vocabulary, a calendar or tests).
    public static func isPolicyFile(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent
        guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { return false }
        return name != "vocabulary.yaml" && !name.hasSuffix(".tests.yaml") && !path.split(separator: "/").contains("calendars")
    }

    /// Files named, and rule files found (recursively, in sorted order) in folders named.
    public static func expand(_ paths: [String], include: (String) -> Bool = isPolicyFile) -> (files: [String], missing: [String]) {
        var files: [String] = [], missing: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else { missing.append(path); continue }
            if !isDir.boolValue { files.append(path); continue }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            let found = (fm.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []).sorted()
            files += found.map { "\(base)/\($0)" }.filter(include)
        }
        return (files, missing)
    }

    /// The folder holding `vocabulary.yaml` for a file: the nearest one above it, else `fallback`
    /// (the policies folder the command line found: a policy officer's own file outside it uses
    /// the shipped vocabulary and calendars).
    public static func policiesRoot(for file: String, fallback: String = "Policies") -> String {
        vocabularyFolder(above: file) ?? fallback
    }

    /// The nearest folder above `file` holding `vocabulary.yaml`, if any.
    public static func vocabularyFolder(above file: String) -> String? {
        // Absolute, so that a bare name ("missing-children.yaml") or "./x.yaml" has folders above it.
        var dir = URL(fileURLWithPath: file).standardizedFileURL.deletingLastPathComponent()
        let fm = FileManager.default
        for _ in 0..<64 {
            if fm.fileExists(atPath: dir.appendingPathComponent("vocabulary.yaml").path) { return dir.path }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return nil
    }

    /// A vocabulary already read (`loadVocabulary`), with the path it was read from.
    public struct LoadedVocabulary: Sendable {
        public var path: String
        public var vocabulary: Vocabulary
        public var source: SourceFile
    }

    /// Compiles every rule file among `paths`; the result holds each policy that compiled.
    /// A vocabulary already read from a policies folder's `vocabulary.yaml` is used, not read again.
    public static func load(_ paths: [String], fallbackRoot: String = "Policies", vocabulary known: LoadedVocabulary? = nil) -> PolicyLibrary {
        var library = PolicyLibrary()
        let (files, missing) = expand(paths)
        for m in missing {
            library.diagnostics.items.append(.error("no-such-file", "no such file or folder: \(m)", at: nil))
        }
        var loaders: [String: Result<PolicyCompiler, Diagnostics>] = [:]
        var seenIDs: [String: String] = [:]
        for file in files {
            let root = policiesRoot(for: file, fallback: fallbackRoot)
            if loaders[root] == nil { loaders[root] = compiler(root: root, library: &library, known: known) }
            let parsed: (SourceFile, YAMLNode?)
            do { parsed = try YAMLLoader.load(path: file) } catch {
                library.diagnostics.items.append(Diagnostic(error))
                // Still show the offending line, when the file is small enough to read.
                if error.code != .tooLarge, let data = FileManager.default.contents(atPath: file) {
                    library.sources.append(SourceFile(path: file, text: String(decoding: data, as: UTF8.self)))
                }
                continue
            }
            library.sources.append(parsed.0)
            guard case .success(let compiler) = loaders[root]! else { continue }
            let (policy, diags) = compiler.compile(parsed.0, root: parsed.1)
            library.diagnostics.items += diags.items
            if let p = policy {
                if let other = seenIDs[p.id] {
                    library.diagnostics.items.append(.error("duplicate-policy-id", "policy id '\(p.id)' is also used by \(other)",
                                                            at: SourceLocation(file: file, line: 1, column: 1)))
                } else {
                    seenIDs[p.id] = file
                    library.policies.append(p)
                }
            }
        }
        return library
    }

    /// The rule files under `paths` whose text declares `policy: ID`: a cheap textual look,
    /// so that finding one policy by id compiles only its file.
    public static func files(declaring id: String, in paths: [String]) -> [String] {
        expand(paths).files.filter { file in
            guard let data = FileManager.default.contents(atPath: file) else { return false }
            return String(decoding: data, as: UTF8.self).split(separator: "\n").contains { line in
                let l = line.hasSuffix("\r") ? line.dropLast() : line
                return l == "policy: \(id)" || l == "policy: \"\(id)\"" || l == "policy: '\(id)'"
            }
        }
    }

    /// The compiler for one policies folder: its vocabulary and calendars.
    static func compiler(root: String, library: inout PolicyLibrary, known: LoadedVocabulary? = nil) -> Result<PolicyCompiler, Diagnostics> {
        if let known, known.path == root + "/vocabulary.yaml"
            || URL(fileURLWithPath: known.path).standardizedFileURL.path == URL(fileURLWithPath: root + "/vocabulary.yaml").standardizedFileURL.path {
            library.sources.append(known.source)
            return .success(compiler(vocabulary: known.vocabulary, root: root))
        }
        switch loadVocabulary(root + "/vocabulary.yaml") {
        case .failure(let d):
            library.diagnostics.items += d.items
            return .failure(d)
        case .success(let (vocabulary, source)):
            library.sources.append(source)
            return .success(compiler(vocabulary: vocabulary, root: root))
        }
    }

    /// A compiler for rule files beside `root`'s calendars, with a vocabulary already loaded.
    public static func compiler(vocabulary: Vocabulary, root: String) -> PolicyCompiler {
        let calendars = CalendarSet(root: root)
        return PolicyCompiler(vocabulary: vocabulary) { name, _ in calendars.calendar(named: name) }
    }

    /// Reads and checks a vocabulary file.
    public static func loadVocabulary(_ path: String) -> Result<(Vocabulary, SourceFile), Diagnostics> {
        let parsed: (SourceFile, YAMLNode?)
        do { parsed = try YAMLLoader.load(path: path) } catch {
            return .failure(Diagnostics([Diagnostic(error)]))
        }
        guard let root = parsed.1 else {
            return .failure(Diagnostics([.error("empty-file", "the vocabulary is empty", at: SourceLocation(file: path, line: 1, column: 1))]))
        }
        var log = DiagnosticLog()
        guard let v = VocabularyLoader.load(root, file: path, log: &log) else { return .failure(Diagnostics(log.items)) }
        return .success((v, parsed.0))
    }
}

/// Every calendar under `<root>/calendars/`, read once per policies folder.
struct CalendarSet: Sendable {
    let root: String
    let calendars: [String: Result<HolidayCalendar, Diagnostics>]

    init(root: String) {
        self.root = root
        let dir = root + "/calendars"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        var out: [String: Result<HolidayCalendar, Diagnostics>] = [:]
        for file in names {
            let name = String(file.dropLast(5))
            out[name] = CalendarLoader.load(path: "\(dir)/\(file)", name: name)
        }
        calendars = out
    }

    func calendar(named name: String) -> Result<HolidayCalendar, Diagnostics> {
        if let c = calendars[name] { return c }
        let near = Suggestion.closest(to: name, among: calendars.keys)
        let known = calendars.keys.sorted().joined(separator: ", ")
        return .failure(Diagnostics([.error("unknown-calendar", "no file calendars/\(name).yaml beside the vocabulary (calendars: \(known))",
                                            at: nil, suggestion: near)]))
    }
}
