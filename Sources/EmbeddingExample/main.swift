// A runnable example of embedding PolicyEval in a service that receives events one
// at a time: `swift run EmbeddingExample`. It feeds the demo incident's events to a
// session, prints what each one changed, saves and restores the session midway (as a
// service would between requests), and prints the final report.
import Foundation
import PolicyEval

let library = PolicyLibrary.load(["Policies/bcp/missing-children.yaml"])
guard let policy = library.policies.first else {
    print(DiagnosticRenderer(sources: library.sources).render(library.diagnostics))
    exit(2)
}

let reader = IncidentReader(vocabulary: policy.vocabulary)
let file = "Examples/bcp-medium-risk-overnight.json"
guard let data = FileManager.default.contents(atPath: file) else {
    print("run from the repository root: cannot read \(file)")
    exit(2)
}
let (incident, _) = try reader.read(data, file: file)

var session = Session(policy: policy, incidentID: incident.id, zone: incident.zone, subject: incident.subject)
for (n, event) in incident.events.enumerated() {
    for change in try session.ingest(event) {
        print("\(event.id): \(change)")
    }
    if n == 2 {
        // Between events a service keeps only these bytes, and restores them later.
        let saved = try session.encoded()
        session = try Session(policy: policy, restoring: saved)
        print("(session saved and restored: \(saved.count) bytes)")
    }
}
let asOf = try Instant(rfc3339: "2026-03-20T09:00:00Z")
print(ReportText.render(try session.report(asOf: asOf)))
