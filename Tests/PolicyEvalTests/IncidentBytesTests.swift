import Foundation
import Testing
@testable import PolicyEval

/// The incident reader's fast path (IncidentBytes) against its general path (JSON tree,
/// then events): whatever the fast path accepts, the general path accepts with the same
/// incident; the fast path gives up on everything else.
@Suite struct IncidentBytesTests {
    let reader = IncidentReader(vocabulary: vocabulary)
    let fast = IncidentBytes(vocabulary: vocabulary)

    func general(_ bytes: [UInt8]) -> Incident? {
        guard let value = try? JSONParser.parse(bytes) else { return nil }
        return try? reader.read(value: value, file: "x.json").0
    }

    func quick(_ bytes: [UInt8]) -> Incident? { bytes.withUnsafeBytes { fast.incident($0) } }

    func same(_ a: Incident, _ b: Incident) -> Bool {
        a.id == b.id && a.zone == b.zone && a.policy == b.policy && a.subject == b.subject && a.events == b.events
    }

    /// The fast path's answer, checked against the general path's; nil where it gave up.
    @discardableResult
    func agree(_ bytes: [UInt8], _ note: @autoclosure () -> String = "") -> Incident? {
        guard let q = quick(bytes) else { return nil }
        let g = general(bytes)
        #expect(g != nil, "the fast path accepted what the general path refuses: \(String(decoding: bytes, as: UTF8.self)) \(note())")
        if let g { #expect(same(q, g), "the two paths disagree: \(String(decoding: bytes, as: UTF8.self)) \(note())") }
        return q
    }

    /// Every kind of field, escapes, text beyond ASCII, CloudEvents attributes, data before
    /// its type, times with offsets and fractions, events out of order.
    static let sample = #"""
    {"incident": {"id": "I-\u00e9 1", "timezone": "Europe/London", "policy": "bcp-missing-children",
      "subject": {"id": "C-1", "born": "2010-05-17", "facts": {"looked_after": true, "cp_plan": null, "open_to_services": false}}},
     "events": [
      {"specversion": "1.0", "id": "e1", "source": "cms", "type": "missing.reported", "time": "2026-03-14T22:10:00Z",
       "data": {"risk": "medium", "from": "care", "last_seen": "2026-03-14T20:40:00.5+01:00"}, "subject": "x", "datacontenttype": "application/json"},
      {"id": "e2", "data": {"to": ["police", "iro", "police"]}, "type": "need_to_know.sent", "time": "2026-03-14t23:10:00z"},
      {"id": "e\u00e93", "type": "notification.sent", "time": "2026-03-14 23:15:00-00:30", "data": {"to": "police", "includes_plan": false}},
      {"id": "e4", "type": "icpc.held", "time": "2026-03-13T09:00:00Z", "data": {"plan": true, "agencies": -12}},
      {"id": "e5", "type": "conference.scheduled", "time": "2026-03-13T09:00:00Z",
       "data": {"kind": "icpc", "date": "2026-04-01", "ref": "a \"quoted\" \\ \/ ref \b\f\n\r\t ☃ \ud83d\ude00 é"}},
      {"id": "e6", "type": "rhi.declined", "time": "2026-03-15T09:00:00Z", "data": null},
      {"id": "e7", "type": "missing.found", "time": "2026-03-15T09:30:00Z", "data": {}},
      {"id": "e8", "type": "rhi.declined", "time": "2026-03-15T09:30:00Z", "data": {"reason": ""}}
     ]}
    """#

    /// Compact, as generators write it (the scanner's quickest paths: keys known by one
    /// word, times read in place).
    static let compact = #"{"incident":{"id":"SYN-1","timezone":"Europe/London","subject":{"id":"C-0001","born":"2008-05-17","facts":{"looked_after":true,"cp_plan":false}}},"events":[{"id":"e1","type":"missing.reported","time":"2020-01-01T03:17:00Z","data":{"risk":"medium","from":"home","last_seen":"2020-01-01T01:17:00+00:00"}},{"id":"e2","type":"missing.found","time":"2020-01-01T11:12:01Z","data":{"harmed":true}},{"id":"e3","type":"rhi.completed","time":"2020-01-01T12:29:01Z"},{"id":"e4","type":"need_to_know.sent","time":"2020-01-01T12:29:01Z","data":{"to":["police"]}}]}"#

    /// Compact, with data repeated byte for byte (kept and shared by the scanner): the same bytes
    /// under another type, a role list and a role, data before its type, a prefix of another's
    /// bytes, one spaced differently, and the last repeat ending the file.
    static let repeated = #"{"incident":{"id":"SYN-2","subject":{"id":"C-0002"}},"events":[{"id":"e1","type":"missing.found","time":"2020-01-01T03:17:00Z","data":{"harmed":false}},{"id":"e2","type":"missing.reported","time":"2020-01-01T04:17:00+01:00","data":{"risk":"low"}},{"id":"e3","type":"missing.risk_changed","time":"2020-01-01T05:17:00-00:30","data":{"risk":"low"}},{"id":"e4","type":"missing.found","time":"2020-01-01T06:17:00Z","data":{"harmed":false}},{"id":"e5","type":"need_to_know.sent","time":"2020-01-01T07:17:00.25Z","data":{"to":["police","iro"]}},{"id":"e6","data":{"to":["police","iro"]},"type":"need_to_know.sent","time":"2020-01-01T08:17:00Z"},{"id":"e7","type":"missing.reported","time":"2020-01-01T09:17:00Z","data":{"risk":"low","from":"home"}},{"id":"e8","type":"missing.reported","time":"2020-01-01T10:17:00Z","data":{"risk":"low"}},{"id":"e9","type":"missing.found","time":"2020-01-01T11:17:00Z","data":{"harmed":false,"in_danger":true}},{"id":"e10","type":"missing.found","time":"2020-01-01T12:17:00Z","data":{"harmed" :false}},{"id":"e11","type":"notification.sent","time":"2020-01-01T13:17:00Z","data":{"to":"police","includes_plan":false}},{"id":"e12","type":"notification.sent","time":"2020-01-01T14:17:00Z","data":{"to":"police","includes_plan":false}},{"id":"e13","type":"missing.reported","time":"2020-01-01T15:17:00Z","data":{"risk":"low","last_seen":"2020-01-01T01:17:00Z"}},{"id":"e14","type":"missing.reported","time":"2020-01-01T16:17:00Z","data":{"risk":"low","last_seen":"2020-01-01T01:17:00Z"}},{"id":"e15","type":"missing.found","time":"2020-01-01T17:17:00Z","data":{"harmed":false}}]}"#

    @Test func readsRepeatedDataAsTheGeneralPathDoes() throws {
        let i = try #require(agree(Array(Self.repeated.utf8)))
        #expect(i.events.count == 15)
        let found = i.events.filter { vocabulary.events[$0.type].name == "missing.found" }.map(\.data)
        #expect(found.count == 5)
        #expect(Set(found.map { $0.compactMap { $0 }.count }) == [1, 2])
        // Many events, the same few data objects over and over, some spaced or typed otherwise.
        let pieces = [#""missing.found","time":"2020-01-01T03:17:00Z","data":{"harmed":false}"#,
                      #""missing.found","time":"2020-01-01T03:17:00Z","data":{"harmed":true}"#,
                      #""missing.risk_changed","time":"2020-01-01T03:17:00Z","data":{"risk":"high"}"#,
                      #""missing.reported","time":"2020-01-01T03:17:00Z","data":{"risk":"high"}"#,
                      #""missing.reported","time":"2020-01-01T03:17:00Z","data":{"risk":"high","from":"care"}"#,
                      #""missing.reported","time":"2020-01-01T03:17:00Z","data":{"risk":"high","from":"home"}"#,
                      #""missing.reported","time":"2020-01-01T03:17:00Z","data": {"risk":"high"} "#]
        var rng = SeededRandom(seed: 7)
        let events = (0..<600).map { k in #"{"id":"e\#(k)","type":"# + pieces.randomElement(using: &rng)! + "}" }
        let text = #"{"incident":{"id":"I","subject":{"id":"C"}},"events":["# + events.joined(separator: ",") + "]}"
        let many = try #require(agree(Array(text.utf8)))
        #expect(many.events.count == 600)
    }

    @Test func readsTheCompactSampleAsTheGeneralPathDoes() throws {
        let i = try #require(agree(Array(Self.compact.utf8)))
        #expect(i.events.count == 4)
    }

    @Test func readsTheSampleAsTheGeneralPathDoes() throws {
        let i = try #require(agree(Array(Self.sample.utf8)))
        #expect(i.events.map(\.id) == ["e4", "e5", "e1", "e2", "e\u{e9}3", "e6", "e7", "e8"])
        #expect(i.subject.facts.compactMap { $0 }.count == 2)
    }

    @Test func readsEveryExampleAsTheGeneralPathDoes() throws {
        let folder = repoRoot + "/Examples"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }
        #expect(!files.isEmpty)
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file)))
            #expect(agree(bytes, file) != nil, "\(file): the fast path gave up on a shipped example")
        }
    }

    @Test func readsAStreamLineAsTheGeneralPathDoes() throws {
        let line = #" {"id": "e1", "type": "missing.found", "time": "2026-03-15T09:30:00Z", "data": {"harmed": true}} "# + "\r"
        let q = try #require(Array(line.utf8).withUnsafeBytes { fast.event($0) })
        var notes: [ReportDiagnostic] = []
        let g = try reader.readEventLine(Data(line.utf8), number: 1, file: "s.jsonl", diagnostics: &notes)
        #expect(q == g)
        #expect(Array(#"{"id": "e1"}"#.utf8).withUnsafeBytes { fast.event($0) } == nil)
    }

    /// Times: whatever the fast path reads, `Instant(rfc3339:)` reads the same; it gives up on the rest.
    @Test func readsTimesAsInstantDoes() throws {
        var rng = SeededRandom(seed: 14)
        let pieces = ["2026-03-14", "T", "t", " ", "22:10:00", "Z", "z", "+01:00", "-00:30", ".5", ".", "1", "0", ":", "-", "+", "24", "60", "9999-12-31", "0000-01-01", "2024-02-29", "2023-02-29"]
        var accepted = 0
        for _ in 0..<3000 {
            var text = "2026-03-14T22:10:00Z"
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                var u = Array(text.utf8)
                let at = Int.random(in: 0...u.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: if at < u.count { u.remove(at: at) }
                case 1: u.insert(contentsOf: pieces.randomElement(using: &rng)!.utf8, at: at)
                default: if at < u.count { u[at] = Array("0123456789:-+.TZtz ".utf8).randomElement(using: &rng)! }
                }
                text = String(decoding: u, as: UTF8.self)
            }
            let json = IncidentReaderTests.head + #"[{"id": "e1", "type": "missing.found", "time": ""# + text + #""}]}"#
            if let i = agree(Array(json.utf8), text) {
                accepted += 1
                #expect(i.events.first?.time == (try? Instant(rfc3339: text)), "\(text)")
            }
        }
        #expect(accepted > 100)
        // Read in place (a quote where a 20- or 25-byte time would end), or not.
        for text in ["2026-03-14T22:10:00+01:00", "2026-03-14T22:10:00-23:59", "2026-03-14T22:10:00+24:00", "2026-03-14T22:10:00.1234Z",
                     "2026-03-14T22:10:00.12345", "2026-03-14T22:10:00z", "2026-03-14T22:10:0+01:00", "2026-03-14T22:1:000+01:00",
                     "2026-03-14T22:10:60Z", "2026-03-14T24:00:00Z", "2026-03-14T23:59:59Z", "2026-03-14T22;10:00Z",
                     "2026-03-14T22:10:00", "2026-03-14T22:10:00+0100", "2026-03-14T22:10:00+01:00Z"] {
            let json = IncidentReaderTests.head + #"[{"id":"e1","type":"missing.found","time":""# + text + #""}]}"#
            if let i = agree(Array(json.utf8), text) { #expect(i.events.first?.time == (try? Instant(rfc3339: text)), "\(text)") }
        }
        #expect(agree(Array((IncidentReaderTests.head + #"[{"id":"e1","type":"missing.found","time":"2026-03-14T22:10:00+01:00"}]}"#).utf8)) != nil)
    }

    /// Random damage to the sample: the fast path either gives up or agrees.
    /// Spaced as pretty-printers write it (a space after each comma and colon: the usual keys
    /// known by a word, as compact ones are), lines between events, and keys out of order.
    static let spaced = #"""
    {"incident": {"id": "SYN-3", "timezone": "Europe/London", "subject": {"id": "C-3", "born": "2010-05-17"}},
     "events": [
      {"id": "e1", "type": "missing.reported", "time": "2020-01-01T03:17:00Z", "data": {"risk": "medium", "from": "care"}},
      {"id": "e2", "type": "notification.sent", "time": "2020-01-01T04:17:00Z", "data": {"to": "police"}},
      {"id": "e3", "type": "need_to_know.sent", "time": "2020-01-01T05:17:00+01:00", "data": {"to": ["police", "iro"]}},
      {"id": "e4", "type": "missing.found", "time": "2020-01-01T06:17:00Z"},
      {"id": "e5", "type": "missing.reported", "time": "2020-01-01T07:17:00Z", "data": {"risk": "medium", "from": "care"}},
      {"id": "e6", "time": "2020-01-01T08:17:00Z", "type": "missing.found", "data": {"harmed": false}},
      {"id": "event-with-a-long-id-7", "type": "missing.reported", "time": "2020-01-01T09:17:00Z", "data": {"risk": "low", "last_seen": "2020-01-01T01:17:00Z"}},
      {"id": "e8", "type": "missing.found", "time": "2020-01-01T10:17:00Z", "data": null},
      {"id": "e9", "type": "missing.found", "time": "2020-01-01T11:17:00Z", "data": {"harmed": false}}
     ]}
    """#

    /// Any whitespace JSON allows, in any amount, between the members of an event (after a
    /// comma, around a colon, between a key and its colon): read as the general path reads it,
    /// and the same incident as the compact file.
    @Test func readsEveryWayOfSpacingAsTheGeneralPathDoes() throws {
        let gaps = ["", " ", "  ", "\t", "\r\n", "\n", " \n\t ", "\n  "]
        let members = [[#""type""#, #""missing.reported""#], [#""time""#, #""2020-01-01T03:17:00Z""#], [#""data""#, #"{"risk": "high", "from": "home"}"#]]
        let plain = [#""type""#, #""missing.found""#]
        var rng = SeededRandom(seed: 23)
        var spacedEvents: [String] = [], compactEvents: [String] = []
        for k in 0..<400 {
            func gap() -> String { k % 4 == 0 ? " " : gaps.randomElement(using: &rng)! }
            // Key and colon: a gap before the colon only now and then (that is the loop's way).
            func member(_ key: String, _ value: String) -> String { key + (k % 5 == 3 ? gap() : "") + ":" + gap() + value }
            let chosen = k % 3 == 0 ? [plain, members[1]] : members
            let id = k % 7 == 0 ? "event-with-a-long-id-\(k)" : "e\(k)"
            let spaced = ([member(#""id""#, "\"\(id)\"")] + chosen.map { member($0[0], $0[1]) }).joined(separator: "," + gap())
            spacedEvents.append("{" + (k % 6 == 5 ? gap() : "") + spaced + (k % 6 == 4 ? gap() : "") + "}")
            compactEvents.append("{" + ([#""id":"\#(id)""#] + chosen.map { $0[0] + ":" + $0[1] }).joined(separator: ",") + "}")
        }
        func file(_ events: [String], _ between: String) -> [UInt8] {
            Array((#"{"incident": {"id": "I", "subject": {"id": "C"}}, "events": ["# + events.joined(separator: between) + "]}").utf8)
        }
        let spaced = try #require(agree(file(spacedEvents, ",\r\n  ")))
        let compact = try #require(agree(file(compactEvents, ",")))
        #expect(spaced.events.count == 400)
        #expect(same(spaced, compact))
        #expect(Set(spaced.events.map(\.type)).count == 2)
        #expect(spaced.events.filter { !$0.data.allSatisfy { $0 == nil } }.count > 200)
        // The shipped sample, spaced: every event as its compact twin.
        let i = try #require(agree(Array(Self.spaced.utf8)))
        #expect(i.events.count == 9)
        #expect(i.events.map(\.id).contains("event-with-a-long-id-7"))
    }

    /// Cut short at every byte (mid-key, mid-id, mid-time, mid-data, between events): the fast
    /// path, whose word reads look ahead, gives up or agrees; it never makes an incident of less.
    @Test(arguments: [sample, compact, repeated, spaced])
    func everyPrefixAgreesOrGivesUp(_ text: String) {
        let base = Array(text.utf8)
        for n in 0..<base.count {
            // Its own exact-size allocation, so that nothing past the cut is there to be read.
            let cut = [UInt8](unsafeUninitializedCapacity: n) { b, count in
                _ = b.initialize(from: base[0..<n]); count = n
            }
            #expect(agree(cut, "cut at \(n)") == nil || n == base.count, "a prefix of \(n) bytes read as a whole incident")
        }
    }

    @Test(arguments: [sample, compact, repeated, spaced])
    func mutatedFilesAgreeOrGiveUp(_ text: String) {
        var rng = SeededRandom(seed: 41)
        let snippets = [#""id": "e1", "#, #""x": 1, "#, "\\u0069", "\\", "\"", "null", "true", "1.5", "1e3", "01", "[", "]", "{", "}", ",", ":", " ", "\u{0}", "\u{1F}",
                        "é", "\u{FEFF}", "\\ud83d", "K", "\u{212A}", "\"risk\": \"high\", ", #""data": {"harmed": true}, "#, "9223372036854775807", "-0", #""id":"#, #""time":"#, #""2020-01-01T03:17:00Z""#, "Z", "z", "\"Z\""]
        let base = Array(text.utf8)
        var accepted = 0
        for _ in 0..<4000 {
            var u = base
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let at = Int.random(in: 0..<u.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: u.remove(at: at)
                case 1: u.insert(contentsOf: snippets.randomElement(using: &rng)!.utf8, at: at)
                case 2: u[at] = UInt8.random(in: 0...255, using: &rng)
                default:
                    let piece = Array(u[at..<min(u.count, at + Int.random(in: 1...40, using: &rng))])
                    u.insert(contentsOf: piece, at: Int.random(in: 0..<u.count, using: &rng))
                }
            }
            if agree(u) != nil { accepted += 1 }
        }
        #expect(accepted > 20)  // damage that leaves the file valid: rarer in compact text
    }

    /// Types that begin alike (`missing.`) one after another, found again in place from the
    /// scanner's cache of types; data keys in any order, in place; ids on both sides of 15 bytes.
    @Test func readsTypesThatBeginAlikeAsTheGeneralPathDoes() throws {
        let pieces = [
            #""missing.reported","time":"2020-01-01T03:17:00Z","data":{"risk":"medium","from":"home"}"#,
            #""missing.found","time":"2020-01-01T04:17:00Z","data":{"harmed":true,"in_danger":false}"#,
            #""missing.reported","time":"2020-01-01T05:17:00Z","data":{"last_seen":"2020-01-01T01:00:00Z","risk":"high"}"#,
            #""missing.risk_changed","time":"2020-01-01T06:17:00Z","data":{"risk":"low"}"#,
            #""missing.found","time":"2020-01-01T07:17:00Z""#,
            #""need_to_know.sent","time":"2020-01-01T08:17:00Z","data":{"to":["police","iro"]}"#,
            #""missing.reported", "time": "2020-01-01T09:17:00Z", "data": { "via" : "emergency" , "risk" : "low" }"#,
            #""rhi.declined","time":"2020-01-01T10:17:00Z","data":{"reason":"not today"}"#,
        ]
        var events: [String] = []
        for k in 0..<40 {
            let id = k % 3 == 0 ? "event-with-a-long-id-\(k)" : "e\(k)"
            events.append(#"{"id":"\#(id)","type":"#  + pieces[k % pieces.count] + "}")
        }
        let text = #"{"incident":{"id":"I","subject":{"id":"C"}},"events":["# + events.joined(separator: ",") + "]}"
        let i = try #require(agree(Array(text.utf8)))
        #expect(i.events.filter { vocabulary.events[$0.type].name == "missing.reported" }.count == 15)
        #expect(Set(i.events.map(\.type)).count == 5)
        #expect(i.events.first { $0.id == "event-with-a-long-id-0" } != nil)
    }

    /// More events than the id table is first made for (it grows), then one id again at the
    /// end: still found.
    @Test func findsARepeatedIdAmongManyShortEvents() throws {
        let events = (0..<5000).map { k in #"{"id":"\#(k)","type":"child.seen","time":"2020-01-01T00:00:00Z"}"# }
        func file(_ events: [String]) -> [UInt8] { Array((#"{"incident":{"id":"I","subject":{"id":"C"}},"events":["# + events.joined(separator: ",") + "]}").utf8) }
        #expect(file(events).count / 64 < events.count)  // more events than the table's first size
        let i = try #require(agree(file(events)))
        #expect(i.events.count == 5000)
        #expect(quick(file(events + [events[1]])) == nil)
        #expect(general(file(events + [events[1]])) == nil)
    }

    /// The subject's facts, marked as read by index: a fact twice (even null, or with the
    /// other value) gives up; each fact once, in any order, reads as the general path does.
    @Test func readsTheSubjectsFactsAsTheGeneralPathDoes() {
        func text(_ facts: String) -> [UInt8] {
            Array(#"{"incident": {"id": "I-1", "subject": {"id": "C-1", "facts": {\#(facts)}}}, "events": []}"#.utf8)
        }
        for repeated in [#""looked_after": true, "looked_after": true"#, #""looked_after": true, "cp_plan": false, "looked_after": false"#,
                         #""cp_plan": null, "cp_plan": null"#, #""cp_plan": null, "cp_plan": true"#] {
            #expect(quick(text(repeated)) == nil, "a fact twice: \(repeated)")
        }
        let names = vocabulary.facts.map(\.name)
        let all = names.enumerated().map { "\"\($1)\": \($0 % 3 == 0 ? "null" : $0 % 2 == 0 ? "true" : "false")" }
        for facts in [all, all.reversed(), []] {
            let i = agree(text(facts.joined(separator: ", ")))
            #expect(i != nil, "each fact once: \(facts)")
        }
    }

    @Test func givesUpOnWhatTheGeneralPathDecides() {
        let head = IncidentReaderTests.head
        for text in [
            head + #"[{"id": "e1", "type": "missing.found", "time": "2026-03-14T22:10:00Z", "note": "x"}]}"#,  // a key it does not read
            head + #"[{"id": "e1", "type": "missing.found", "time": "2026-03-14T22:10:00Z", "id": "e2"}]}"#,  // a key twice
            head + #"[{"id": "e1", "type": "local.thing", "time": "2026-03-14T22:10:00Z"}]}"#,  // not in the vocabulary
            head + #"[{"id": "e1", "type": "icpc.held", "time": "2026-03-14T22:10:00Z", "data": {"plan": true, "agencies": 1.0}}]}"#,
            head + #"[{"id": "e1", "type": "missing.found", "time": "2026-03-14T22:10:00Z"}, {"id": "e1", "type": "missing.found", "time": "2026-03-14T22:10:00Z"}]}"#,
            head + #"[{"id": "K", "type": "missing.found", "time": "2026-03-14T22:10:00Z"}, {"id": "\u212A", "type": "missing.found", "time": "2026-03-14T22:10:00Z"}]}"#,
            #"{"incident": {"id": "I-1", "subject": {"id": "C-1"}}, "events": [], "extra": 1}"#,
            // Names and values matched in place: a prefix of one, or one with more after it, is not it.
            head + #"[{"id": "e1", "type": "missing.risk_changed", "time": "2026-03-14T22:10:00Z", "data": {"ris": "high"}}]}"#,
            head + #"[{"id": "e1", "type": "missing.risk_changed", "time": "2026-03-14T22:10:00Z", "data": {"risky": "high"}}]}"#,
            head + #"[{"id": "e1", "type": "missing.risk_changed", "time": "2026-03-14T22:10:00Z", "data": {"risk": "hig"}}]}"#,
            head + #"[{"id": "e1", "type": "missing.risk_changed", "time": "2026-03-14T22:10:00Z", "data": {"risk": "highest"}}]}"#,
            head + #"[{"id": "e1", "type": "missing.risk_changed", "time": "2026-03-14T22:10:00Z", "data": {"risk": "h\u0069gh"}}]}"#,
            head + #"[{"id": "e1", "type": "missing.risk_changed", "time": "2026-03-14T22:10:00Z", "data": {"r\u0069sk": "high"}}]}"#,
            head + #"[{"id": "e1", "type": "missing.found", "time": "2026-03-14T22:10:00Z"}, {"id": "e2", "type": "missing.foundling", "time": "2026-03-14T22:10:00Z"}]}"#,
            head + #"[{"id": "e1", "type": "missing.found", "time": "2026-03-14T22:10:00Z"}, {"id": "e2", "type": "missing.foun", "time": "2026-03-14T22:10:00Z"}]}"#,
            // A type with a required field, without data: after one of another type without data, and after one with its data.
            head + #"[{"id":"e1","type":"missing.found","time":"2026-03-14T22:10:00Z"},{"id":"e2","type":"notification.sent","time":"2026-03-14T22:10:00Z"}]}"#,
            head + #"[{"id":"e1","type":"notification.sent","time":"2026-03-14T22:10:00Z","data":{"to":"police"}},{"id":"e2","type":"notification.sent","time":"2026-03-14T22:10:00Z"}]}"#,
            head + #"[{"id":"e1","type":"notification.sent","time":"2026-03-14T22:10:00Z","data":{"to":"police"}},{"id":"e2","type":"notification.sent","time":"2026-03-14T22:10:00Z","data":{"to":"police","to":"police"}}]}"#,
            // Spaced keys known by a word: a key again after them, a value of the wrong kind, a key
            // that only begins like one, a member without its comma.
            head + #"[{"id": "e1", "type": "missing.found", "time": "2026-03-14T22:10:00Z", "data": {"harmed": true}, "type": "missing.found"}]}"#,
            head + #"[{"id": "e1", "type": "missing.found", "time": "2026-03-14T22:10:00Z", "time": "2026-03-14T22:10:00Z"}]}"#,
            head + #"[{"id": "e1", "type": 5, "time": "2026-03-14T22:10:00Z"}]}"#,
            head + #"[{"id": 1, "type": "missing.found", "time": "2026-03-14T22:10:00Z"}]}"#,
            head + #"[{"id": "e1", "type": "missing.found", "time": 1584223800}]}"#,
            head + #"[{"id": "e1", "type": "missing.found", "time": "2026-03-14T22:10:00Z", "data": [true]}]}"#,
            head + #"[{"id": "e1", "types": "missing.found", "time": "2026-03-14T22:10:00Z"}]}"#,
            head + #"[{"id": "e1" "type": "missing.found", "time": "2026-03-14T22:10:00Z"}]}"#,
            head + #"[{"id": "e1",, "type": "missing.found", "time": "2026-03-14T22:10:00Z"}]}"#,
            head + #"[{"id": "e1", "type": "missing.found", "time": "2026-03-14T22:10:00Z",}]}"#,
            head + "[{\"id\": \"e1\",\u{0B}\"type\": \"missing.found\", \"time\": \"2026-03-14T22:10:00Z\"}]}",  // a vertical tab is not JSON's space
            head + "[{\"id\": \"e1\",\u{A0}\"type\": \"missing.found\", \"time\": \"2026-03-14T22:10:00Z\"}]}",
        ] {
            #expect(quick(Array(text.utf8)) == nil, "\(text)")
        }
    }
}

/// SplitMix64: the same damage on every run, so a failure can be found again.
struct SeededRandom: RandomNumberGenerator {
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
