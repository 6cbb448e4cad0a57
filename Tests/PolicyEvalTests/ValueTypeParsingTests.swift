import Testing
@testable import PolicyEval

/// `ValueType(parsing:)` cuts ASCII text at the bar's bytes: the same types as cutting any text
/// at its bar characters (the way it was read before), for odd and hostile texts too.
@Suite struct ValueTypeParsing {
    static func byCharacters(_ text: String) -> ValueType? {
        switch text {
        case "bool": return .bool
        case "int": return .int
        case "string": return .string
        case "time": return .time
        case "date": return .date
        case "role": return .role
        case "[role]": return .roleList
        default:
            let parts = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty && ValueType.isName($0) }) else { return nil }
            return .enumeration(parts)
        }
    }

    static let texts = ["a|b", "high|medium|low", "a||b", "|a", "a|", "|", "||", "a", "bool", "[role]", "role|bool", "a|b c", "a |b",
                        "\u{E9}t\u{E9}|hiver", "a|\u{301}b", "a\u{301}|b", "a|b|c|d|e|f|g|h", "", "A_1|b2", "a|b|", "a-b|c", "a|b\n"]

    @Test(arguments: texts)
    func sameAsCuttingAtCharacters(_ text: String) {
        #expect(ValueType(parsing: text) == ValueTypeParsing.byCharacters(text), "\(text.debugDescription)")
    }

    @Test func randomTexts() {
        let pieces = ["a", "b", "_", "|", "||", " ", "\u{E9}", "\u{301}", "1", "-", "Z"]
        var state: UInt64 = 12
        var enumerations = 0
        for _ in 0..<2000 {
            var text = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1
            for k in 0..<(Int(state >> 60) + 1) {
                text += pieces[Int((state >> UInt64(4 * k % 56)) & 0xFF) % pieces.count]
            }
            let parsed = ValueType(parsing: text)
            if case .enumeration = parsed { enumerations += 1 }
            #expect(parsed == ValueTypeParsing.byCharacters(text), "\(text.debugDescription)")
        }
        #expect(enumerations > 20)
    }
}

/// The names the vocabulary loader files declarations under: `a`, a separator, `b`, as `+` would make them.
@Suite struct VocabularyLoaderKeys {
    @Test(arguments: [("field", "missing.found.last_seen"), ("", ""), ("event", ""), ("", "x"), ("r\u{F4}le", "caf\u{E9}\u{301}"),
                      (String(repeating: "long", count: 20), "name")])
    func joinedIsConcatenation(_ a: String, _ b: String) {
        #expect(VocabularyLoader.joined(a, 0x20, b) == a + " " + b)
        #expect(VocabularyLoader.joined(a, 0x2E, b).utf8.elementsEqual((a + "." + b).utf8))
    }
}
