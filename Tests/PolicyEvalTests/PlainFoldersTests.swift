import Foundation
import Testing
@testable import PolicyEval

/// The folders above a plain path, worked out on its text, against `URL`'s standardizing: the
/// same folders, and the same vocabulary folder found, for every path taken; odd paths left to `URL`.
@Suite struct PlainFolders {
    /// The folders `URL` gives above a path, nearest first (as `vocabularyFolderByURL` walks them).
    static func byURL(_ file: String) -> [String] {
        var dir = URL(fileURLWithPath: file).standardizedFileURL.deletingLastPathComponent()
        var out: [String] = []
        for _ in 0..<64 {
            out.append(dir.path)
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return out
    }

    static let plain = ["/a/b/c.yaml", "/c.yaml", "b/c.yaml", "c.yaml", "/work/x-y_z/p+q@r=s,t/.hidden/f.yml",
                        "a.b/...x/c.yaml", "/tmp/v.yaml", repoRoot + "/Policies/bcp/missing-children.yaml"]
    static let odd = ["./c.yaml", "a/../c.yaml", "/a/./c.yaml", "a//c.yaml", "~/c.yaml", "/private/tmp/c.yaml", "/var/automount/x/c.yaml",
                      "a b/c.yaml", "a%20b/c.yaml", "caf\u{E9}/c.yaml", "dir/", "", "/a/..", "a/.", "a\\b/c.yaml"]

    @Test(arguments: plain)
    func plainPathsGiveURLsFolders(_ file: String) throws {
        let folders = try #require(PolicyLibrary.plainFolders(above: file))
        #expect(folders == PlainFolders.byURL(file))
    }

    @Test(arguments: odd)
    func oddPathsAreLeftToURL(_ file: String) {
        #expect(PolicyLibrary.plainFolders(above: file) == nil)
    }

    @Test func anOddWorkingFolderIsLeftToURL() {
        #expect(PolicyLibrary.plainFolders(above: "c.yaml", workingFolder: { "/a b" }) == nil)
        #expect(PolicyLibrary.plainFolders(above: "c.yaml", workingFolder: { "/private/x" }) == nil)
        #expect(PolicyLibrary.plainFolders(above: "c.yaml", workingFolder: { "/" }) == ["/"])
        #expect(PolicyLibrary.plainFolders(above: "b/c.yaml", workingFolder: { "/w" }) == ["/w/b", "/w", "/"])
    }

    /// In a tree with vocabularies at two levels: the folder found is the same either way, for every file and form of path.
    @Test func theVocabularyFolderFoundIsTheSame() throws {
        let fm = FileManager.default
        let top = fm.temporaryDirectory.appendingPathComponent("policyeval-plain-folders-\(getpid())").path
        defer { try? fm.removeItem(atPath: top) }
        try fm.createDirectory(atPath: top + "/core/authority/deep/er", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: top + "/none", withIntermediateDirectories: true)
        for f in ["/core/vocabulary.yaml", "/core/authority/vocabulary.yaml"] { #expect(fm.createFile(atPath: top + f, contents: Data("x: y\n".utf8))) }
        let files = ["/core/p.yaml", "/core/authority/p.yaml", "/core/authority/deep/p.yaml", "/core/authority/deep/er/p.yaml", "/none/p.yaml", "/p.yaml",
                     "/core/authority/../p.yaml", "/core/./authority/deep/p.yaml"]
        for f in files {
            #expect(PolicyLibrary.vocabularyFolder(above: top + f) == PolicyLibrary.vocabularyFolderByURL(above: top + f), "\(f)")
        }
        #expect(PolicyLibrary.vocabularyFolder(above: top + "/core/authority/deep/er/p.yaml")?.hasSuffix("/core/authority") == true)
        #expect(PolicyLibrary.vocabularyFolder(above: top + "/core/p.yaml")?.hasSuffix("/core") == true)
        // Relative to the working folder (the repository's, whose Policies hold a vocabulary).
        for f in ["Policies/bcp/missing-children.yaml", "Benchmarks/peers/rhi.yaml", "x.yaml", "./Policies/bcp/x.yaml"] {
            let here = fm.currentDirectoryPath
            #expect(PolicyLibrary.vocabularyFolder(above: f) == PolicyLibrary.vocabularyFolderByURL(above: f), "\(f) in \(here)")
        }
    }
}
