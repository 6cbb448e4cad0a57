/// What `check` prints: the practitioner's text, the contract's JSON, or one web page.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, html

    /// The report in this format; the page also draws the incident's events.
    public func render(_ report: Report, events: @autoclosure () -> [ReportHTML.TimelineEvent]) -> String {
        switch self {
        case .text: ReportText.render(report)
        case .json: ReportJSON.render(report)
        case .html: ReportHTML.render(report, events: events())
        }
    }
}
