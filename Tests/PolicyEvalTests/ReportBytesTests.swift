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

    /// Every character `Shown.isControl` names, and its neighbours that are not controls, at
    /// every place in a string (the eight-byte scan and the byte-at-a-time one): the byte
    /// writer escapes exactly what `JSONWriter` escapes, and text shows what `Shown.escaped` shows.
    @Test func byteWritersEscapeWhatTheStringWritersEscape() {
        var scalars: [Unicode.Scalar] = (0...0xA0).compactMap(Unicode.Scalar.init)
        for v: UInt32 in [0x061B, 0x061C, 0x061D, 0x200D, 0x200E, 0x200F, 0x2010, 0x2027, 0x2028, 0x2029, 0x202A, 0x202E, 0x202F,
                          0x2014, 0x2065, 0x2066, 0x2069, 0x206A, 0xFEFF, 0x1F600] {
            if let u = Unicode.Scalar(v) { scalars.append(u) }
        }
        var tried = 0
        for u in scalars {
            for before in [0, 1, 7, 8, 9, 15] {
                let s = String(repeating: "a", count: before) + String(Character(u)) + "é—bc"
                var expected = JSONWriter()
                expected.string(s)
                let json = JSONBytes(capacity: 16)
                json.string(s)
                #expect(json.withBytes { String(decoding: $0, as: UTF8.self) } == expected.text, "U+\(String(u.value, radix: 16))")
                let text = JSONBytes(capacity: 16)
                text.shown(s)
                #expect(text.withBytes { String(decoding: $0, as: UTF8.self) } == Shown.escaped(s))
                tried += 1
            }
        }
        #expect(tried > 1000)
        // A control character in a report's value is a visible escape in the streamed text too.
        var r = Self.reports.first { !$0.obligations.isEmpty }!
        r.incident = "I-1\u{202E}\n[overdue] forged"
        r.obligations[0].because = ["line\u{1B}[31m"]
        let text = ReportText.render(r)
        #expect(text.contains("Incident I-1\\u{202E}\\n[overdue] forged, as of"))
        #expect(text.contains("      because line\\u{1B}[31m\n"))
        #expect(!Array(text.utf8).withUnsafeBytes { Shown.needsTerminalEscape($0) })
    }

    /// The plain-ASCII fast path (a word at a time, the last word overlapping or padded) says
    /// plain exactly when no byte needs escaping, at every length and place around a word's
    /// edge, and the bytes written are `JSONWriter`'s either way.
    @Test func plainASCIIFastPathAgreesWithTheScan() {
        let odd: [UInt8] = Array(0x00...0x21) + [0x22, 0x23, 0x41, 0x5B, 0x5C, 0x5D, 0x7E, 0x7F, 0x80, 0xC2, 0xE2, 0xFF]
        var tried = 0, plain = 0
        for length in 0...20 {
            for at in 0..<max(length, 1) {
                for b in odd {
                    var bytes = [UInt8](repeating: 0x61, count: length)
                    if length > 0 { bytes[at] = b }
                    let expected = bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }
                    let got = bytes.withUnsafeBufferPointer { JSONBytes.isPlainASCII($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
                    #expect(got == expected, "length \(length), byte \(b) at \(at)")
                    if got { plain += 1 }
                    // Bytes that are not UTF-8 are not a String's: only whole text goes to the writer.
                    guard let s = String(validating: bytes, as: UTF8.self) else { continue }
                    var writer = JSONWriter()
                    writer.string(s)
                    let json = JSONBytes(capacity: 16)
                    json.string(s)
                    #expect(json.withBytes { String(decoding: $0, as: UTF8.self) } == writer.text)
                    tried += 1
                }
            }
        }
        #expect(tried > 1000 && plain > 100)
    }

    /// London's instants in words from the kept offsets and dates read as `Zone.describe`
    /// has them: hour by hour across clock changes, the seconds either side of each change,
    /// far past and future (outside the zone's table and beyond what is kept), in order,
    /// backwards and jumping about, with one writer throughout (what it keeps is reused).
    @Test func londonWordsAgreeWithTheZone() throws {
        var times: [Int64] = []
        let start = try Instant(rfc3339: "2019-01-01T00:00:00Z").seconds
        for h in stride(from: Int64(0), to: 24 * 800, by: 1) { times.append(start + h * 3600 + 59) }
        for change in ["2019-03-31T01:00:00Z", "2019-10-27T01:00:00Z", "2020-03-29T01:00:00Z", "1947-04-13T01:00:00Z",
                       "1947-08-10T01:00:00Z", "1968-02-18T02:00:00Z", "1971-10-31T02:00:00Z", "2037-10-25T01:00:00Z"] {
            let c = try Instant(rfc3339: change).seconds
            for d: Int64 in [-86_400 * 16, -86_400, -3601, -3600, -61, -60, -1, 0, 1, 59, 60, 3599, 3600, 86_400, 86_400 * 16] { times.append(c + d) }
        }
        times += [-1, 0, 1, -86_400, -86_401, -62_135_596_800, -5_000_000_000, 4_102_444_800, 9_000_000_000, 253_402_300_799,
                  (1 << 40) - 1, 1 << 40, -(1 << 40), -(1 << 40) + 1]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 { times.append(Int64.random(in: -6_000_000_000...6_000_000_000, using: &rng)) }
        let orders = [times, times.reversed(), times.shuffled(), times.sorted()]
        var tried = 0
        for (order, keeping) in orders.map({ ($0, true) }) + orders.map({ ($0, false) }) {
            let json = JSONBytes(capacity: 16, keeping: keeping)
            for s in order {
                let t = Instant(secondsSinceEpoch: s)
                json.clear()
                json.words(t, in: london)
                #expect(json.withBytes { String(decoding: $0, as: UTF8.self) } == london.describe(t), "\(s)")
                json.clear()
                json.instant(t)
                #expect(json.withBytes { String(decoding: $0, as: UTF8.self) } == "\"\(t.description)\"", "\(s)")
                tried += 1
            }
        }
        #expect(tried > 40_000)
    }

    /// Dates stepped from the last one written (`JSONBytes.civil`) are `LocalDate`'s: a walk
    /// by steps of up to two months either way, and the odd jump, across leap days, century
    /// years and the ends of the four-digit years.
    @Test func steppedDatesAgreeWithLocalDate() throws {
        var rng = SystemRandomNumberGenerator()
        let json = JSONBytes(capacity: 16, keeping: true)
        var day = try #require(LocalDate(year: 1599, month: 12, day: 1)).daysSinceEpoch
        let end = try #require(LocalDate(year: 2401, month: 3, day: 1)).daysSinceEpoch
        var tried = 0
        func check(_ n: Int) {
            let t = Instant(secondsSinceEpoch: Int64(n) * 86_400 + 43_200)
            json.clear()
            json.instant(t)
            #expect(json.withBytes { String(decoding: $0, as: UTF8.self) } == "\"\(t.description)\"")
            json.clear()
            json.words(t, in: london)
            #expect(json.withBytes { String(decoding: $0, as: UTF8.self) } == london.describe(t))
            tried += 1
        }
        while day < end {
            day += Int.random(in: -62...70, using: &rng)
            check(day)
            if Int.random(in: 0..<100, using: &rng) == 0 { check(day + Int.random(in: -400...400, using: &rng)) }
        }
        for n in [-719_529, -719_528, -719_162, 2_932_896, 2_932_897, 2_932_898, -800_000, 3_000_000, 0, -1] { check(n) }
        #expect(tried > 5000)
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
