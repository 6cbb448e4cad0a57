/// The report as one self-contained web page (`check --format html`): inline CSS and SVG, no
/// network and no script needed (one line of script opens the explanations before printing),
/// printable. A timeline draws the incident's events and each duty from the instant it arose to
/// its due time; its status is told by colour, by a pattern and by a word. Beside each duty are
/// its citation and, unfolding on click (`<details>`), why it applies. Every value from the
/// input is escaped. A pure function of the report and the events: same inputs, same bytes.
public enum ReportHTML {
    /// An event of the incident, as the timeline shows it.
    public struct TimelineEvent: Sendable, Equatable {
        public var id: String
        public var type: String
        public var time: Instant

        public init(id: String, type: String, time: Instant) {
            self.id = id
            self.type = type
            self.time = time
        }
    }

    /// The incident's events, named by the vocabulary they were read with.
    public static func events(of incident: Incident, vocabulary: Vocabulary) -> [TimelineEvent] {
        incident.events.map { TimelineEvent(id: $0.id, type: vocabulary.events[$0.type].name, time: $0.time) }
    }

    public static func render(_ report: Report, events: [TimelineEvent]) -> String {
        var page = HTMLPage(report: report, events: events.filter { $0.time <= report.asOf })
        page.write()
        return page.out
    }

    /// Text safe in HTML content and in double-quoted attributes; control characters other
    /// than tab and newline become U+FFFD.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(u)
            case _ where u.value < 0x20 || (0x7F...0x9F).contains(u.value): out += "\u{FFFD}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}

/// How a status looks: its word, its colour, and the fill of its bar (a pattern, so that the
/// status is never told by colour alone).
private struct StatusLook {
    let status: ObligationStatus
    let word: String
    let colour: String
    let fill: String
    let meaning: String

    static let all: [StatusLook] = [
        StatusLook(status: .overdue, word: "Overdue", colour: "#b71c1c", fill: "url(#pat-overdue)",
                   meaning: "not done, and the due time has passed (cross-hatched)"),
        StatusLook(status: .pending, word: "Pending", colour: "#0d47a1", fill: "#ffffff",
                   meaning: "not done, not yet due (outlined, dashed)"),
        StatusLook(status: .indeterminate, word: "Indeterminate", colour: "#6a1b9a", fill: "url(#pat-indeterminate)",
                   meaning: "turns on something the record does not say (dotted)"),
        StatusLook(status: .late, word: "Late", colour: "#8a4500", fill: "url(#pat-late)",
                   meaning: "done after the due time (diagonal stripes)"),
        StatusLook(status: .early, word: "Early", colour: "#5d4a00", fill: "url(#pat-early)",
                   meaning: "done before its window opened (vertical stripes)"),
        StatusLook(status: .met, word: "Met", colour: "#1b5e20", fill: "#1b5e20",
                   meaning: "done in time (solid)"),
        StatusLook(status: .cancelled, word: "Cancelled", colour: "#4f4f4f", fill: "url(#pat-cancelled)",
                   meaning: "made moot by a later event (horizontal stripes)"),
    ]

    static func of(_ s: ObligationStatus) -> StatusLook { all.first { $0.status == s }! }
}

/// The time axis shared by every strip of the timeline.
private struct TimeScale {
    static let width: Int64 = 660
    static let left: Int64 = 10, right: Int64 = 14
    let from: Instant, to: Instant

    init(_ instants: [Instant]) {
        var lo = instants.min() ?? Instant(secondsSinceEpoch: 0)
        var hi = instants.max() ?? lo
        if hi.seconds - lo.seconds < 3600 { hi = lo + 3600 }
        // A little room either side, so that marks at the ends are not cut.
        let pad = (hi.seconds - lo.seconds) / 50
        lo = lo + (-pad)
        hi = hi + pad
        (from, to) = (lo, hi)
    }

    func x(_ t: Instant) -> Int64 {
        let span = to.seconds - from.seconds
        let clamped = min(max(t.seconds, from.seconds), to.seconds)
        let usable = TimeScale.width - TimeScale.left - TimeScale.right
        // Rounded to the nearest unit; Int64 throughout (a century is 3e9 s, times 700 fits).
        return TimeScale.left + ((clamped - from.seconds) * usable + span / 2) / span
    }

    var end: Int64 { TimeScale.width - TimeScale.right }

