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
        // A last line of spaces or a comment without a line feed: libyaml ends deeper blocks on it.
        ("a: b\n# end", false),
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
        // Review probes (the brief's list): each either declined or read alike.
        ("a: b #c d\n", true),
        ("a: -b\n", false),
        ("a: ?b\n", false),
        ("a: :b\n", false),
        ("a: - b\n", false),
        ("a:\n b: c\n", true),
        ("a:\n b: c\n d: e\n", true),
        ("a:\n  b: c\n   d: e\n", false),
        ("a: {b c: d}\n", false),
        ("'a': b\n", false),
        ("a: 'it''s'\n", true),
        ("a: ''''\n", true),
        ("a: ''\n", true),
        ("a: \"\"\n", true),
        ("a: \"x\\\\y\"\n", false),
        ("a: []\n", true),
        ("a: {}\n", true),
        ("a: [ ]\n", true),
        ("a: { }\n", true),
        ("a: [\n  ]\n", true),
        ("a: {\n  }\n", true),
        ("a: [\n]\n", false),
        ("a: [b, # c\n  c]\n", true),
        ("a: [b,\n  # c\n  c]\n", true),
        ("a: [b,\n# c\n  c]\n", true),
        ("a: [b,]\n", false),
        ("a: [,b]\n", false),
        ("[a, b]: c\n", false),
        ("a: [a, b]: c\n", false),
        ("a: value: other\n", false),
        ("%YAML 1.1\n---\na: b\n", false),
        ("a: !t b\n", false),
        ("a: b!c\n", true),
        ("a: b&c\n", true),
        ("a: b*c\n", true),
        ("a:\n  b: 1\n  b: 2\n", false),
        ("a: {b: 1, b: 2}\n", false),
        ("a:\n  - b: 1\n    b: 2\n", false),
        ("- a\n", false),
        ("a\n", false),
        ("'a'\n", false),
        ("[a]\n", false),
        ("{a: b}\n", false),
        ("\n", false),
        ("# c\n", false),
        ("a:\n  b\n", false),
        ("a:\n    - b\n", true),
        ("a:\n  -   b: c\n      d: e\n", true),
        ("a:\n  - b: c\n     d: e\n", false),
        ("a: b # c\n# d\n   # e\n", true),
        ("a: [b, {c: d,\n   e: [f,\n     g]}]\n", true),
        ("a: {b: [c,\n  d], e: f}\n", true),
        ("a: [\"b, c\", 'd, e']\n", true),
        ("a: [b\n  , c]\n", false),
        ("a: [b, c\n  ]\n", false),
        ("a: {b:c}\n", false),
        ("a: {b: c:d}\n", false),
        ("a: [b:c]\n", false),
        ("a: {b: {c: d}}\n", true),
        ("a: x\n  # c\nb: y\n", true),
        ("a: ...\n", true),
        ("a: ---\n", false),
        ("a:\n  - ...\n  - ---\n", false),
        ("a: 1:2\n", false),
        ("a: http://x\n", false),
        ("a: 'b' # c\n", true),
        ("a: 'b'# c\n", false),
        ("a: [b]# c\n", false),
        ("a: [b] # c\n", true),
        ("a:    [b]\n", true),
        ("a:\n  - [b,\n     c]\n  - d\n", true),
        ("a:\n  - [b,\n   c]\n", true),
        ("a:\n  - [b,\n  c]\n", false),
        ("a:\n  - x: [b,\n     c]\n", true),
        ("a:\n  - x: [b,\n      c]\n", true),
        ("a: b\n  # c\n", true),
        ("a: b\n\n\n# c\n", true),
        ("a: b\n  ", false),
        ("a: b\n# c", false),
        ("a:\n  b:\n    c: d\n  ", false),
        ("a:\n  b:\n    c: d\n# e", false),
        ("a:\n  b:\n    c: d\n     ", false),
        ("a:\n  b:\n    c: d\n      # e", false),
        ("a: [b,\n  c] # d", true),
        ("a:\n  - b\n  - c", true),
        ("a:\n  - b\n ", false),
        ("k?: v\n", true),
        ("a?b: c\n", true),
        ("a-: b\n", true),
        ("a/b.c-d_e?: f\n", true),
        ("1: 2\n", true),
        ("-a: b\n", false),
        (".a: b\n", false),
        ("a.: b\n", true),
        ("a: b\n a: c\n", false),
        ("a:\n  b: c\n\n  d: e\n", true),
        ("a:\n\n  b: c\n", true),
        ("a: # c\n  b: c\n", true),
        ("a:# c\n  b: c\n", false),
        ("a: [b, [c, [d]]]\n", true),
        ("a: {b: }\n", false),
        ("a: {b: , c: d}\n", false),
        ("a: {: b}\n", false),
        ("a: [b, c]d\n", false),
        ("a: b ]\n", true),
        ("a: b }\n", true),
        ("a: b, c\n", true),
        ("a: b [c]\n", true),
        ("a: b {c: d}\n", false),
        ("a: \"a#b\" \n", true),
        ("a: 'a # b'\n", true),
        ("a: ~\n", true),
        ("a: null\n", true),
        ("a: 'x\n", false),
        ("a: \"x\n", false),
        ("a: 'x'y'\n", false),
        ("a: \"x\"y\"\n", false),
        ("a: b\n\n", true),
        ("a:  \n  - b\n", true),
        ("a:\n  - b\n    ", false),
        ("a:\n  - b: c\n# e", false),
        ("a:\n  b: c\n  ", false),
        ("a: b\n\n  \n", true),
        ("a: b\n  \n", true),
        ("a: b\u{7F}c\n", false),
        ("a: b\u{1F}c\n", false),
        ("a: b\u{0}c\n", false),
        ("abcdefg: hijklmn\u{7F}\n", false),
        ("a: [b,\n  c]  ", true),
        ("a: [b, c] # d", true),
        ("a: 'x'  ", true),
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

    /// Each limit at its edge: the plain reader takes what is within it and declines one more.
    @Test func limitsAtTheirEdges() {
        func nested(_ n: Int) -> String { (0..<n).map { String(repeating: " ", count: $0) + "k:" + ($0 == n - 1 ? " v" : "") + "\n" }.joined() }
        #expect(PlainYAMLAgreement.compare(nested(32)) == (true, nil))
        #expect(PlainYAMLAgreement.compare(nested(33)) == (false, nil))
        func flows(_ n: Int) -> String { "a: " + String(repeating: "[", count: n) + String(repeating: "]", count: n) + "\n" }
        #expect(PlainYAMLAgreement.compare(flows(31)) == (true, nil))
        #expect(PlainYAMLAgreement.compare(flows(32)) == (false, nil))
        // A mapping, then 15 levels of a sequence holding a mapping (31), then a last sequence (32) holding `last`.
        func items(_ last: String) -> String {
            "k:\n" + (1..<16).map { String(repeating: " ", count: 4 * $0 - 2) + "- k:\n" }.joined() + String(repeating: " ", count: 62) + "- " + last + "\n"
        }
        #expect(PlainYAMLAgreement.compare(items("v")) == (true, nil))
        #expect(PlainYAMLAgreement.compare(items("k: v")) == (false, nil))
        let five = YAMLLimits(maxBytes: 1000, maxDepth: 32, maxNodes: 5, maxScalarLength: 3)
        #expect(PlainYAMLAgreement.compare("a: [b, c]\n", limits: five) == (true, nil))
        let four = YAMLLimits(maxBytes: 1000, maxDepth: 32, maxNodes: 4, maxScalarLength: 3)
        #expect(PlainYAMLAgreement.compare("a: [b, c]\n", limits: four) == (false, nil))
        #expect(PlainYAMLAgreement.compare("a: 'x''y'\n", limits: five) == (true, nil))
        let two = YAMLLimits(maxBytes: 1000, maxDepth: 32, maxNodes: 5, maxScalarLength: 2)
        #expect(PlainYAMLAgreement.compare("a: 'x''y'\n", limits: two) == (false, nil))
        #expect(PlainYAMLAgreement.compare(String(repeating: "k", count: 1000) + ": v\n") == (true, nil))
        #expect(PlainYAMLAgreement.compare(String(repeating: "k", count: 1001) + ": v\n") == (false, nil))
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

extension PlainYAMLAgreement {
    /// Random edits of whole lines (indentation by one, a line repeated, dropped or added,
    /// something after a `: `) and of the file's end (no final line feed, a last line of
    /// spaces or a comment): where blocks end is what these move.
    @Test func randomLineEditsAgree() {
        let base = [
            "# head", "vocabulary: core", "facts:", "  looked_after: {type: bool, meaning: in care}",
            "  cp_plan: {type: bool,", "            meaning: 'it''s a plan'}", "events:", "  missing.reported:",
            "    data: {risk: high|medium|low, to?: \"[role]\"}", "    sets: [a, b]   # note", "rules:",
            "  - id: r1", "    when:", "      event: missing.found", "      if: episode.overnight",
            "    require:", "      - action: a", "        within: 72h", "      - b", "  - x", "",
        ]
        let extras = ["", "#", "# c", "  ", "   # c", "    x: y", "  - z", "a: b"]
        let afterColon = ["[", "{", "- ", "? ", "\"", "'", "| ", "> ", "&a ", "*a", "!t ", "%", "@", "`", "\\", "?", "-", "~ ", "#"]
        let tails = ["", "", "  ", "# z", "  # z", "\n  ", "\n\n", "\n      # z"]
        var rng = SplitMix(seed: 1402)
        func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        var taken = 0
        for _ in 0..<2000 {
            var lines = base
            for _ in 0..<(1 + pick(3)) {
                if lines.isEmpty { lines = [""] }
                let k = pick(lines.count)
                switch pick(7) {
                case 0: lines[k] = " " + lines[k]
                case 1: if lines[k].hasPrefix(" ") { lines[k].removeFirst() }
                case 2: lines.insert(String(repeating: " ", count: pick(9)) + extras[pick(extras.count)], at: k)
                case 3: lines.remove(at: k)
                case 4: lines.insert(lines[pick(lines.count)], at: k)
                case 5: lines[k] += [" ", "  #", " # x", "#", ":", " :", ",", "  "][pick(8)]
                default:
                    if let r = lines[k].range(of: ": ") { lines[k].replaceSubrange(r, with: ": " + afterColon[pick(afterColon.count)]) }
                }
            }
            var text = lines.joined(separator: "\n")
            if pick(4) == 0 { while text.hasSuffix("\n") { text.removeLast() } }
            text += tails[pick(tails.count)]
            let (plainly, problem) = PlainYAMLAgreement.compare(text)
            if plainly { taken += 1 }
            #expect(problem == nil, "\(text.debugDescription): \(problem ?? "")")
        }
        #expect(taken > 200)
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
