import Foundation
import Testing
@testable import YAMLSource

private func parse(_ text: String, limits: YAMLLimits = .default) throws -> YAMLNode? {
    try YAMLLoader.parse(text, file: "t.yaml", limits: limits).1
}

private func refusal(_ text: String, limits: YAMLLimits = .default) -> YAMLError? {
    do {
        _ = try YAMLLoader.parse(text, file: "t.yaml", limits: limits)
        return nil
    } catch { return error }
}

private func loc(_ line: Int, _ column: Int) -> YAMLSource.SourceLocation { YAMLSource.SourceLocation(file: "t.yaml", line: line, column: column) }

@Suite struct Positions {
    @Test func blockMappingScalarsAndNestedFlow() throws {
        let root = try #require(try parse("""
        policy: bcp
        rules:
          - id: a
            when: {event: missing.found, if: 'x'}
        """))
        #expect(root.start == loc(1, 1))
        #expect(root["policy"]?.start == loc(1, 9))
        let rules = try #require(root["rules"])
        #expect(rules.start == loc(3, 3))
        let rule = try #require(rules.sequence?.first)
        #expect(rule.start == loc(3, 5))
        #expect(rule["id"]?.start == loc(3, 9))
        let when = try #require(rule["when"])
        #expect(when.start == loc(4, 11))
        #expect(when["event"]?.start == loc(4, 19))
        #expect(when["if"]?.start == loc(4, 38))
        #expect(when["if"]?.scalar == YAMLScalar("x", style: .singleQuoted))
        // Keys have positions too.
        #expect(when.mapping?.first?.key.start == loc(4, 12))
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let root = try #require(try parse("title: “Café” – x\nnext: 1\n"))
        #expect(root["title"]?.scalar?.value == "“Café” – x")
        #expect(root["next"]?.start == loc(2, 7))
        let r2 = try #require(try parse("a: [é, ü, b]\n"))
        #expect(r2["a"]?.sequence?[2].start == loc(1, 11))
    }

    @Test func scalarEndAndStyles() throws {
        let root = try #require(try parse("a: \"q\"\nb: 'r'\nc: |\n  lit\nd: >\n  fold\n"))
        #expect(root["a"]?.scalar?.style == .doubleQuoted)
        #expect(root["b"]?.scalar?.style == .singleQuoted)
        #expect(root["c"]?.scalar == YAMLScalar("lit\n", style: .literal))
        #expect(root["d"]?.scalar == YAMLScalar("fold\n", style: .folded))
        #expect(root["a"]?.end == loc(1, 7))
    }

    @Test func emptyDocumentHasNoRoot() throws {
        #expect(try parse("") == nil)
        #expect(try parse("# only a comment\n") == nil)
    }

    @Test func equalityIgnoresPositions() throws {
        let a = try parse("x: [1, 2]\n")
        let b = try parse("\n\n   x:   [1,    2]\n")
        #expect(a == b)
        #expect(try parse("x: [1, 3]\n") != a)
    }

    @Test func nullScalars() throws {
        let root = try #require(try parse("a:\nb: ~\nc: null\nd: 'null'\n"))
        #expect(root["a"]?.scalar?.isNull == true)
        #expect(root["b"]?.scalar?.isNull == true)
        #expect(root["c"]?.scalar?.isNull == true)
        #expect(root["d"]?.scalar?.isNull == false)
    }
}

@Suite struct OffsetsInsideScalars {
    @Test func plainSingleLine() throws {
        let root = try #require(try parse("if: a and bb\n"))
        #expect(root["if"]?.location(ofValueOffset: 6) == loc(1, 11))
    }

    @Test func quotedWithEscapes() throws {
        let root = try #require(try parse("a: 'it''s x'\nb: \"\\\"q\\\" y\"\n"))
        // value "it's x": offset 5 ('x') sits after the doubled quote.
        #expect(root["a"]?.location(ofValueOffset: 5) == loc(1, 11))
        // value "\"q\" y": offset 4 ('y').
        #expect(root["b"]?.location(ofValueOffset: 4) == loc(2, 11))
    }

    @Test func foldedBlock() throws {
        let text = """
        when:
          if: >
            episode.overnight or episode.duration > 9h
            or event.harmd
        """
        let root = try #require(try parse(text))
        let node = try #require(root["when"]?["if"])
        let value = try #require(node.scalar?.value)
        let offset = try #require(value.range(of: "event.harmd")).lowerBound.utf16Offset(in: value)
        #expect(node.location(ofValueOffset: offset) == loc(4, 8))
        #expect(node.location(ofValueOffset: 0) == loc(3, 5))
    }

    @Test func literalBlock() throws {
        let root = try #require(try parse("x: |\n  first\n  second line\n"))
        #expect(root["x"]?.location(ofValueOffset: 6 + 7) == loc(3, 10))
    }

    @Test func multiLinePlain() throws {
        let root = try #require(try parse("x: alpha\n  beta gamma\n"))
        #expect(root["x"]?.scalar?.value == "alpha beta gamma")
        #expect(root["x"]?.location(ofValueOffset: 11) == loc(2, 8))
    }

    /// A file saved with Windows line breaks reads as the same lines.
    @Test func windowsLineBreaks() throws {
        let root = try #require(try parse("a: 1\r\nx: alpha\r\n  beta gamma\r\n"))
        #expect(root["x"]?.location(ofValueOffset: 11) == loc(3, 8))
    }
}

@Suite struct SourceFileLines {
    @Test(arguments: ["", "a", "a\n", "a\nb", "a\r\nb\r\n", "a\n\nb\n\n", "\n", "é ☃\r\nx", "a\rb\n", "a\n\r"])
    func linesAreThePiecesBetweenLineBreaks(_ text: String) {
        let file = SourceFile(path: "f", text: text)
        // What the lines have always meant: split at "\n", a "\r" before it dropped, no empty last line.
        var expected = Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false).map { piece in
            String(decoding: piece.last == 0x0D ? piece.dropLast() : piece, as: UTF8.self)
        }
        if expected.last == "" { expected.removeLast() }
        #expect(file.lineCount == expected.count)
        #expect((0...expected.count + 1).map { file.line($0).map(String.init) } == [nil] + expected.map { $0 } + [nil])
    }
}

@Suite struct Refusals {
    @Test func duplicateKeyPointsAtBoth() throws {
        let e = try #require(refusal("a: 1\nb: 2\na: 3\n"))
        #expect(e.code == .duplicateKey)
        #expect(e.location == loc(3, 1))
        #expect(e.notes.first?.location == loc(1, 1))
    }

    @Test func anchorsAndAliases() throws {
        let a = try #require(refusal("a: &x 1\nb: 2\n"))
        #expect(a.code == .anchor)
        #expect(a.location == loc(1, 4))
        let b = try #require(refusal("a: *x\n"))
        #expect([.alias, .syntax].contains(b.code))
    }

    @Test func aliasBombIsRefusedAtTheFirstAnchor() throws {
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        let names = "bcdefghi".map(String.init)
        var previous = "a"
        for n in names {
            text += "\(n): &\(n) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
            previous = n
        }
        let e = try #require(refusal(text))
        #expect(e.code == .anchor)
        #expect(e.location == loc(1, 4))
    }

    @Test func secondDocument() throws {
        let e = try #require(refusal("a: 1\n---\nb: 2\n"))
        #expect(e.code == .multipleDocuments)
        #expect(e.location == loc(2, 1))
    }

    @Test func nestingLimit() throws {
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        let e = try #require(refusal(deep))
        #expect(e.code == .tooDeep)
        #expect(e.location == loc(1, 33))
        var limits = YAMLLimits.default
        limits.maxDepth = 50
        #expect(refusal(deep, limits: limits) == nil)
    }

    @Test func sizeLimitOnBytes() throws {
        let big = [UInt8](repeating: 0x61, count: 50 * 1024 * 1024)
        #expect(throws: YAMLError.self) { try YAMLLoader.parse(big, file: "big.yaml") }
        do { _ = try YAMLLoader.parse(big, file: "big.yaml") } catch {
            #expect(error.code == .tooLarge)
            #expect(error.message.contains("52428800 bytes"))
        }
    }

    @Test func sizeLimitOnFileIsCheckedBeforeReading() throws {
        let path = NSTemporaryDirectory() + "policyeval-big-\(getpid()).yaml"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 50 * 1024 * 1024)  // sparse: nothing to read
        try handle.close()
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try YAMLLoader.load(path: path)
            Issue.record("a 50 MB file was accepted")
        } catch {
            #expect(error.code == .tooLarge)
            #expect(error.location.line == 1)
        }
    }

    @Test func aSymbolicLinkIsMeasuredByWhatItLeadsTo() throws {
        let dir = NSTemporaryDirectory() + "policyeval-links-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = FileManager.default.createFile(atPath: dir + "/big.yaml", contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: dir + "/big.yaml"))
        try handle.truncate(atOffset: 50 * 1024 * 1024)
        try handle.close()
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.yaml", withDestinationPath: dir + "/big.yaml")
        do { _ = try YAMLLoader.load(path: dir + "/link.yaml"); Issue.record("accepted") } catch {
            #expect(error.code == .tooLarge)
            #expect(error.message.contains("52428800 bytes"))
        }
        try FileManager.default.createSymbolicLink(atPath: dir + "/a.yaml", withDestinationPath: dir + "/b.yaml")
        try FileManager.default.createSymbolicLink(atPath: dir + "/b.yaml", withDestinationPath: dir + "/a.yaml")
        do { _ = try YAMLLoader.load(path: dir + "/a.yaml"); Issue.record("accepted") } catch {
            #expect(error.code == .unreadable)
            #expect(error.message == "cannot read \(dir)/a.yaml: a loop of symbolic links (a link that leads back to itself)")
        }
    }

    @Test(arguments: [("a: !!str 24h\n", "!!str", 1, 4), ("a: !foo x\n", "!foo", 1, 4), ("a: !!map {b: 1}\n", "!!map", 1, 4),
                      ("a:\n  - !!int 3\n", "!!int", 2, 5), ("a: ! x\n", "!", 1, 4), ("- !<tag:x> [1]\n", "tag:x", 1, 3)])
    func tagsAreRefused(_ text: String, _ shown: String, _ line: Int, _ column: Int) throws {
        let e = try #require(refusal(text))
        #expect(e.code == .tag)
        #expect(e.message.hasPrefix("tags (\(shown)) are not allowed in rule files"), "\(e.message)")
        #expect(e.location == loc(line, column))
    }

    @Test func invalidUTF8NamesLineAndColumn() throws {
        let bytes = Array("a: ok\nb: caf".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        do {
            _ = try YAMLLoader.parse(bytes, file: "t.yaml")
            Issue.record("invalid UTF-8 accepted")
        } catch {
            #expect(error.code == .invalidUTF8)
            #expect(error.location == loc(2, 7))
        }
    }

    @Test func aByteOrderMarkDoesNotShiftColumns() throws {
        let (_, root) = try YAMLLoader.parse([0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8), file: "t.yaml")
        #expect(root?.mapping?.first?.key.start == loc(1, 1))
        #expect(root?.mapping?.first?.value.start == loc(1, 4))
    }

    @Test func aControlCharacterIsFoundWhereItIs() throws {
        let e = try #require(refusal("a: ok\nb: éab\u{07}c\n"))
        #expect(e.message.contains("control characters"))
        #expect(e.location == loc(2, 7))
    }

    @Test func syntaxErrorHasPosition() throws {
        let e = try #require(refusal("a: [1, 2\nb: 3\n"))
        #expect(e.code == .syntax)
        #expect(e.location.line >= 1)
        let tab = try #require(refusal("a:\n\tb: 1\n"))
        #expect(tab.code == .syntax)
        #expect(tab.location == loc(2, 1))
    }

    @Test func complexKeysAreRefused() throws {
        let e = try #require(refusal("? [a, b]\n: 1\n"))
        #expect(e.code == .complexKey)
    }

    @Test func nodeLimit() throws {
        var limits = YAMLLimits.default
        limits.maxNodes = 10
        let e = try #require(refusal("[" + (1...20).map(String.init).joined(separator: ",") + "]", limits: limits))
        #expect(e.code == .tooManyNodes)
    }

    @Test(arguments: ["\u{0}", "a: [", "{", "- a\nb: c", "a: 'x", "\"", "]: x", "a: !<x> y", "%YAML 9.9\n---\na", "a: b: c"])
    func neverCrashes(_ text: String) {
        _ = try? YAMLLoader.parse(text, file: "t.yaml")
    }
}
