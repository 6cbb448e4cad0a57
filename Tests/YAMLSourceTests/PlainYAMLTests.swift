import Foundation
import Testing
@testable import YAMLSource

/// The plain reader against libyaml: wherever the plain reader takes a file, libyaml takes it
/// too and gives the very same tree, every position included; anything else is libyaml's.
@Suite struct PlainYAMLAgreement {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The first difference between two trees (content, style, start, end, the scalar's source map), or nil.
    static func difference(_ a: YAMLNode, _ b: YAMLNode, _ path: String = "") -> String? {
        if a.start != b.start || a.end != b.end { return "\(path): \(a.start)-\(a.end) against \(b.start)-\(b.end)" }
        switch (a.content, b.content) {
        case (.scalar(let x), .scalar(let y)):
            if x.value != y.value || x.style != y.style || x.tag != y.tag { return "\(path): \(x) against \(y)" }
            if a.sourceMap?.endLine != b.sourceMap?.endLine || a.sourceMap?.endColumn != b.sourceMap?.endColumn
                || a.sourceMap?.source.text != b.sourceMap?.source.text { return "\(path): source maps differ" }
            return nil
        case (.sequence(let x), .sequence(let y)):
            if x.count != y.count { return "\(path): \(x.count) items against \(y.count)" }
            for (k, (p, q)) in zip(x, y).enumerated() { if let d = difference(p, q, "\(path)[\(k)]") { return d } }
            return nil
        case (.mapping(let x), .mapping(let y)):
            if x.count != y.count { return "\(path): \(x.count) pairs against \(y.count)" }
            for (p, q) in zip(x, y) {
                let name = "\(path).\(p.key.scalar?.value ?? "?")"
                if let d = difference(p.key, q.key, name + "(key)") ?? difference(p.value, q.value, name) { return d }
            }
            return nil
        default: return "\(path): \(a.kindName) against \(b.kindName)"
        }
    }

    /// nil when they agree (or the plain reader declines); else what differs. `plainly`: whether the plain reader took it.
    static func compare(_ text: String, limits: YAMLLimits = .default) -> (plainly: Bool, problem: String?) {
        let bytes = Array(text.utf8)
        let plain = PlainYAML.read(bytes, file: "t.yaml", limits: limits, lines: SourceLines(text))
        guard let plain else { return (false, nil) }
        do {
            guard let general = try YAMLLoader.parse(bytes, file: "t.yaml", limits: limits, plainReader: false).1 else {
                return (true, "libyaml found no document")
            }
            return (true, difference(plain, general))
        } catch {
            return (true, "libyaml refused it: \(error)")
        }
    }

    static func shippedFiles() -> [String] {
        var out: [String] = []
        for folder in ["Policies", "Benchmarks", "Examples", "docs", "Tests"] {
            let base = repo + "/" + folder
            for f in FileManager.default.enumerator(atPath: base)?.compactMap({ $0 as? String }) ?? [] where f.hasSuffix(".yaml") || f.hasSuffix(".yml") {
                out.append(base + "/" + f)
            }
        }
        return out.sorted()
    }

    @Test func everyShippedYAMLFileAgrees() throws {
        let files = PlainYAMLAgreement.shippedFiles()
        #expect(files.count > 10)
        var taken: [String] = []
        for f in files {
            guard let text = try? String(contentsOfFile: f, encoding: .utf8) else { continue }
            let (plainly, problem) = PlainYAMLAgreement.compare(text)
            #expect(problem == nil, "\(f): \(problem ?? "")")
            if plainly { taken.append((f as NSString).lastPathComponent) }
        }
        // The files a check reads on its way to the events: read plainly.
        #expect(taken.contains("vocabulary.yaml"))
        #expect(taken.contains("rhi.yaml"))
    }

    @Test func theLoaderGivesTheSameTreeAndSourceEitherWay() throws {
        let path = PlainYAMLAgreement.repo + "/Policies/vocabulary.yaml"
        let bytes = Array(try String(contentsOfFile: path, encoding: .utf8).utf8)
        let (fastSource, fast) = try YAMLLoader.parse(bytes, file: path)
        let (slowSource, slow) = try YAMLLoader.parse(bytes, file: path, limits: .default, plainReader: false)
        #expect(fastSource == slowSource && fastSource.lineCount == slowSource.lineCount)
        #expect(PlainYAMLAgreement.difference(try #require(fast), try #require(slow)) == nil)
    }

    /// Small documents at the edges of the subset, and whether the plain reader takes each.
    static let variants: [(String, Bool)] = [
        ("a: b\n", true),
        ("a: b", true),
        ("a: b\n\n\n", true),
        ("a: b\n# end", true),
        ("a: b   \n", true),
        ("# head\n\na: b # c\nd: 'x''y'\ne: \"q r\"\n", true),
        ("a:\n  b: c\n  d:\n    - e\n    - f: g\n      h: i\n    - {j: k}\nl: m\n", true),
        ("a:\n  - x\n  # note\n  - y\n\nb: c\n", true),
        ("a: {b: c, d: [e, f], g: {}, h: []}\n", true),
        ("a: {b: c,\n     d: e}\n", true),
        ("a: {b: c,\n\n  # note\n     d: e}\n", true),
        ("a: [x,\n  y]\n", true),
        ("a: {k?: b|c|d, l: \"[role]\"}\n", true),
        ("a: x > 9h or y.z\n", true),
        ("a: it's\n", true),
        ("a: {m: children's services}\n", true),
        ("a: b#c\n", true),
        ("a: [b#c]\n", true),
        ("a:   x  \nb: y\n", true),
        ("rules:\n  - id: r\n    when:\n      event: e\n    require: {action: a}\n  - id: s\n", true),
        ("a: -1\n", false),
        ("a: b\n  c\n", false),
        ("a: b\n    c: d\n", false),
        ("a:\n- b\n", false),
        ("a:\n", false),
        ("a: b\na: c\n", false),
        ("a: {b: c, b: d}\n", false),
        ("a: |\n  x\n", false),
        ("a: >\n  x\n", false),
        ("a: \"x\\ty\"\n", false),
        ("a: 'x\n  y'\n", false),
        ("a: b: c\n", false),
        ("a: {b: c,}\n", false),
        ("a: {b: c\n  }\n", false),
        ("a: {b: c,\nd: e}\n", false),
        ("a: &x b\n", false),
        ("a: *x\n", false),
        ("a: !!str b\n", false),
        ("---\na: b\n", false),
        ("a: b\n---\nc: d\n", false),
        ("a: b\n...\n", false),
        ("a:\tb\n", false),
        ("a: b\r\n", false),
        ("a: caf\u{E9}\n", false),
        ("- a\n- b\n", false),
        ("plain\n", false),
        ("", false),
        ("# only\n", false),
        ("a b: c\n", false),
        ("\"a\": b\n", false),
        ("? a\n: b\n", false),
        ("a: [b: c]\n", false),
        ("a: {b: c} d\n", false),
        ("a: \"b\"c\n", false),
        ("a: b #c\n  d: e\n", false),
        ("a:\n  b: c\n d: e\n", false),
        ("  a: b\n", false),
        ("a: {b: c}}\n", false),
        ("a: [b, c\n", false),
        ("a: {b: [c, {d: e}]\n", false),
        ("a: b:c\n", false),
        ("a: x,y\n", true),
        ("a: [x:y]\n", false),
        ("a:\n  -\n  - b\n", false),
        ("a:\n  - - b\n", false),
        ("a:\n  - b\n  c: d\n", false),
    ]

    @Test(arguments: 0..<variants.count)
    func edgesOfTheSubset(_ k: Int) {
        let (text, plainly) = PlainYAMLAgreement.variants[k]
        let (took, problem) = PlainYAMLAgreement.compare(text)
        #expect(problem == nil, "\(text.debugDescription): \(problem ?? "")")
        #expect(took == plainly, "\(text.debugDescription)")
    }

    @Test func limitsAreLeftToLibYAML() {
        let deep = "a: " + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "\n"
        #expect(PlainYAMLAgreement.compare(deep).plainly == false)
        let small = YAMLLimits(maxBytes: 1000, maxDepth: 32, maxNodes: 4, maxScalarLength: 3)
        #expect(PlainYAMLAgreement.compare("a: b\nc: d\n", limits: small).plainly == false)
        #expect(PlainYAMLAgreement.compare("a: bcde\n", limits: small).plainly == false)
        #expect(PlainYAMLAgreement.compare("a: bcd\n", limits: small).plainly == true)
        let many = (0..<40).map { "k\($0): v" }.joined(separator: "\n") + "\nk7: again\n"
        #expect(PlainYAMLAgreement.compare(many).plainly == false)
    }

    /// Random small edits of a document in the shipped style: whatever the plain reader takes, libyaml takes alike.
    @Test func randomEditsAgree() {
        let base = """
        # head
        vocabulary: core
        facts:
          looked_after: {type: bool, meaning: in the care of the local authority}
          cp_plan: {type: bool, meaning: it's a plan}
        events:
          missing.reported: {data: {risk: high|medium|low, last_seen?: time, to?: "[role]"},
                             sets: {absent: false}}
          absence.reviewed: {}   # note
        rules:
          - id: r1
            cite: '12.1'
            when:
              event: missing.found
              if: episode.overnight or episode.duration > 9h
            require: {action: [a, b], within: 72h}
          - x

        """
        let pieces: [String] = [" ", "  ", "\n", "\n  ", ":", ": ", "#", " #", "-", "- ", "{", "}", "[", "]", ",", ", ", "'", "\"", "?", "|", ">", "&", "*", "!", "a", "\\", "\t", "~", "%", "@", "`", "..."]
        var rng = SplitMix(seed: 14)
        var taken = 0
        let chars = Array(base.utf8)
        for _ in 0..<3000 {
            var text = chars
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                let at = Int(rng.next() % UInt64(text.count + 1))
                switch rng.next() % 3 {
                case 0: text.insert(contentsOf: Array(pieces[Int(rng.next() % UInt64(pieces.count))].utf8), at: at)
                case 1: if at < text.count { text.remove(at: at) }
                default:
                    if at < text.count { text.replaceSubrange(at..<(at + 1), with: Array(pieces[Int(rng.next() % UInt64(pieces.count))].utf8)) }
                }
            }
            let s = String(decoding: text, as: UTF8.self)
            let (plainly, problem) = PlainYAMLAgreement.compare(s)
            if plainly { taken += 1 }
            #expect(problem == nil, "\(s.debugDescription): \(problem ?? "")")
        }
        // Many edits keep to the subset (and so test the agreement, not only the declining).
        #expect(taken > 300)
    }
}

/// A small deterministic generator (SplitMix64), so that a failure repeats.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
