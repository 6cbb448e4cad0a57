import Foundation
import Testing

/// `check --format html`: one self-contained page, the same bytes for the same inputs.
@Suite struct HTMLReportTests {
    static let asOf = "2026-03-20T09:00:00Z"

    static func page(_ incident: String = demo, asOf: String = asOf) throws -> CLI.Result {
        try CLI.run(["check", incident, "--as-of", asOf, "--format", "html"])
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func matchesTheGoldenPage() throws {
        let r = try Self.page()
        #expect(r.status == 1)  // the exit status does not depend on the format
        #expect(r.stderr.isEmpty)
        let golden = CLI.root.appendingPathComponent("Tests/PolicyEvalCLITests/Golden/bcp-medium-risk-overnight.html").path
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] != nil { try r.stdout.write(toFile: golden, atomically: true, encoding: .utf8) }
        #expect(r.stdout == (try String(contentsOfFile: golden, encoding: .utf8)))
        #expect(r.stdout == (try Self.page()).stdout)
    }

    @Test func oneBarPerDutyAndEverySection() throws {
        let html = try Self.page().stdout
        let json = try CLI.run(["check", demo, "--as-of", Self.asOf, "--format", "json"]).stdout
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let obligations = try #require(report["obligations"] as? [[String: Any]])
        #expect(Self.count("<rect class=\"duty ", in: html) == obligations.count)
        for status in ["overdue", "late", "met", "pending", "indeterminate"] {
            let n = obligations.filter { $0["status"] as? String == status }.count
            #expect(Self.count("<rect class=\"duty s-\(status)\"", in: html) == n, "\(status)")
        }
        // Sections with their counts; the notifications apart from the escalations (3 and 1 here).
        #expect(html.contains("<h2 id=\"h-duties\">Duties <span class=\"count\">(\(obligations.count))</span></h2>"))
        #expect(html.contains("<h2 id=\"h-notifications\">Notifications to make <span class=\"count\">(3)</span></h2>"))
        #expect(html.contains("<h2 id=\"h-escalations\">Escalations <span class=\"count\">(1)</span></h2>"))
        #expect(html.contains("<h2 id=\"h-events\">Events <span class=\"count\">(6)</span></h2>"))
        // Local times, citations, and the reasons folded in <details>.
        #expect(html.contains("by Wed 18 Mar 2026 14:20 GMT"))
        #expect(html.contains("<cite>BCP missing children guidance</cite> §12.1 · rule <code>rhi-within-72-hours</code>"))
        #expect(html.contains("<details><summary>Why</summary>"))
        #expect(html.contains("<li>because episode lasted 40h 50m, over 9h</li>"))
        // Self-contained: nothing fetched from anywhere.
        for outside in ["http://", "https://", "<link", "src=", "@import", "url(http"] {
            #expect(!html.contains(outside), "\(outside)")
        }
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en-GB\">"))
        #expect(html.contains("@media print"))
    }

    @Test func everyValueFromTheIncidentIsEscaped() throws {
        let data = try Data(contentsOf: CLI.root.appendingPathComponent(demo))
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var header = try #require(object["incident"] as? [String: Any])
        header["id"] = "<script>alert(1)</script>&\"'"
        object["incident"] = header
        var events = try #require(object["events"] as? [[String: Any]])
        events[0]["id"] = "e1\"><img src=x onerror=alert(1)>"
        events[3]["id"] = "</title><svg onload=alert(2)>"
        object["events"] = events
        let path = try CLI.temp("hostile.json", String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        let r = try Self.page(path)
        #expect(r.status == 1, "\(r.stderr)")
        let html = r.stdout
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<svg onload"))
        #expect(Self.count("<script>", in: html) == 1)  // the page's own, which opens the explanations for printing
        #expect(html.contains("<title>Incident &lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39; — "))
        #expect(html.contains("e1&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
    }

    @Test func badFormatIsRefused() throws {
        let r = try CLI.run(["check", demo, "--format", "pdf"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("html"))
    }
}