    /// Gridline instants at local midnights (or hours, or months), at most about a dozen.
    func ticks(in zone: Zone) -> [(Instant, String)] {
        let span = to.seconds - from.seconds
        let hourSteps: [Int] = [1, 2, 3, 6, 12]
        let daySteps: [Int] = [1, 2, 7, 14]
        var out: [(Instant, String)] = []
        if let h = hourSteps.first(where: { span / Int64($0 * 3600) <= 12 }) {
            var day = zone.localDate(of: from)
            while zone.startOfDay(day) <= to {
                var minute = 0
                while minute < 1440 {
                    let t = zone.instant(day, minute)
                    if t >= from && t <= to {
                        let label = minute == 0 ? ReportHTMLWords.shortDate(day) : ReportHTMLWords.clock(minute)
                        if out.last?.0 != t { out.append((t, label)) }
                    }
                    minute += h * 60
                }
                day = day.adding(days: 1)
            }
            return out
        }
        if let d = daySteps.first(where: { span / Int64($0 * 86_400) <= 12 }) {
            // Weekly steps start on a Monday.
            var day = zone.localDate(of: from)
            if d >= 7 { while day.weekday != 1 { day = day.adding(days: -1) } }
            while zone.startOfDay(day) <= to {
                let t = zone.startOfDay(day)
                if t >= from { out.append((t, ReportHTMLWords.shortDate(day))) }
                day = day.adding(days: d)
            }
            return out
        }
        let months = Int(max(1, span / (12 * 30 * 86_400)))
        let start = zone.localDate(of: from)
        var day = LocalDate(year: start.year, month: start.month, day: 1)!
        while zone.startOfDay(day) <= to {
            let t = zone.startOfDay(day)
            if t >= from { out.append((t, ReportHTMLWords.monthYear(day))) }
            day = day.adding(months: months)
        }
        return out
    }
}

enum ReportHTMLWords {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "Fri 13 Mar": the date's words without the year.
    static func shortDate(_ d: LocalDate) -> String { String(d.words.dropLast(5)) }

    static func monthYear(_ d: LocalDate) -> String { "\(months[d.month - 1]) \(d.year)" }

    static func clock(_ minute: Int) -> String {
        let h = minute / 60, m = minute % 60
        return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
    }

    static func plural(_ n: Int, _ one: String, _ many: String? = nil) -> String {
        "\(n) \(n == 1 ? one : (many ?? one + "s"))"
    }
}

private struct HTMLPage {
    let r: Report
    let events: [ReportHTML.TimelineEvent]
    let scale: TimeScale
    let ticks: [(Instant, String)]
    /// Each event's time by id (ids are unique within an incident).
    let timeOf: [String: Instant]
    var out = ""

    init(report: Report, events: [ReportHTML.TimelineEvent]) {
        r = report
        self.events = events
        var instants = events.map(\.time) + [report.asOf]
        for o in report.obligations {
            instants.append(o.triggeredAt)
            if o.due != .noDeadline { instants.append(o.due) }
            if let t = o.satisfiedAt { instants.append(t) }
            if let t = o.windowOpens { instants.append(t) }
        }
        scale = TimeScale(instants)
        ticks = scale.ticks(in: report.zone)
        timeOf = Dictionary(events.map { ($0.id, $0.time) }, uniquingKeysWith: { first, _ in first })
        out.reserveCapacity(24_000 + 2_500 * report.obligations.count)
    }

    func e(_ s: String) -> String { ReportHTML.escape(s) }
    func time(_ t: Instant) -> String { r.zone.describe(t) }
    func eventTime(_ id: String) -> Instant? { timeOf[id] }

    mutating func write() {
        let title = "Incident \(r.incident) — \(r.policy.title)"
        out += """
            <!DOCTYPE html>
            <html lang="en-GB">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="policyeval">
            <title>\(e(title))</title>
            <style>\(HTMLPage.css)</style>
            <script>addEventListener("beforeprint",function(){document.querySelectorAll("details").forEach(function(d){d.open=true})})</script>
            </head>
            <body>

            """
        patterns()
        header()
        out += "<main>\n"
        duties()
        tells(id: "notifications", title: "Notifications to make", verb: "notify",
              intro: "The rules name these people to tell when they fire.",
              r.escalations.filter { $0.kind == .notification })
        tells(id: "escalations", title: "Escalations", verb: "notify",
              intro: "A duty is overdue, and its escalation steps name these people to tell.",
              r.escalations.filter { $0.kind == .escalation })
        if !r.indeterminateNotifications.isEmpty {
            tells(id: "indeterminate-notifications", title: "Indeterminate notifications", verb: "would notify",
                  intro: "The record does not say whether these are needed.", r.indeterminateNotifications)
        }
        eventList()
        notes()
        out += "</main>\n<footer><p>Made by policyeval from policy \(e(r.policy.id)) version \(e(r.policy.version)). "
        out += "The same policy, incident and evaluation instant give the same page.</p></footer>\n</body>\n</html>\n"
    }

