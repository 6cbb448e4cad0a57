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
        guard let folders = plainFolders(above: file) else { return vocabularyFolderByURL(above: file) }
        for dir in folders.prefix(64) where FileManager.default.fileExists(atPath: dir == "/" ? "/vocabulary.yaml" : dir + "/vocabulary.yaml") {
            return dir
        }
        return nil
    }

    /// The folders above a plain path, nearest first, as `URL`'s standardizing gives them, worked
    /// out on the text (`URL` costs more than reading a calendar): letters, digits and `/._-+@=,`
    /// only, no `.` or `..` component, no `//` (relative paths are taken from the working folder,
    /// which must be as plain), nothing under `/private/` or `/var/automount/` (which `URL`
    /// rewrites). nil for any other path, which goes through `URL`.
    static func plainFolders(above file: String, workingFolder: () -> String = { FileManager.default.currentDirectoryPath }) -> [String]? {
        func plain(_ path: String) -> Bool {
            var previous: UInt8 = 0
            for b in path.utf8 {
                let ok = (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || (b >= 0x30 && b <= 0x39) || b == 0x2F || b == 0x2E || b == 0x5F || b == 0x2D
                    || b == 0x2B || b == 0x40 || b == 0x3D || b == 0x2C
                if !ok || (b == 0x2F && previous == 0x2F) { return false }
                previous = b
            }
            return path.split(separator: "/").allSatisfy { $0 != "." && $0 != ".." }
        }
        guard !file.isEmpty, !file.hasSuffix("/"), plain(file) else { return nil }
        var absolute = file
        if !file.hasPrefix("/") {
            let cwd = workingFolder()
            guard cwd.hasPrefix("/"), cwd == "/" || (!cwd.hasSuffix("/") && plain(cwd)) else { return nil }
            absolute = cwd == "/" ? "/" + file : cwd + "/" + file
        }
        guard !absolute.hasPrefix("/private/"), !absolute.hasPrefix("/var/automount/") else { return nil }
        var folders: [String] = []
        var dir = absolute[...]
        while let slash = dir.lastIndex(of: "/") {
            dir = dir[..<slash]
            folders.append(dir.isEmpty ? "/" : String(dir))
        }
        return folders
    }

    /// `vocabularyFolder(above:)` through `URL`, for any path.
    static func vocabularyFolderByURL(above file: String) -> String? {
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
                let (result, read) = loadVocabularyFiles(file, coreFallback: fallbackRoot)
                library.sources += read
                if case .failure(let d) = result { library.diagnostics.items += d.items }
                continue
            }
            let root = policiesRoot(for: file, fallback: fallbackRoot)
            if loaders[root] == nil { loaders[root] = compiler(root: root, coreFallback: fallbackRoot, library: &library) }
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
    /// with its own vocabulary (`extends: core`) uses its own `calendars/` first, then those
    /// beside the core vocabulary; `coreFallback` is the policies folder whose core it extends
    /// when no folder above its own holds one.
    static func compiler(root: String, coreFallback: String? = nil, library: inout PolicyLibrary) -> Result<PolicyCompiler, Diagnostics> {
        let (result, files) = loadVocabularyFiles(root + "/vocabulary.yaml", coreFallback: coreFallback)
        library.sources += files
        switch result {
        case .failure(let d):
            library.diagnostics.items += d.items
            return .failure(d)
        case .success(let vocabulary):
            let coreRoot = vocabulary.baseFile.map { ($0 as NSString).deletingLastPathComponent }
            return .success(compiler(vocabulary: vocabulary, roots: [root] + (coreRoot.map { [$0] } ?? [])))
        }
    }

    /// A compiler for rule files beside `root`'s calendars, with a vocabulary already loaded.
    public static func compiler(vocabulary: Vocabulary, root: String) -> PolicyCompiler {
        compiler(vocabulary: vocabulary, roots: [root])
    }

    /// A compiler whose calendars are looked for under each folder's `calendars/`, in order
    /// (an authority's own folder, then the core's): the first file of a name is used.
    public static func compiler(vocabulary: Vocabulary, roots: [String]) -> PolicyCompiler {
        let calendars = CalendarSet(roots: roots)
        return PolicyCompiler(vocabulary: vocabulary) { name, _ in calendars.calendar(named: name) }
    }

    /// Reads and checks a vocabulary file (with the core it extends, for an authority's own).
    public static func loadVocabulary(_ path: String, coreFallback: String? = nil) -> Result<(Vocabulary, SourceFile), Diagnostics> {
        let (result, files) = loadVocabularyFiles(path, coreFallback: coreFallback)
        return result.map { ($0, files.last!) }
    }

    /// A vocabulary file, and every file read for it: an authority's vocabulary (`extends: core`)
    /// is read on top of the nearest vocabulary file in a folder above its own, else the one in
    /// `coreFallback` (the policies folder: `--policies`, `$POLICYEVAL_POLICIES`, `./Policies`,
    /// the installed one), which must be a core (one level). The files come core first, for
    /// drawing diagnostics in either.
    public static func loadVocabularyFiles(_ path: String, coreFallback: String? = nil) -> (Result<Vocabulary, Diagnostics>, [SourceFile]) {
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
        guard let coreFile = coreVocabulary(above: path) ?? coreVocabulary(in: coreFallback, besides: path) else {
            let folder = (path as NSString).deletingLastPathComponent
            // The policies folder tried, by its full path, and whether it exists at all.
            let fallback = coreFallback.map { f -> String in
                let full = URL(fileURLWithPath: f).standardizedFileURL.path
                return FileSystem.exists(full) ? " nor in the policies folder \(full)" : " nor in a policies folder (\(full) does not exist; give one with --policies)"
            } ?? ""
            log.error("vocabulary.no-core", "this vocabulary extends the core, but no vocabulary.yaml is in a folder above \(folder.isEmpty ? "." : folder)\(fallback)",
                      at: extends,
                      notes: [.init("the core vocabulary comes from the nearest folder above that holds vocabulary.yaml, else from the policies folder: --policies FOLDER, $POLICYEVAL_POLICIES, ./Policies, then the installed policies", at: nil)])
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

    /// The policies folder's `vocabulary.yaml`, when it has one and it is not `path` itself.
    static func coreVocabulary(in folder: String?, besides path: String) -> String? {
        guard let folder, !folder.isEmpty else { return nil }
        let candidate = folder.hasSuffix("/") ? folder + "vocabulary.yaml" : folder + "/vocabulary.yaml"
        guard FileSystem.exists(candidate) else { return nil }
        let same = URL(fileURLWithPath: candidate).standardizedFileURL.resolvingSymlinksInPath().path
            == URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        return same ? nil : candidate
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

/// Every calendar under `<root>/calendars/` for each root in order (an authority's own folder,
/// then the core's), read once per policies folder: of two files with one name, the first.
struct CalendarSet: Sendable {
    let roots: [String]
    /// Each calendar file's path by name (`england-and-wales` for `calendars/england-and-wales.yaml`);
    /// of two files with one name, the first root's.
    let paths: [String: String]
    /// Each calendar read the first time a rule file names it: a check reads the one its
    /// policy counts in, not every calendar beside the vocabulary (each costs as much as
    /// the vocabulary's YAML to read).
    private let loaded: CalendarCache

    init(root: String) { self.init(roots: [root]) }

    init(roots: [String]) {
        var seen = Set<String>()
        // One root is never a repeat (and `URL` costs more than the rest of this).
        self.roots = roots.count < 2 ? roots : roots.filter { seen.insert(URL(fileURLWithPath: $0).standardizedFileURL.path).inserted }
        var out: [String: String] = [:]
        for root in self.roots {
            let dir = root + "/calendars"
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
            for file in names {
                let name = String(file.dropLast(5))
                if out[name] == nil { out[name] = "\(dir)/\(file)" }
            }
        }
        paths = out
        loaded = CalendarCache()
    }

    func calendar(named name: String) -> Result<HolidayCalendar, Diagnostics> {
        if let path = paths[name] { return loaded.value(name) { CalendarLoader.load(path: path, name: name) } }
        let near = Suggestion.closest(to: name, among: paths.keys.sorted())
        let known = paths.keys.sorted().joined(separator: ", ")
        let message = roots.count == 1
            ? "no file calendars/\(name).yaml beside the vocabulary (calendars: \(known))"
            : "no file \(name).yaml in \(roots.map { $0 + "/calendars" }.joined(separator: " or ")) (calendars: \(known))"
        return .failure(Diagnostics([.error("unknown-calendar", message, at: nil, suggestion: near)]))
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
