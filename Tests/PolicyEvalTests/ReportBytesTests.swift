import Foundation
import Testing
@testable import PolicyEval

/// The report written as a stream of bytes: the same bytes as `render` however it is cut
/// into chunks, reasons in the same words as `because`, and a failing sink stops it.
@Suite struct ReportBytesTests {
    static let library = PolicyLibrary.load([policiesDir])

    /// Every example against every shipped policy, and a long mixed record, as of a late date
    /// (so that deadlines pass, escalations and notifications are raised).
    static let reports: [Report] = {
        var out: [Report] = []
        let dir = repoRoot + "/Examples"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        let asOf = try! Instant(rfc3339: "2027-06-01T00:00:00Z")
        for policy in library.policies {
            let reader = IncidentReader(vocabulary: policy.vocabulary, unknownTypesAreWarnings: true)
            let texts = files.compactMap { try? Data(contentsOf: URL(fileURLWithPath: dir + "/" + $0)) }
                + [Data(SessionsAgreeWithTheBatch.mixedRecord(events: 400).utf8)]
            for data in texts {
                guard let (incident, notes) = try? reader.read(data, file: "x.json"),
                      var report = try? Evaluation.evaluate(incident, policy: policy, asOf: asOf) else { continue }
                report.diagnostics = notes + report.diagnostics
                out.append(report)
            }
        }
        return out
    }()

    @Test func chunksJoinToTheRenderedReport() {
        #expect(Self.reports.count > 20)
        for r in Self.reports {
            let whole = Array(ReportJSON.render(r).utf8)
            for size in [1, 7, 4096, 1 << 16] {
                var joined: [UInt8] = []
                var largest = 0
                ReportJSON.write(r, chunkSize: size) { chunk in
                    joined.append(contentsOf: chunk)
                    largest = max(largest, chunk.count)
                }
                #expect(joined == whole, "\(r.incident) \(r.policy.id), chunks of \(size)")
                // A chunk is handed on once it reaches the size: it holds at most one entry more.
                #expect(largest < size + 64 * 1024)
            }
        }
    }

    @Test func textChunksJoinToTheRenderedText() {
        for r in Self.reports {
            let whole = Array(ReportText.render(r).utf8)
            for size in [1, 4096] {
                var joined: [UInt8] = []
                ReportText.write(r, chunkSize: size) { joined.append(contentsOf: $0) }
                #expect(joined == whole, "\(r.incident) \(r.policy.id), chunks of \(size)")
            }
            // Every reason, as `because` gives it, on a line of its own.
            let lines = Set(String(decoding: whole, as: UTF8.self).split(separator: "\n").map(String.init))
            for o in r.obligations { for b in o.because { #expect(lines.contains("      because \(b)")) } }
        }
    }

    @Test func reasonsReadTheSameAsBecause() throws {
        var seen = 0
        for r in Self.reports {
            guard case .object(let top) = try JSONParser.parse(Array(ReportJSON.render(r).utf8)),
                  case .array(let obligations) = top["obligations"], case .array(let escalations) = top["escalations"] else {
                Issue.record("not a report")
                continue
            }
            func words(_ v: JSONValue) -> [String]? {
                guard case .array(let items) = v.object?["because"] else { return nil }
                return items.compactMap(\.string)
            }
            for (o, v) in zip(r.obligations, obligations) { #expect(words(v) == o.because); seen += o.because.count }
            for (e, v) in zip(r.escalations, escalations) { #expect(words(v) == e.because); seen += e.because.count }
        }
        #expect(seen > 100)
    }

    @Test func givenWordsAreEscaped() throws {
        var r = try #require(Self.reports.first { !$0.obligations.isEmpty })
        r.obligations[0].because = ["a \"quoted\" \\ word", "line\nbreak\u{1}", "é ☃"]
        r.incident = "I-\"1\""
        let text = ReportJSON.render(r)
        #expect(text.contains(#""because": ["a \"quoted\" \\ word", "line\nbreak\u0001", "é ☃"]"#))
        #expect(text.contains(#""incident": "I-\"1\"""#))
        guard case .object(let top) = try JSONParser.parse(Array(text.utf8)), case .array(let list) = top["obligations"] else {
            Issue.record("not JSON")
            return
        }
        #expect(list.first?.object?["because"] == .array([.string("a \"quoted\" \\ word"), .string("line\nbreak\u{1}"), .string("é ☃")]))
    }

    struct Full: Error {}

    @Test func aFailingSinkStopsTheWriting() throws {
        let r = try #require(Self.reports.max { $0.obligations.count < $1.obligations.count })
        var calls = 0
        #expect(throws: Full.self) {
            try ReportJSON.write(r, chunkSize: 256) { (_) throws(Full) in
                calls += 1
                if calls == 2 { throw Full() }
            }
        }
        #expect(calls == 2)
    }
}