    /// The fills, defined once and used by every strip.
    mutating func patterns() {
        out += """
            <svg class="defs" width="0" height="0" aria-hidden="true" focusable="false"><defs>
            <pattern id="pat-overdue" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#b71c1c"/><rect width="1.5" height="6" fill="#ffcdd2"/><rect width="6" height="1.5" fill="#ffcdd2"/></pattern>
            <pattern id="pat-late" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#8a4500"/><rect width="2" height="6" fill="#ffe0b2"/></pattern>
            <pattern id="pat-early" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#5d4a00"/><rect width="2" height="6" fill="#fff3c4"/></pattern>
            <pattern id="pat-cancelled" width="6" height="5" patternUnits="userSpaceOnUse"><rect width="6" height="5" fill="#e6e6e6"/><rect width="6" height="1.5" fill="#4f4f4f"/></pattern>
            <pattern id="pat-indeterminate" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#f1e6f8"/><circle cx="3" cy="3" r="1.6" fill="#6a1b9a"/></pattern>
            <pattern id="pat-overrun" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="4" height="4" fill="#ffffff"/><rect width="2" height="4" fill="#b71c1c"/></pattern>
            </defs></svg>

            """
    }

    mutating func header() {
        let duties = ReportHTMLWords.plural(r.obligations.count, "duty", "duties")
        let counts = StatusLook.all.compactMap { look -> String? in
            let n = r.count(look.status)
            return n == 0 ? nil : "\(n) \(look.status.rawValue)"
        }
        out += "<header>\n<h1>Incident \(e(r.incident))</h1>\n"
        out += "<p class=\"policy\">\(e(r.policy.title)) <span class=\"id\">(\(e(r.policy.id)) \(e(r.policy.version)))</span></p>\n"
        out += "<p class=\"asof\">As of <strong>\(e(time(r.asOf)))</strong>. Times are local to \(e(r.zone.identifier)).</p>\n"
        out += "<p class=\"summary\">\(duties)\(counts.isEmpty ? "" : ": " + counts.joined(separator: ", ")); "
        out += "\(ReportHTMLWords.plural(r.count(.notification), "notification")) to make; "
        out += "\(ReportHTMLWords.plural(r.count(.escalation), "escalation"))"
        if !r.indeterminateNotifications.isEmpty {
            out += "; \(ReportHTMLWords.plural(r.indeterminateNotifications.count, "indeterminate notification"))"
        }
        out += ".</p>\n"
        out += "<nav aria-label=\"Sections\"><ul><li><a href=\"#duties\">Duties</a></li><li><a href=\"#notifications\">Notifications</a></li>"
        out += "<li><a href=\"#escalations\">Escalations</a></li>"
        if !r.indeterminateNotifications.isEmpty { out += "<li><a href=\"#indeterminate-notifications\">Indeterminate notifications</a></li>" }
        out += "<li><a href=\"#events\">Events</a></li>"
        if !r.diagnostics.isEmpty { out += "<li><a href=\"#notes\">Notes on the record</a></li>" }
        out += "</ul></nav>\n</header>\n"
    }

    // MARK: Duties and the timeline

