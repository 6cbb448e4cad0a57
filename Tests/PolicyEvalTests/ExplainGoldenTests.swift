import Foundation
import Testing
@testable import PolicyEval

/// `explain` and `graph` output an auditor reads, against files in Golden/explain. Set
/// UPDATE_GOLDEN=1 to rewrite the expected files after a deliberate change.
@Suite struct ExplainGoldenTests {
    let dir = goldenDir + "/explain"

    func matches(_ rendered: String, _ name: String) throws {
        let path = "\(dir)/\(name)"
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] != nil {
            try rendered.write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect(rendered == (try String(contentsOfFile: path, encoding: .utf8)))
    }

    /// Which events each count, episodes, exists and latest term counted, with ids and times.
    @Test func explainShowsTheCountsBehindACondition() throws {
        let input = IncidentInput(incidentPath: "\(dir)/counts.json", policy: "\(dir)/counts.rules.yaml", policiesDir: policiesDir)
        let r = ExplainCommand.run(.init(input: input, rule: "repeat-rhi", asOf: "2026-03-05T00:00:00Z"), now: instant("2026-03-05T00:00:00Z"))
        #expect(r.exitCode == 0, "\(r.stderr)")
        try matches(r.stdout, "counts.explain.expected")
    }

    /// `only_if`, conditional `unless` and conditional `before` drawn on their edges, escaped as labels are.
    @Test(arguments: GraphRenderer.Format.allCases)
    func graphDrawsConditionsOnEdges(_ format: GraphRenderer.Format) throws {
        let p = try policy("""
        rules:
          - id: told
            cite: "9"
            when: {event: recovery_order.executed}
            require:
              action: notification.sent
              only_if: 'event.to == "parents" and count(missing.reported, within: 28d) < 2'
              within: 1d
              unless: [{event: notification.withheld, if: 'event.to == "parents"'}]
              before: [cp_plan.ended, {event: review_conference.held, if: 'not event.plan_continues'}]
        """)
        try matches(GraphRenderer.render(p, format: format), "edges.\(format.rawValue).expected")
    }
}
