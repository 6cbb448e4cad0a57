import Foundation
import Testing
@testable import PolicyEval

/// A policies folder made for one test: the shipped core vocabulary and calendars, and an
/// authority folder `auth` with the given vocabulary and rule files.
struct ScratchPolicies {
    let root: String
    var auth: String { root + "/auth" }

    init(_ name: String, authorityVocabulary: String?, files: [String: String]) throws {
        let fm = FileManager.default
        root = fm.temporaryDirectory.appendingPathComponent("policyeval-\(name)-\(getpid())-\(UUID().uuidString.prefix(8))").path
        try fm.createDirectory(atPath: root + "/auth", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/calendars", withIntermediateDirectories: true)
        try fm.copyItem(atPath: policiesDir + "/vocabulary.yaml", toPath: root + "/vocabulary.yaml")
        for c in ["england-and-wales", "scotland"] {
            try fm.copyItem(atPath: policiesDir + "/calendars/\(c).yaml", toPath: root + "/calendars/\(c).yaml")
        }
        if let v = authorityVocabulary { try v.write(toFile: auth + "/vocabulary.yaml", atomically: true, encoding: .utf8) }
        for (file, text) in files { try text.write(toFile: auth + "/" + file, atomically: true, encoding: .utf8) }
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    /// The line (1-based) of the first line of `file` containing `text`.
    func line(of text: String, in file: String) throws -> Int {
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        return try #require(lines.firstIndex { $0.contains(text) }) + 1
    }
}

let authorityVocabulary = """
vocabulary: example-council
extends: core
facts:
  awaiting_intake: {type: bool, meaning: referred and waiting for the council's intake decision}
events:
  intake.requested: {data: {urgent?: bool}, sets: {awaiting_intake: true}}
  intake.decided: {data: {outcome: refer|close}, sets: {awaiting_intake: false}}
fields:
  missing.found: {police_ref?: string, debriefed?: bool}
roles:
  keeper_of_register: Keeper of the child protection register

"""

let authorityPolicy = """
policy: example-triage
title: Triage
authority: Example Council
version: "1"
source: Example triage protocol
calendar: england-and-wales
rules:
  - id: triage-within-a-day
    cite: "1"
    when: {event: intake.requested}
    require: {action: intake.decided, responsible: keeper_of_register, within: 1wd}
  - id: debrief-after-return
    cite: "2"
    when: {event: missing.found, if: 'not event.debriefed and facts.awaiting_intake'}
    notify: [keeper_of_register]

"""

@Suite struct AuthorityVocabularyTests {
    @Test func anAuthorityAddsEventTypesFieldsFactsAndRoles() throws {
        let s = try ScratchPolicies("authority-vocabulary", authorityVocabulary: authorityVocabulary, files: ["triage.yaml": authorityPolicy])
        defer { s.remove() }
        let library = PolicyLibrary.load([s.auth])
        #expect(library.diagnostics.items.isEmpty, "\(DiagnosticRenderer(sources: library.sources).render(library.diagnostics))")
        let p = try #require(library.policies.first)
        #expect(p.vocabulary.name == "example-council" && p.vocabulary.extends == "core")
        // The core's event types keep their ids; the authority's come after them.
        #expect(p.vocabulary.eventIDs["missing.found"] == vocabulary.eventIDs["missing.found"])
        #expect(p.vocabulary.eventIDs["intake.requested"] == vocabulary.events.count)
        #expect(p.vocabulary.event(named: "missing.found")?.fields.map(\.name).suffix(2) == ["police_ref", "debriefed"])
        #expect(p.calendar.name == "england-and-wales")

        // An incident with the authority's types and fields, read against the policy's vocabulary.
        let object: [String: Any] = [
            "incident": ["id": "T-1", "subject": ["id": "C-1", "facts": [:] as [String: Any]]],
            "events": [
                ["id": "e1", "type": "missing.reported", "time": "2026-03-02T10:00:00Z", "data": ["risk": "low"]],
                ["id": "e2", "type": "intake.requested", "time": "2026-03-02T11:00:00Z", "data": [:] as [String: Any]],
                ["id": "e3", "type": "missing.found", "time": "2026-03-02T12:00:00Z", "data": ["police_ref": "P-9"]],
            ],
        ]
        let (incident, _) = try IncidentReader(vocabulary: p.vocabulary).read(JSONSerialization.data(withJSONObject: object), file: "i.json")
        let report = try Evaluation.evaluate(incident, policy: p, asOf: instant("2026-03-04T09:00:00Z"))
        #expect(report.obligations.map(\.status) == [.overdue])
        #expect(report.obligations.first?.responsible == "keeper_of_register")
        #expect(report.escalations.map(\.notify) == [["keeper_of_register"]])
        // The core alone does not know them.
        #expect(throws: IncidentError.self) { try IncidentReader(vocabulary: vocabulary).read(JSONSerialization.data(withJSONObject: object), file: "i.json") }
    }

    @Test func clashesWithTheCoreAreErrorsAtBothPlaces() throws {
        let clashing = """
        vocabulary: example-council
        extends: cor
        facts:
          cp_plan: {type: bool}
        events:
          missing.found: {data: {harmed?: bool}}
        fields:
          missing.found: {harmed?: bool, police_ref: string}
          missing.fond: {note?: string}
        roles:
          iro: Our reviewing officer
        episodes:
          triage: {opened_by: missing.reported, closed_by: missing.found}

        """
        let s = try ScratchPolicies("vocabulary-clash", authorityVocabulary: clashing, files: ["triage.yaml": authorityPolicy])
        defer { s.remove() }
        let library = PolicyLibrary.load([s.auth])
        let d = library.diagnostics.sorted.filter { $0.location?.file.hasSuffix("auth/vocabulary.yaml") == true }
        #expect(d.map(\.id) == ["vocabulary.extends", "vocabulary.clash", "vocabulary.clash", "vocabulary.clash", "vocabulary.required-field",
                                "unknown-event-type", "vocabulary.clash", "vocabulary.episodes"])
        #expect(d[0].suggestion == "core")
        #expect(d[3].suggestion == nil && d[4].suggestion == "police_ref?" && d[5].suggestion == "missing.found")
        // Each clash points at the core's declaration too: file, line and column.
        let core = s.root + "/vocabulary.yaml"
        let fact = try #require(d[1].notes.first?.location)
        let factLine = try s.line(of: "  cp_plan:", in: core), eventLine = try s.line(of: "  missing.found:", in: core)
        let iroLine = try s.line(of: "  iro:", in: core)
        #expect(fact.file == core && fact.line == factLine && fact.column == 3)
        #expect(d[1].location?.line == 4 && d[1].location?.column == 3)
        #expect(d[1].message.contains("fact 'cp_plan' is already declared in the core vocabulary (\(core):\(fact.line):3)"))
        let event = try #require(d[2].notes.first?.location)
        #expect(event.line == eventLine)
        let field = try #require(d[3].notes.first?.location)
        #expect(field.line == event.line && field.column > 3)
        #expect(d[6].notes.first?.location?.line == iroLine)
        // The rendering shows both lines.
        let text = DiagnosticRenderer(sources: library.sources).render(library.diagnostics)
        #expect(text.contains("auth/vocabulary.yaml:4:3: error: fact 'cp_plan' is already declared"))
        #expect(text.contains("\(core):\(fact.line):3: note: 'cp_plan' is declared here"))
        #expect(library.policies.isEmpty)
        // The vocabulary named on its own is checked as a vocabulary, with the same errors.
        let alone = PolicyLibrary.load([s.auth + "/vocabulary.yaml"])
        #expect(alone.diagnostics.sorted.map(\.id) == d.map(\.id))
    }