    mutating func duties() {
        out += "<section id=\"duties\" aria-labelledby=\"h-duties\">\n"
        out += "<h2 id=\"h-duties\">Duties <span class=\"count\">(\(r.obligations.count))</span></h2>\n"
        out += "<table class=\"counts\"><caption>Duties by status</caption>\n<thead><tr><th scope=\"col\">Status</th><th scope=\"col\">Count</th><th scope=\"col\">Meaning</th></tr></thead>\n<tbody>\n"
        for look in StatusLook.all {
            let n = r.count(look.status)
            let name = n == 0 ? badge(look) : "<a href=\"#group-\(look.status.rawValue)\">\(badge(look))</a>"
            out += "<tr class=\"s-\(look.status.rawValue)\"><td>\(swatch(look)) \(name)</td><td class=\"num\">\(n)</td><td>\(look.meaning)</td></tr>\n"
        }
        out += "</tbody></table>\n"
        if r.obligations.isEmpty {
            out += "<p>No duties apply.</p>\n</section>\n"
            return
        }
        out += "<p class=\"howto\">Each bar runs from the instant the duty arose to its due time; "
        out += "a circle marks when it was done, a thin striped bar how long it ran past its due time, a cross when it was cancelled. "
        out += "Thin vertical lines are the incident's events; the dashed line is the evaluation instant (as of). "
        out += "Open <q>Why</q> for the reasons.</p>\n"
        out += "<div class=\"timeline\">\n"
        axis()
        var byStatus = [[Int]](repeating: [], count: StatusLook.all.count)
        for (i, o) in r.obligations.enumerated() {
            byStatus[StatusLook.all.firstIndex { $0.status == o.status }!].append(i)
        }
        for (k, look) in StatusLook.all.enumerated() where !byStatus[k].isEmpty {
            let s = look.status.rawValue
            out += "<h3 id=\"group-\(s)\" class=\"s-\(s)\">\(badge(look)) <span class=\"count\">(\(byStatus[k].count))</span></h3>\n"
            out += "<ol class=\"rows\" aria-labelledby=\"group-\(s)\">\n"
            for i in byStatus[k] { dutyRow(i) }
            out += "</ol>\n"
        }
        out += "</div>\n</section>\n"
    }

    func badge(_ look: StatusLook) -> String {
        "<span class=\"badge s-\(look.status.rawValue)\">\(look.word)</span>"
    }

    /// A small picture of a status's bar, for the key.
    func swatch(_ look: StatusLook) -> String {
        "<svg class=\"swatch\" width=\"28\" height=\"12\" viewBox=\"0 0 28 12\" aria-hidden=\"true\" focusable=\"false\">"
            + "<rect class=\"swatch-bar\" x=\"1\" y=\"1\" width=\"26\" height=\"10\" fill=\"\(look.fill)\" stroke=\"\(look.colour)\""
            + (look.status == .pending ? " stroke-dasharray=\"3 2\" stroke-width=\"1.5\"" : "") + "/></svg>"
    }

    /// The events' lines, gridlines and the as-of line: behind every strip, so the eye can follow them down.
    func background(height: Int) -> String {
        var s = ""
        for (t, _) in ticks { s += "<line class=\"grid\" x1=\"\(scale.x(t))\" y1=\"0\" x2=\"\(scale.x(t))\" y2=\"\(height)\"/>" }
        // A long record's events are drawn on the axis only: in every strip they would be a grey wash.
        if events.count <= HTMLPage.eventLinesInStrips {
            for ev in events { s += "<line class=\"ev\" x1=\"\(scale.x(ev.time))\" y1=\"0\" x2=\"\(scale.x(ev.time))\" y2=\"\(height)\"/>" }
        }
        s += "<line class=\"asof-line\" x1=\"\(scale.x(r.asOf))\" y1=\"0\" x2=\"\(scale.x(r.asOf))\" y2=\"\(height)\"/>"
        return s
    }

