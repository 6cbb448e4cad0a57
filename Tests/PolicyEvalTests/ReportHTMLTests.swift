import Foundation
import Testing
@testable import PolicyEval

/// The HTML report as a pure function of a report and its events: the marks each status gets.
@Suite struct ReportHTMLMarks {
    let p = try! policy("""
    rules:
      - id: interview
        cite: "1"
        when: {event: missing.found}
        require: {action: rhi.completed, within: 72h, unless: [rhi.declined]}
      - id: not-too-soon
        cite: "2"
        when: {event: missing.found}
        require: {action: strategy_discussion.held, within: 10d, not_before: 2d}
      - id: plan-first
        cite: "3"
        when: {event: recovery_order.decided, if: event.granted}
        require: {action: recovery_order.execution_planned, before: [recovery_order.executed]}
    """)

    func page(zone: String = "Europe/London") throws -> (Report, String) {
        let i = try incident([("m1", "missing.reported", "2026-03-14T22:10:00Z", ["risk": "low"]),
                              ("f1", "missing.found", "2026-03-15T09:30:00Z", [:]),
                              ("s1", "strategy_discussion.held", "2026-03-15T12:00:00Z", [:]),
                              ("d1", "rhi.declined", "2026-03-16T10:00:00Z", [:]),
                              ("r1", "recovery_order.decided", "2026-03-16T11:00:00Z", ["granted": true]),
                              ("late1", "missing.reported", "2026-04-30T10:00:00Z", ["risk": "low"])], zone: zone)
        let r = try evaluate(p, i, asOf: "2026-03-20T09:00:00Z")
        return (r, ReportHTML.render(r, events: ReportHTML.events(of: i, vocabulary: p.vocabulary)))
    }

    @Test func eachStatusHasItsMarkAndWord() throws {
        let (r, html) = try page()
        #expect(r.obligations.map(\.status.rawValue).sorted() == ["cancelled", "early", "pending"])
        #expect(html.components(separatedBy: "<rect class=\"duty ").count - 1 == 3)
        #expect(html.contains("<rect class=\"duty s-cancelled\""))
        #expect(html.contains("<path class=\"cancel\""))           // a cross where the interview was declined
        #expect(html.contains("<line class=\"window\""))           // where the early one's window opened
        #expect(html.contains("<path class=\"open-end\""))         // the duty with no date yet runs on
        #expect(html.contains("with no date yet"))
        #expect(html.contains("<span class=\"badge s-early\">Early</span>"))
        #expect(html.contains("fill=\"url(#pat-early)\""))
        #expect(html == (try page()).1)
    }

    @Test func eventsAfterTheEvaluationInstantAreLeftOut() throws {
        let (_, html) = try page()
        #expect(html.contains("<h2 id=\"h-events\">Events <span class=\"count\">(5)</span></h2>"))
        #expect(!html.contains("<td><code>late1</code></td>"))
        #expect(html.contains("is after the evaluation instant"))  // the report's own note says so
    }

    @Test func timesAreLocalToTheIncidentsZone() throws {
        let (_, html) = try page(zone: "America/New_York")
        #expect(html.contains("Times are local to America/New_York."))
        #expect(html.contains("Sun 15 Mar 2026 05:30 \(try Zone(identifier: "America/New_York").abbreviation(at: instant("2026-03-15T09:30:00Z")))"))  // as the text report writes it
    }

    @Test func escapesTextAndAttributes() {
        #expect(ReportHTML.escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(ReportHTML.escape("a\u{0}b\u{1B}c\td") == "a\u{FFFD}b\u{FFFD}c\td")
    }
}