    @Test func existingFoldersKeepTheCore() throws {
        // A folder without its own vocabulary uses the core as before.
        let s = try ScratchPolicies("no-authority-vocabulary", authorityVocabulary: nil, files: [
            "p.yaml": authorityPolicy.replacingOccurrences(of: "intake.requested", with: "referral.accepted")
                .replacingOccurrences(of: "intake.decided", with: "referral.decided")
                .replacingOccurrences(of: "responsible: keeper_of_register, ", with: "")
                .replacingOccurrences(of: "not event.debriefed and facts.awaiting_intake", with: "event.harmed")
                .replacingOccurrences(of: "[keeper_of_register]", with: "[iro]"),
        ])
        defer { s.remove() }
        let library = PolicyLibrary.load([s.auth])
        #expect(library.diagnostics.items.isEmpty)
        #expect(library.policies.first?.vocabulary.name == "core")
        // An authority's type used without its vocabulary is unknown, with the nearest suggested.
        let t = try ScratchPolicies("no-authority-vocabulary-2", authorityVocabulary: nil, files: ["triage.yaml": authorityPolicy])
        defer { t.remove() }
        let refused = PolicyLibrary.load([t.auth])
        #expect(refused.diagnostics.items.contains { $0.id == "unknown-event-type" })
    }
}