    /// The axis: dates, and the events with their ids, in as many lanes as they need.
    mutating func axis() {
        var lanes: [Int64] = []
        var placed: [(ReportHTML.TimelineEvent, Int64, Int)] = []
        for ev in events {
            let x = scale.x(ev.time)
            let label = ReportHTMLWords.truncated(ev.id, 14)
            let width = Int64(label.count) * 6 + 8
            let start = x - 3
            // The first lane with room; a label with none is left out (the mark's title and the list name it).
            let lane = lanes.firstIndex { $0 < start } ?? (lanes.count < 8 ? lanes.count : -1)
            if lane == lanes.count { lanes.append(start + width) } else if lane >= 0 { lanes[lane] = start + width }
            placed.append((ev, x, lane))
        }
        let laneHeight = 13, top = 28
        let height = top + max(1, lanes.count) * laneHeight + 22
        let axisY = height - 18
        let label = "Time axis from \(time(scale.from)) to \(time(scale.to)), with \(ReportHTMLWords.plural(events.count, "event")) and the evaluation instant"
        out += "<div class=\"axis-row\"><div class=\"label axis-label\"><p><strong>Events</strong> (ids; see <a href=\"#events\">the list</a>)</p>"
        out += "<p class=\"cite\">Times local to \(e(r.zone.identifier))</p></div>\n"
        out += "<svg class=\"axis\" width=\"\(TimeScale.width)\" height=\"\(height)\" viewBox=\"0 0 \(TimeScale.width) \(height)\" role=\"img\" aria-label=\"\(e(label))\">"
        out += "<title>\(e(label))</title>"
        var labelledTo: Int64 = -1
        for (t, text) in ticks {
            let x = scale.x(t)
            out += "<line class=\"grid\" x1=\"\(x)\" y1=\"14\" x2=\"\(x)\" y2=\"\(height)\"/>"
            // A label only where it fits: after the last one and inside the axis.
            let width = Int64(text.count) * 6
            if x + 2 > labelledTo, x + 2 + width <= TimeScale.width {
                out += "<text class=\"tick\" x=\"\(x + 2)\" y=\"11\">\(e(text))</text>"
                labelledTo = x + 2 + width + 6
            }
        }
        out += "<line class=\"axis-line\" x1=\"\(TimeScale.left)\" y1=\"\(axisY)\" x2=\"\(scale.end)\" y2=\"\(axisY)\"/>"
        let asOfX = scale.x(r.asOf)
        out += "<line class=\"asof-line\" x1=\"\(asOfX)\" y1=\"14\" x2=\"\(asOfX)\" y2=\"\(axisY + 4)\"/>"
        out += "<text class=\"asof-text\" x=\"\(asOfX)\" y=\"\(height - 3)\" text-anchor=\"middle\">as of</text>"
        for (ev, x, lane) in placed {
            let y = top + max(0, lane) * laneHeight
            let title = "\(ev.id): \(ev.type) at \(time(ev.time))"
            out += "<g class=\"event\"><title>\(e(title))</title><line class=\"ev\" x1=\"\(x)\" y1=\"\(lane >= 0 ? y - 9 : axisY - 8)\" x2=\"\(x)\" y2=\"\(axisY)\"/>"
            out += "<circle class=\"event-mark\" cx=\"\(x)\" cy=\"\(axisY)\" r=\"3.5\"/>"
            if lane >= 0 { out += "<text class=\"event-id\" x=\"\(x + 3)\" y=\"\(y)\">\(e(ReportHTMLWords.truncated(ev.id, 14)))</text>" }
            out += "</g>"
        }
        out += "</svg></div>\n"
    }

    mutating func dutyRow(_ i: Int) {
        let o = r.obligations[i]
        let look = StatusLook.of(o.status)
        let s = o.status.rawValue
        let noDate = o.due == .noDeadline
        let due = o.dueDate.map { "by the end of \(r.zone.describeDate($0))" } ?? (noDate ? "with no date yet" : "by \(time(o.due))")
        let what = o.actions.joined(separator: " or ")
        out += "<li class=\"row s-\(s)\" id=\"duty-\(i + 1)\"><div class=\"label\">\n"
        out += "<p class=\"what\">\(badge(look)) <strong>\(e(what))</strong> \(o.immediately ? "immediately, " : "")\(e(due))"
        if let who = o.responsible { out += " <span class=\"who\">— \(e(r.roleName(who)))</span>" }
        out += "</p>\n<p class=\"cite\"><cite>\(e(o.citation.document))</cite> §\(e(o.citation.section)) · rule <code>\(e(o.rule))</code>"
        if o.occurrence > 1 { out += " · occurrence \(o.occurrence)" }
        out += "</p>\n<p class=\"when\">Arose \(e(time(o.triggeredAt))) (\(e(o.triggeredBy)))"
        if let by = o.satisfiedBy, let at = o.satisfiedAt { out += "; done by \(e(by)) at \(e(time(at)))" }
        if let opens = o.windowOpens { out += "; not before \(e(time(opens)))" }
        if let by = o.cancelledBy { out += "; cancelled by \(e(by))" }
        if let by = o.closedBy { out += "; closed by \(e(by)) while overdue: the breach stands" }
        out += "</p>\n"
        if !o.because.isEmpty || o.note != nil || !o.unknown.isEmpty {
            out += "<details><summary>Why</summary>\n<ul class=\"because\">"
            for b in o.because { out += "<li>because \(e(b))</li>" }
            out += "</ul>\n"
            if !o.unknown.isEmpty { out += "<p class=\"unknown\">The record does not say: \(o.unknown.map { "<code>\(e($0))</code>" }.joined(separator: ", ")).</p>\n" }
            if let note = o.note { out += "<p class=\"note\">Reading of the text: \(e(note))</p>\n" }
            out += "</details>\n"
        }
        out += "</div>\n"
        strip(o, look: look, summary: "\(look.word): \(what) \(due); arose \(time(o.triggeredAt))")
        out += "</li>\n"
    }

