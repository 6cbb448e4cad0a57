import Foundation

/// Finds, reads and compiles rule files from disk: the vocabulary beside them,
/// the calendars they name, every diagnostic of every file in one pass.
public struct PolicyLibrary: Sendable {
    public var policies: [Policy] = []
    public var sources: [SourceFile] = []
    public var diagnostics = Diagnostics()
    /// Every file that compiled, by the policy id it declares (two files for one id is an error,
    /// unless they are versions of it with different `effective` dates).
    public var declaredIn: [String: [String]] = [:]
    /// Each policy id's versions, in the order they took effect (one for most policies).
    public var versions: [String: PolicyVersions] = [:]

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

    /// Compiles every rule file among `paths`; the result holds each policy that compiled.
    public static func load(_ paths: [String], fallbackRoot: String = "Policies") -> PolicyLibrary {
        var library = PolicyLibrary()
        let (files, missing) = expand(paths)
        for m in missing {
            library.diagnostics.items.append(.error("no-such-file", "\(FileSystem.problem(m) ?? "no such file or folder"): \(m)", at: nil))
        }
        var loaders: [String: Result<PolicyCompiler, Diagnostics>] = [:]
        var compiled: [(file: String, policy: Policy)] = []
        for file in files {
            // A vocabulary named on its own (`validate Policies/bcp/vocabulary.yaml`) is checked as one.
            if (file as NSString).lastPathComponent == "vocabulary.yaml" {
                let (result, read) = loadVocabularyFiles(file)
                library.sources += read
                if case .failure(let d) = result { library.diagnostics.items += d.items }
                continue
            }
            let root = policiesRoot(for: file, fallback: fallbackRoot)
            if loaders[root] == nil { loaders[root] = compiler(root: root, library: &library) }
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
                library.declaredIn[p.id, default: []].append(file)
                compiled.append((file, p))
            }
        }
        // Files declaring one id: versions side by side, or an error (then the first file is kept).
        var order: [String] = [], byID: [String: [(file: String, policy: Policy)]] = [:]
        for c in compiled {
            if byID[c.policy.id] == nil { order.append(c.policy.id) }
            byID[c.policy.id, default: []].append(c)
        }
        for id in order {
            let files = byID[id]!
            let problems = files.count > 1 ? PolicyVersions.check(files) : []
            library.diagnostics.items += problems
            if problems.contains(where: { $0.severity == .error }) {
                library.policies.append(files[0].policy)
                library.versions[id] = PolicyVersions(files[0].policy)
            } else {
                library.policies += files.map(\.policy)
                library.versions[id] = PolicyVersions(versions: files.map(\.policy))
            }
        }
        return library
    }

    /// How much of a rule file is read to find the policy id it declares.
    public static let headBytes = 64 * 1024

    /// The policy id a rule file declares, from its first 64 KiB only: the value of a
    /// `policy:` line at the left margin (quoted or not, a comment after it allowed). Nil
    /// when the head does not show one plainly (a flow mapping, say): such a file must be
    /// compiled to know. Cheap, so that finding one policy by id compiles only its file.
    public static func declaredID(_ path: String) -> String? {
        guard var head = FileSystem.head(path, count: headBytes) else { return nil }
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { head.removeFirst(3) }
        var lines = head.split(separator: 0x0A, omittingEmptySubsequences: false)
        if head.count == headBytes - 3 || head.count == headBytes { lines.removeLast() }  // a line cut short
        for line in lines where line.starts(with: Array("policy:".utf8)) {
            var value = Substring(String(decoding: line.dropFirst(7), as: UTF8.self))
            if let hash = value.range(of: " #") { value = value[..<hash.lowerBound] }
            value = value.drop { $0 == " " || $0 == "\t" }
            while let last = value.last, last == " " || last == "\t" || last == "\r" { value = value.dropLast() }
            if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q { value = value.dropFirst().dropLast() }
            return value.isEmpty || value.contains(where: { $0 == "\"" || $0 == "'" || $0 == "{" }) ? nil : String(value)
        }
        return nil
    }

    /// The compiler for one policies folder: its vocabulary and calendars. An authority's folder
    /// with its own vocabulary (`extends: core`) uses the calendars beside the core vocabulary.
    static func compiler(root: String, library: inout PolicyLibrary) -> Result<PolicyCompiler, Diagnostics> {
        let (result, files) = loadVocabularyFiles(root + "/vocabulary.yaml")
        library.sources += files
        switch result {
        case .failure(let d):
            library.diagnostics.items += d.items
            return .failure(d)
        case .success(let vocabulary):
            let calendarRoot = vocabulary.baseFile.map { ($0 as NSString).deletingLastPathComponent } ?? root
            return .success(compiler(vocabulary: vocabulary, root: calendarRoot))
        }
    }

    /// A compiler for rule files beside `root`'s calendars, with a vocabulary already loaded.
    public static func compiler(vocabulary: Vocabulary, root: String) -> PolicyCompiler {
        let calendars = CalendarSet(root: root)
        return PolicyCompiler(vocabulary: vocabulary) { name, _ in calendars.calendar(named: name) }
    }

    /// Reads and checks a vocabulary file (with the core it extends, for an authority's own).
    public static func loadVocabulary(_ path: String) -> Result<(Vocabulary, SourceFile), Diagnostics> {
        let (result, files) = loadVocabularyFiles(path)
        return result.map { ($0, files.last!) }
    }

    /// A vocabulary file, and every file read for it: an authority's vocabulary (`extends: core`)
    /// is read on top of the nearest vocabulary file in a folder above its own, which must be
    /// a core (one level). The files come core first, for drawing diagnostics in either.
    public static func loadVocabularyFiles(_ path: String) -> (Result<Vocabulary, Diagnostics>, [SourceFile]) {
        let parsed: (SourceFile, YAMLNode?)
        do { parsed = try YAMLLoader.load(path: path) } catch {
            return (.failure(Diagnostics([Diagnostic(error)])), [])
        }
        guard let root = parsed.1 else {
            return (.failure(Diagnostics([.error("empty-file", "the vocabulary is empty", at: SourceLocation(file: path, line: 1, column: 1))])), [parsed.0])
        }
        var log = DiagnosticLog()
        guard let extends = VocabularyLoader.extends(root) else {
            guard let v = VocabularyLoader.load(root, file: path, log: &log) else { return (.failure(Diagnostics(log.items)), [parsed.0]) }
            return (.success(v), [parsed.0])
        }
        guard let coreFile = coreVocabulary(above: path) else {
            log.error("vocabulary.no-core", "this vocabulary extends another, but no vocabulary.yaml is in a folder above \((path as NSString).deletingLastPathComponent)", at: extends)
            return (.failure(Diagnostics(log.items)), [parsed.0])
        }
        let core: YAMLNode?
        let coreSource: SourceFile
        do { (coreSource, core) = try YAMLLoader.load(path: coreFile) } catch {
            return (.failure(Diagnostics([Diagnostic(error)])), [parsed.0])
        }
        let files = [coreSource, parsed.0]
        guard let core else {
            return (.failure(Diagnostics([.error("empty-file", "the vocabulary is empty", at: SourceLocation(file: coreFile, line: 1, column: 1))])), files)
        }
        if let again = VocabularyLoader.extends(core) {
            log.error("vocabulary.extends", "\(path) extends \(coreFile), which itself extends another: an authority's vocabulary adds to the core directly (one level)", at: again)
            return (.failure(Diagnostics(log.items)), files)
        }
        guard let base = VocabularyLoader.load(core, file: coreFile, log: &log),
              let v = VocabularyLoader.load(root, file: path, base: base, log: &log) else { return (.failure(Diagnostics(log.items)), files) }
        return (.success(v), files)
    }

    /// The nearest `vocabulary.yaml` in a folder above the one holding `path`: the same folders
    /// written as given where the path is relative ("Policies/bcp/vocabulary.yaml" finds
    /// "Policies/vocabulary.yaml"), so that messages show the path as the user gave it.
    static func coreVocabulary(above path: String) -> String? {
        var dir = (path as NSString).deletingLastPathComponent
        for _ in 0..<64 {
            let parent = (dir as NSString).deletingLastPathComponent
            if parent == dir || dir.isEmpty || dir == "." { break }
            let candidate = parent.isEmpty ? "vocabulary.yaml" : parent + "/vocabulary.yaml"
            if FileSystem.exists(candidate) { return candidate }
            dir = parent
        }
        // Above a relative path's first folder: search from the absolute folder.
        guard !path.hasPrefix("/") else { return nil }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().deletingLastPathComponent().path
        return vocabularyFolder(above: absolute + "/x").map { $0 + "/vocabulary.yaml" }
    }
}

