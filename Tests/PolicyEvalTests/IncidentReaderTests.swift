import Foundation
import Testing
@testable import PolicyEval

/// Every bad input of the incident contract: a clear error naming the event and field.
@Suite struct IncidentReaderTests {
    let reader = IncidentReader(vocabulary: vocabulary)

    func error(_ json: String) -> IncidentError? {
        do {
            _ = try reader.read(Data(json.utf8), file: "in.json")
            return nil
        } catch { return error }
    }

    static let head = #"{"incident": {"id": "I-1", "subject": {"id": "C-1"}}, "events": "#

    @Test(arguments: [
        ("not json", nil, nil, "not valid JSON"),
        ("[]", nil, nil, "must be a JSON object"),
        (#"{"events": []}"#, nil, "incident", "missing"),
        (#"{"incident": {"id": "I-1", "subject": {"id": "C-1"}}}"#, nil, "events", "missing"),
        (#"{"incident": {"id": "I-1", "subject": {"id": "C-1"}}, "events": {}}"#, nil, "events", "array"),
        (#"{"incident": {"subject": {"id": "C-1"}}, "events": []}"#, nil, "incident.id", "required"),
        (#"{"incident": {"id": "I-1", "timezone": "Europe/Londn", "subject": {"id": "C-1"}}, "events": []}"#, nil, "incident.timezone", #"unknown time zone "Europe/Londn"; did you mean "Europe/London"?"#),
        // Abbreviations and fixed offsets Foundation would read as somewhere else (BST as Bangladesh).
        (#"{"incident": {"id": "I-1", "timezone": "BST", "subject": {"id": "C-1"}}, "events": []}"#, nil, "incident.timezone", #""BST" is not a time zone name"#),
        (#"{"incident": {"id": "I-1", "timezone": "BST", "subject": {"id": "C-1"}}, "events": []}"#, nil, "incident.timezone", #"for the UK use "Europe/London""#),
        (#"{"incident": {"id": "I-1", "timezone": "IST", "subject": {"id": "C-1"}}, "events": []}"#, nil, "incident.timezone", #""IST" is not a time zone name"#),
        (#"{"incident": {"id": "I-1", "timezone": "GMT+5", "subject": {"id": "C-1"}}, "events": []}"#, nil, "incident.timezone", "fixed offset, and ambiguous"),
        (#"{"incident": {"id": "I-1", "timezone": "Etc/GMT+5", "subject": {"id": "C-1"}}, "events": []}"#, nil, "incident.timezone", "fixed offset, and ambiguous"),
        (#"{"incident": {"id": "I-1", "timezone": "Alex Doe", "subject": {"id": "C-1"}}, "events": []}"#, nil, "incident.timezone", "a string of 8 characters (not shown"),
        (#"{"incident": {"id": "I-1", "subject": {"id": "C-1", "facts": {"looked_afer": true}}}, "events": []}"#, nil, "incident.subject.facts.looked_afer", "did you mean 'looked_after'"),
        (#"{"incident": {"id": "I-1", "subject": {"id": "C-1", "facts": {"cp_plan": "yes"}}}, "events": []}"#, nil, "incident.subject.facts.cp_plan", "true or false"),
        (#"{"incident": {"id": "I-1", "subject": {"id": "C-1", "born": "2010-02-30"}}, "events": []}"#, nil, "incident.subject.born", "date"),
        (head + #"[{"type": "missing.found", "time": "2026-03-14T22:10:00Z"}]}"#, "[0]", "id", "required"),
        (head + #"[{"id": "e1", "type": "missing.found", "time": "2026-03-14T22:10:00Z"}, {"id": "e1", "type": "missing.found", "time": "2026-03-14T22:10:00Z"}]}"#, "e1", "id", "duplicate"),
        (head + #"[{"id": "e1", "time": "2026-03-14T22:10:00Z"}]}"#, "e1", "type", "required"),
        (head + #"[{"id": "e1", "type": "missing.found"}]}"#, "e1", "time", "required"),
        (head + #"[{"id": "e1", "type": "missing.found", "time": "2026-03-14T22:10:00"}]}"#, "e1", "time", "no offset"),
        (head + #"[{"id": "e1", "type": "missing.found", "time": "2026-02-30T22:10:00Z"}]}"#, "e1", "time", "impossible date"),
        (head + #"[{"id": "e1", "type": "missing.fond", "time": "2026-03-14T22:10:00Z"}]}"#, "e1", "type", #"unknown event type "missing.fond"; did you mean "missing.found"?"#),
        (head + #"[{"id": "e1", "type": "missing.reported", "time": "2026-03-14T22:10:00Z", "data": {"risk": "severe"}}]}"#, "e1", "data.risk", "one of \"high\", \"medium\", \"low\""),
        (head + #"[{"id": "e1", "type": "missing.reported", "time": "2026-03-14T22:10:00Z"}]}"#, "e1", "data.risk", "required"),
        (head + #"[{"id": "e1", "type": "missing.found", "time": "2026-03-14T22:10:00Z", "data": {"harmed": "no"}}]}"#, "e1", "data.harmed", "true or false"),
        (head + #"[{"id": "e1", "type": "missing.found", "time": "2026-03-14T22:10:00Z", "data": {"harmd": true}}]}"#, "e1", "data.harmd", "did you mean 'harmed'"),
        (head + #"[{"id": "e1", "type": "missing.reported", "time": "2026-03-14T22:10:00Z", "data": {"risk": "low", "last_seen": "yesterday"}}]}"#, "e1", "data.last_seen", "RFC 3339"),
        (head + #"[{"id": 7, "type": "missing.found", "time": "2026-03-14T22:10:00Z"}]}"#, "[0]", "id", "string"),
        (head + #"["e1"]}"#, "[0]", nil, "must be a JSON object"),
        // Unknown keys are errors at every level, never dropped.
        (head + #"[{"id": "e1", "type": "missing.found", "time": "2026-03-14T22:10:00Z", "Data": {"harmed": true}}]}"#, "e1", "Data", "unknown key in an event; did you mean 'data'?"),
        (head + #"[{"ID": "e1", "type": "missing.found", "time": "2026-03-14T22:10:00Z"}]}"#, "[0]", "ID", "did you mean 'id'?"),
        (head + #"[{"id": "e1", "type": "missing.found", "time": "2026-03-14T22:10:00Z", "Jane Smith": 1}]}"#, "e1", "<a key of 10 characters>", "unknown key in an event; the keys here are id, type, time, data, specversion, source, subject, datacontenttype"),
        (#"{"incident": {"id": "I-1", "time_zone": "Europe/Paris", "subject": {"id": "C-1"}}, "events": []}"#, nil, "incident.time_zone", #"unknown key in "incident"; did you mean 'timezone'?"#),
        (#"{"incident": {"id": "I-1", "subject": {"id": "C-1", "dob": "2010-01-01"}}, "events": []}"#, nil, "incident.subject.dob", "the keys here are id, born, facts"),
        (#"{"incident": {"id": "I-1", "subject": {"id": "C-1"}}, "events": [], "evnts": []}"#, nil, "evnts", "unknown key at the top of the file; did you mean 'events'?"),
        (#"{"incident": {"id": "I-1", "policy": 7, "subject": {"id": "C-1"}}, "events": []}"#, nil, "incident.policy", "policy id"),
        (head + #"[{"id": "e1", "type": "missing.found", "time": "2026-03-14T22:10:00Z", "data": {"Harmed": true}}]}"#, "e1", "data.Harmed", "did you mean 'harmed'"),
    ] as [(String, String?, String?, String)])
    func badInput(_ json: String, _ event: String?, _ field: String?, _ words: String) throws {
        let e = try #require(error(json))
        #expect(e.event == event, "\(e)")
        #expect(e.field == field, "\(e)")
        #expect(e.description.contains(words), "\(e)")
        #expect(e.description.hasPrefix("in.json"))
    }

    /// Found by `make fuzz` (scripts/cli-fuzz.py): warnings about left-out events came in
    /// file order, so the same events in another order gave another report.
    @Test func warningsComeInTheOrderOfTheEvents() throws {
        let reader = IncidentReader(vocabulary: vocabulary, unknownTypesAreWarnings: true)
        let a = #"{"id": "a", "type": "zzz.one", "time": "2026-03-14T10:00:00Z"}"#
        let b = #"{"id": "b", "type": "zzz.two", "time": "2026-03-14T09:00:00Z"}"#
        let c = #"{"id": "c", "type": "zzz.three", "time": "2026-03-14T09:00:00Z"}"#
        let known = #"{"id": "k", "type": "rhi.completed", "time": "2026-03-14T08:00:00Z"}"#
        let (_, one) = try reader.read(Data((Self.head + "[\(a), \(b), \(c)]}").utf8), file: "in.json")
        let (_, two) = try reader.read(Data((Self.head + "[\(b), \(a), \(c)]}").utf8), file: "in.json")
        // With an event of a known type too (the byte reader gives up on the unknown ones).
        let (i3, three) = try reader.read(Data((Self.head + "[\(a), \(known), \(b), \(c)]}").utf8), file: "in.json")
        #expect(one.map(\.event) == ["b", "c", "a"])
        #expect(one == two)
        #expect(three == one)
        #expect(i3.events.map(\.id) == ["k"])
    }

    @Test func eventsAreSortedByTimeWithTiesInFileOrder() throws {
        let json = Self.head + """
        [{"id": "b", "type": "rhi.completed", "time": "2026-03-14T22:10:00Z"},
         {"id": "a", "type": "rhi.completed", "time": "2026-03-14T21:10:00Z"},
         {"id": "c", "type": "rhi.completed", "time": "2026-03-14T23:10:00+01:00"},
         {"id": "d", "type": "rhi.completed", "time": "2026-03-14T22:10:00Z", "specversion": "1.0", "source": "cms",
          "subject": "C-1", "datacontenttype": "application/json"}]}
        """
        let (i, _) = try reader.read(Data(json.utf8), file: "in.json")
        #expect(i.events.map(\.id) == ["a", "b", "c", "d"])
        #expect(i.zone.identifier == "Europe/London")
    }

    @Test func unknownKeysInStreamsAreErrorsToo() throws {
        var notes: [ReportDiagnostic] = []
        let line = #"{"id": "e1", "type": "missing.found", "time": "2026-03-14T22:10:00Z", "Data": {"harmed": true}}"#
        do {
            _ = try reader.readEventLine(Data(line.utf8), number: 3, file: "s.jsonl", diagnostics: &notes)
            Issue.record("read")
        } catch {
            #expect(error.description == "s.jsonl:3: event e1: field 'Data': unknown key in an event; did you mean 'data'?")
        }
        do {
            _ = try reader.readSubject(Data(#"{"incident": {"id": "I-1", "subject": {"id": "C-1"}, "time_zone": "UTC"}}"#.utf8), file: "s.json")
            Issue.record("read")
        } catch {
            #expect(error.field == "incident.time_zone")
        }
    }

    @Test func unknownTypesCanBeDowngradedToWarnings() throws {
        let lenient = IncidentReader(vocabulary: vocabulary, unknownTypesAreWarnings: true)
        let json = Self.head + #"[{"id": "e1", "type": "local.thing", "time": "2026-03-14T22:10:00Z"}]}"#
        let (i, notes) = try lenient.read(Data(json.utf8), file: "in.json")
        #expect(i.events.isEmpty)
        #expect(notes.first?.event == "e1")
    }

    @Test(arguments: ["", "{", "[[[[", "{\"incident\": null, \"events\": null}", "\u{FEFF}{}", "{\"incident\": {\"id\": \"\"}}"])
    func neverCrashes(_ text: String) {
        _ = try? reader.read(Data(text.utf8), file: "x.json")
    }

    @Test func freeTextInABadValueIsNotEchoed() {
        let e = error(Self.head + #"[{"id": "e1", "type": "child.seen", "time": "2026-03-14T22:10:00Z", "data": {"alone": "Jane Elizabeth Smith"}}]}"#)
        #expect(e?.event == "e1" && e?.field == "data.alone")
        #expect(e?.description.contains("Jane") == false)
        #expect(e?.description.contains("a string of 20 characters") == true)
        let t = error(Self.head + #"[{"id": "e1", "type": "missing.found", "time": "NHS 943 476 5919"}]}"#)
        #expect(t?.description.contains("943") == false)
        let key = error(Self.head + #"[{"id": "e1", "type": "child.seen", "time": "2026-03-14T22:10:00Z", "data": {"Jane Smith 07700900123": true}}]}"#)
        #expect(key?.field == "data.<a key of 22 characters>")
        let shortCode = error(Self.head + #"[{"id": "e1", "type": "missing.reported", "time": "2026-03-14T22:10:00Z", "data": {"risk": "severe"}}]}"#)
        #expect(shortCode?.description.contains("\"severe\"") == true)
    }
}