    /// One duty's strip: exactly one `rect.duty`, from the instant it arose to its due time.
    mutating func strip(_ o: Report.Obligation, look: StatusLook, summary: String) {
        let height = 30, y = 8, h = 14
        let x0 = scale.x(o.triggeredAt)
        let noDate = o.due == .noDeadline
        var x1 = noDate ? scale.end : scale.x(o.due)
        var cancelledAt: Instant?
        if o.status == .cancelled, let by = o.cancelledBy, let t = eventTime(by), noDate || t < o.due { cancelledAt = t }
        if let t = cancelledAt { x1 = scale.x(t) }
        // A deadline counted from an earlier event (`from`) can fall before the duty arose.
        let (left, width) = (min(x0, x1), max(3, abs(x1 - x0)))
        out += "<svg class=\"track\" width=\"\(TimeScale.width)\" height=\"\(height)\" viewBox=\"0 0 \(TimeScale.width) \(height)\" role=\"img\" aria-label=\"\(e(summary))\">"
        out += background(height: height)
        let stroke = o.status == .pending ? " stroke=\"\(look.colour)\" stroke-width=\"1.5\" stroke-dasharray=\"4 2\"" : " stroke=\"\(look.colour)\""
        out += "<rect class=\"duty s-\(o.status.rawValue)\" x=\"\(left)\" y=\"\(y)\" width=\"\(width)\" height=\"\(h)\" fill=\"\(look.fill)\"\(stroke)>"
        out += "<title>\(e(summary))</title></rect>"
        if noDate {
            out += "<path class=\"open-end\" d=\"M\(x1 - 1) \(y - 2) L\(x1 + 6) \(y + h / 2) L\(x1 - 1) \(y + h + 2) Z\" fill=\"\(look.colour)\"><title>no due date yet</title></path>"
        } else if cancelledAt == nil {
            out += "<line class=\"due\" x1=\"\(x1)\" y1=\"\(y - 4)\" x2=\"\(x1)\" y2=\"\(y + h + 4)\" stroke=\"\(look.colour)\"><title>\(e("due \(time(o.due))"))</title></line>"
        }
        if let opens = o.windowOpens {
            let x = scale.x(opens)
            out += "<line class=\"window\" x1=\"\(x)\" y1=\"\(y - 4)\" x2=\"\(x)\" y2=\"\(y + h + 4)\"><title>\(e("window opens \(time(opens))"))</title></line>"
        }
        // How long it ran past its due time: to when it was done, or to now (or to the event that closed it).
        var overrunTo: Instant?
        if o.status == .late { overrunTo = o.satisfiedAt }
        if o.status == .overdue { overrunTo = o.closedBy.flatMap(eventTime) ?? r.asOf }
        if let end = overrunTo, !noDate, end > o.due {
            let a = scale.x(o.due), b = scale.x(end)
            out += "<rect class=\"overrun\" x=\"\(a)\" y=\"\(y + h / 2 - 2)\" width=\"\(max(2, b - a))\" height=\"4\" fill=\"url(#pat-overrun)\" stroke=\"#b71c1c\" stroke-width=\"0.5\">"
            out += "<title>\(e("past due by \(Durations.describe(seconds: end.seconds - o.due.seconds))"))</title></rect>"
        }
        if let at = o.satisfiedAt {
            let x = scale.x(at)
            out += "<circle class=\"done\" cx=\"\(x)\" cy=\"\(y + h / 2)\" r=\"5\" fill=\"#ffffff\" stroke=\"\(look.colour)\" stroke-width=\"2.5\">"
            out += "<title>\(e("done by \(o.satisfiedBy ?? "") at \(time(at))"))</title></circle>"
        }
        if let t = cancelledAt {
            let x = scale.x(t), c = y + h / 2
            out += "<path class=\"cancel\" d=\"M\(x - 5) \(c - 5) L\(x + 5) \(c + 5) M\(x - 5) \(c + 5) L\(x + 5) \(c - 5)\" stroke=\"#000000\" stroke-width=\"2\">"
            out += "<title>\(e("cancelled by \(o.cancelledBy ?? "") at \(time(t))"))</title></path>"
        }
        out += "</svg>\n"
    }

