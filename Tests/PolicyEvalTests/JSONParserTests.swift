import Testing
@testable import PolicyEval

@Suite struct JSONParserTests {
    func parse(_ s: String) throws(JSONSyntaxError) -> JSONValue { try JSONParser.parse(Array(s.utf8)) }

    @Test func valuesAndOrder() throws {
        let v = try parse(#" {"b": [1, -2.5e3, true, false, null], "a": "x\u00e9\ud83d\ude00\n\"q\""} "#)
        let o = try #require(v.object)
        #expect(o.keys == ["b", "a"])
        #expect(o["b"] == .array([.number(1), .number(-2500), .bool(true), .bool(false), .null]))
        #expect(o["a"] == .string("xé😀\n\"q\""))
    }

    @Test(arguments: [
        ("{", 1, 2), ("{\"a\" 1}", 1, 6), ("[1,]", 1, 4), ("01", 1, 2), ("\"\\x\"", 1, 4), ("[1]\n x", 2, 2),
        ("\"\\ud800\"", 1, 8), ("tru", 1, 1), ("\"a\u{01}\"", 1, 3), ("-", 1, 2), ("1.", 1, 3),
        ("{\"risk\": \"medium\", \"risk\": \"high\"}", 1, 20),
    ] as [(String, Int, Int)])
    func errorsHavePositions(_ text: String, _ line: Int, _ column: Int) {
        do {
            _ = try parse(text)
            Issue.record("parsed \(text)")
        } catch {
            #expect(error.line == line && error.column == column, "\(text): \(error)")
        }
    }

    @Test func aRepeatedKeyIsRefusedInLargeObjectsToo() {
        let keys = (0..<40).map { "\"k\($0)\": 1" } + ["\"k7\": 2"]
        do { _ = try parse("{" + keys.joined(separator: ", ") + "}"); Issue.record("parsed a repeated key") } catch {
            #expect(error.message.contains("\"k7\" appears twice"))
        }
    }

    @Test func nestingIsLimited() {
        #expect(throws: JSONSyntaxError.self) { try parse(String(repeating: "[", count: 300) + String(repeating: "]", count: 300)) }
        #expect(throws: Never.self) { try parse(String(repeating: "[", count: 100) + String(repeating: "]", count: 100)) }
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
    }
}