/// Every calendar under `<root>/calendars/`, read once per policies folder.
struct CalendarSet: Sendable {
    let root: String
    /// The calendar files' names (`england-and-wales` for `calendars/england-and-wales.yaml`).
    let names: Set<String>
    /// Each calendar read the first time a rule file names it: a check reads the one its
    /// policy counts in, not every calendar beside the vocabulary (each costs as much as
    /// the vocabulary's YAML to read).
    private let loaded: CalendarCache

    init(root: String) {
        self.root = root
        let dir = root + "/calendars"
        names = Set(((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) })
        loaded = CalendarCache()
    }

    private func load(_ name: String) -> Result<HolidayCalendar, Diagnostics> {
        loaded.value(name) { CalendarLoader.load(path: "\(root)/calendars/\(name).yaml", name: name) }
    }

    func calendar(named name: String) -> Result<HolidayCalendar, Diagnostics> {
        if names.contains(name) { return load(name) }
        let near = Suggestion.closest(to: name, among: names.sorted())
        let known = names.sorted().joined(separator: ", ")
        return .failure(Diagnostics([.error("unknown-calendar", "no file calendars/\(name).yaml beside the vocabulary (calendars: \(known))",
                                            at: nil, suggestion: near)]))
    }
}

/// Calendars already read, by name; shared by the copies of one `CalendarSet` (a compiler's
/// closure may be called from several threads, so it is locked).
private final class CalendarCache: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Result<HolidayCalendar, Diagnostics>] = [:]

    func value(_ name: String, _ make: () -> Result<HolidayCalendar, Diagnostics>) -> Result<HolidayCalendar, Diagnostics> {
        lock.lock()
        defer { lock.unlock() }
        if let v = values[name] { return v }
        let v = make()
        values[name] = v
        return v
    }
}