    // MARK: People to tell

    mutating func tells(id: String, title: String, verb: String, intro: String, _ list: [Report.Escalation]) {
        out += "<section id=\"\(id)\" aria-labelledby=\"h-\(id)\">\n"
        out += "<h2 id=\"h-\(id)\">\(title) <span class=\"count\">(\(list.count))</span></h2>\n"
        guard !list.isEmpty else {
            out += "<p>None.</p>\n</section>\n"
            return
        }
        out += "<p class=\"howto\">\(intro)</p>\n<ol class=\"tells\">\n"
        for t in list {
            out += "<li><p class=\"what\"><strong>\(e(time(t.at)))</strong>: \(verb) \(e(t.notify.map(r.roleName).joined(separator: "; ")))</p>\n"
            out += "<p class=\"cite\"><cite>\(e(t.citation.document))</cite> §\(e(t.citation.section)) · rule <code>\(e(t.rule))</code></p>\n"
            if !t.because.isEmpty || !t.unknown.isEmpty {
                out += "<details><summary>Why</summary>\n<ul class=\"because\">"
                for b in t.because { out += "<li>because \(e(b))</li>" }
                out += "</ul>\n"
                if !t.unknown.isEmpty { out += "<p class=\"unknown\">The record does not say: \(t.unknown.map { "<code>\(e($0))</code>" }.joined(separator: ", ")).</p>\n" }
                out += "</details>\n"
            }
            out += "</li>\n"
        }
        out += "</ol>\n</section>\n"
    }

    // MARK: The record

    mutating func eventList() {
        out += "<section id=\"events\" aria-labelledby=\"h-events\">\n<h2 id=\"h-events\">Events <span class=\"count\">(\(events.count))</span></h2>\n"
        guard !events.isEmpty else {
            out += "<p>No events up to the evaluation instant.</p>\n</section>\n"
            return
        }
        out += "<table class=\"events\"><caption>The incident's events up to the evaluation instant, in time order</caption>\n"
        out += "<thead><tr><th scope=\"col\">Id</th><th scope=\"col\">Time</th><th scope=\"col\">Type</th></tr></thead>\n<tbody>\n"
        for ev in events {
            out += "<tr><td><code>\(e(ev.id))</code></td><td>\(e(time(ev.time)))</td><td>\(e(ev.type))</td></tr>\n"
        }
        out += "</tbody></table>\n</section>\n"
    }

    mutating func notes() {
        guard !r.diagnostics.isEmpty else { return }
        out += "<section id=\"notes\" aria-labelledby=\"h-notes\">\n<h2 id=\"h-notes\">Notes on the record <span class=\"count\">(\(r.diagnostics.count))</span></h2>\n<ul class=\"notes\">\n"
        for d in r.diagnostics {
            out += "<li><span class=\"severity\">\(e(d.severity.rawValue))</span>: \(d.event.map { "event <code>\(e($0))</code>: " } ?? "")\(e(d.message))</li>\n"
        }
        out += "</ul>\n</section>\n"
    }

    static let eventLinesInStrips = 80

