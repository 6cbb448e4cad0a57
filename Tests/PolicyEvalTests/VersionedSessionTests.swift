import Foundation
import Testing
@testable import PolicyEval

/// A stream of events applies, like batch `check`, the version in force on the day each duty arose.
@Suite struct VersionedSessionTests {
    func versions() throws -> (PolicyVersions, ScratchPolicies) {
        let s = try ScratchPolicies("versioned-session", authorityVocabulary: nil,
                                    files: ["missing-2020.yaml": version2020, "missing-2024.yaml": version2024])
        let library = PolicyLibrary.load([s.auth])
        return (try #require(library.versions["example-missing"]), s)
    }

    func record() throws -> Incident {
        try incident([
            ("r1", "missing.reported", "2024-03-29T20:00:00Z", ["risk": "high"]),
            ("f1", "missing.found", "2024-03-30T10:00:00Z", [:]),       // under 2020-01: 72 hours
            ("r2", "missing.reported", "2024-04-02T08:00:00Z", ["risk": "high"]),
            ("i1", "rhi.completed", "2024-04-02T09:00:00Z", [:]),       // answers f1's duty (and only that one)
            ("f2", "missing.found", "2024-04-02T10:00:00Z", [:]),       // under 2024-04: 3 working days
            ("s1", "strategy_discussion.held", "2024-04-03T09:00:00Z", [:]),
        ])
    }

    @Test func aStreamFedEventByEventGivesTheBatchReport() throws {
        let (versions, scratch) = try versions()
        defer { scratch.remove() }
        let i = try record()
        for asOf in ["2024-04-02T09:30:00Z", "2024-04-20T09:00:00Z"].map(instant) {
            var session = VersionedSession(versions: versions, incidentID: i.id, zone: i.zone, subject: i.subject)
            for (n, e) in i.events.enumerated() where e.time <= asOf {
                try session.ingest(e)
                if n == 2 { session = try VersionedSession(versions: versions, restoring: try session.encoded()) }
            }
            let streamed = try session.report(asOf: asOf)
            var batch = try Evaluation.evaluate(i, versions: versions, asOf: asOf)
            // Batch is given the later events too, and says it leaves them out; the stream never saw them.
            batch.diagnostics.removeAll { $0.message.contains("is after the evaluation instant") }
            #expect(streamed == batch)
            #expect(!streamed.versions.isEmpty)
        }
        let final = try Evaluation.evaluate(i, versions: versions, asOf: instant("2024-04-20T09:00:00Z"))
        #expect(final.obligations.map { "\($0.rule) \($0.triggeredBy) \($0.policyVersion ?? "-")" } == [
            "rhi f1 2020-01", "high-risk-strategy r2 2024-04", "rhi f2 2024-04",
        ])
        #expect(final.obligations.first?.status == .met)
    }

    @Test func eachChangeIsReportedOnceByTheVersionItsDutyFollows() throws {
        let (versions, scratch) = try versions()
        defer { scratch.remove() }
        let i = try record()
        var session = VersionedSession(versions: versions, incidentID: i.id, zone: i.zone, subject: i.subject)
        var changes: [String: [Change]] = [:]
        for e in i.events { changes[e.id] = try session.ingest(e) }
        #expect(changes["r1"] == [])   // the 2020 version has no strategy rule
        #expect(changes["f1"] == [.opened(rule: "rhi", triggeredBy: "f1", due: instant("2024-04-02T10:00:00Z"))])
        #expect(changes["r2"] == [.opened(rule: "high-risk-strategy", triggeredBy: "r2", due: instant("2024-04-02T16:00:00Z"))])
        #expect(changes["i1"] == [.discharged(rule: "rhi", status: .met, by: "i1")])
        #expect(changes["f2"]?.count == 1)
        let later = try session.advance(to: instant("2024-04-20T09:00:00Z"))
        #expect(later == [.overdue(rule: "rhi", since: instant("2024-04-05T22:59:59Z"))])
    }

    @Test func restoringWithOtherVersionsIsRefusedInWords() throws {
        let (versions, scratch) = try versions()
        defer { scratch.remove() }
        let i = try record()
        let saved = try VersionedSession(versions: versions, incidentID: i.id, zone: i.zone, subject: i.subject).encoded()
        let error = #expect(throws: EvaluationError.self) { try VersionedSession(versions: PolicyVersions(versions.latest), restoring: saved) }
        #expect(error?.message.contains("saved with versions 2020-01, 2024-04") == true)
        // The right versions but no sessions (not made by `encoded()`): refused, not a crash.
        var object = try #require(try JSONSerialization.jsonObject(with: saved) as? [String: Any])
        object["sessions"] = [Any]()
        let emptied = try JSONSerialization.data(withJSONObject: object)
        let empty = #expect(throws: EvaluationError.self) { try VersionedSession(versions: versions, restoring: emptied) }
        #expect(empty?.message.contains("holds 0 sessions for 2 versions") == true, "\(String(describing: empty?.message))")
    }
}