    static let css = """

        :root { color-scheme: light; --ink: #1a1a1a; --muted: #4a4a4a; --rule: #c8c8c8; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; padding: 1rem 1.25rem 2rem; max-width: 1240px; color: var(--ink); background: #ffffff;
          font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
        h1 { font-size: 1.6rem; margin: 0.2rem 0; }
        h2 { font-size: 1.25rem; margin: 1.8rem 0 0.6rem; padding-top: 0.4rem; border-top: 2px solid var(--ink); }
        h3 { font-size: 1.05rem; margin: 1.1rem 0 0.4rem; }
        header p { margin: 0.2rem 0; }
        .id, .cite, .when, .howto, .count { color: var(--muted); }
        .cite, .when { font-size: 0.88rem; margin: 0.1rem 0; }
        .summary { font-weight: 600; }
        nav ul { list-style: none; padding: 0; margin: 0.6rem 0 0; display: flex; flex-wrap: wrap; gap: 0.3rem 1.1rem; }
        a { color: #0b3d91; }
        code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.88em; }
        .badge { display: inline-block; min-width: 6.6em; padding: 0 0.45em; border-radius: 3px; color: #ffffff;
          font-weight: 700; font-size: 0.8rem; text-align: center; letter-spacing: 0.02em; }
        .badge.s-overdue { background: #b71c1c; } .badge.s-pending { background: #0d47a1; }
        .badge.s-indeterminate { background: #6a1b9a; } .badge.s-late { background: #8a4500; }
        .badge.s-early { background: #5d4a00; } .badge.s-met { background: #1b5e20; }
        .badge.s-cancelled { background: #4f4f4f; }
        table { border-collapse: collapse; margin: 0.4rem 0 0.8rem; }
        caption { text-align: left; font-weight: 600; padding-bottom: 0.2rem; }
        th, td { text-align: left; padding: 0.15rem 0.7rem 0.15rem 0; border-bottom: 1px solid var(--rule); vertical-align: middle; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; padding-right: 1rem; }
        svg.swatch { vertical-align: middle; }
        .timeline { margin-top: 0.6rem; }
        .axis-row, .row { display: grid; grid-template-columns: minmax(14rem, 2fr) minmax(0, 3fr); column-gap: 12px; align-items: start; }
        .axis-row { position: sticky; top: 0; background: #ffffff; border-bottom: 1px solid var(--rule); z-index: 1; }
        .axis-label p { margin: 0.1rem 0; }
        ol.rows, ol.tells { list-style: none; margin: 0; padding: 0; }
        .row { border-bottom: 1px solid #e2e2e2; padding: 0.35rem 0; }
        .row .what { margin: 0; }
        .who { color: var(--muted); }
        svg.track, svg.axis { display: block; width: 100%; height: auto; }
        svg.defs { position: absolute; width: 0; height: 0; overflow: hidden; }
        line.grid { stroke: #e4e4e4; stroke-width: 1; }
        line.ev { stroke: #9e9e9e; stroke-width: 1; stroke-dasharray: 1 2; }
        line.asof-line { stroke: #1a1a1a; stroke-width: 1.5; stroke-dasharray: 5 3; }
        line.axis-line { stroke: #1a1a1a; stroke-width: 1; }
        line.due { stroke-width: 2.5; }
        line.window { stroke: #1a1a1a; stroke-width: 1.5; stroke-dasharray: 2 1; }
        circle.event-mark { fill: #1a1a1a; }
        text { font: 10.5px system-ui, "DejaVu Sans", sans-serif; fill: #1a1a1a; }
        text.tick { fill: #4a4a4a; } text.asof-text { font-weight: 700; }
        text.event-id { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
        details { margin: 0.15rem 0 0.1rem; }
        summary { cursor: pointer; color: #0b3d91; font-size: 0.9rem; }
        summary:focus-visible, a:focus-visible { outline: 2px solid #0b3d91; outline-offset: 2px; }
        ul.because { margin: 0.2rem 0; padding-left: 1.2rem; font-size: 0.9rem; }
        .note, .unknown { font-size: 0.88rem; margin: 0.2rem 0; }
        ol.tells > li { border-bottom: 1px solid #e2e2e2; padding: 0.35rem 0; }
        ol.tells p { margin: 0.1rem 0; }
        .severity { font-weight: 700; }
        footer { margin-top: 2rem; color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--rule); }
        @media screen and (max-width: 640px) { .axis-row, .row { grid-template-columns: minmax(0, 1fr); } .axis-row { position: static; } }
        @media print {
          @page { size: A4 landscape; margin: 10mm; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          body { max-width: none; padding: 0; font-size: 9.5pt; }
          .axis-row { position: static; }
          .row, ol.tells > li, tr { break-inside: avoid; }
          h2, h3 { break-after: avoid; }
          nav { display: none; }
          a { color: inherit; text-decoration: none; }
          summary { color: var(--ink); }
        }

        """
}

extension ReportHTMLWords {
    /// At most `n` characters, with an ellipsis where cut (the whole id is in the mark's title).
    static func truncated(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }
}
