/// When a service is staffed: local hours per weekday, on working days only.
public struct OfficeHours: Sendable, Equatable {
    /// Index 0 = Monday; each day's opening intervals in minutes of the day.
    public let days: [[ClosedRange<Int>]]

    public struct ParseError: Error, Sendable {
        /// The day key at fault, and whether the fault is in its hours rather than the key.
        public var key: String
        public var inValue: Bool
        public var message: String
    }

    static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    public init(days: [[ClosedRange<Int>]]) { self.days = days }

    /// From entries like ("mon-thu", "08:30-17:15"), ("fri", "08:30-16:45").
    public init(parsing entries: [(String, String)]) throws(ParseError) {
        var days = [[ClosedRange<Int>]](repeating: [], count: 7)
        for (key, value) in entries {
            let parts = key.lowercased().split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard (1...2).contains(parts.count), let a = OfficeHours.dayNames.firstIndex(of: parts[0]),
                  let b = parts.count == 2 ? OfficeHours.dayNames.firstIndex(of: parts[1]) : a, a <= b
            else {
                throw ParseError(key: key, inValue: false, message: "'\(key)' is not a day or range of days like mon, mon-thu or sat-sun")
            }
            var intervals: [ClosedRange<Int>] = []
            for span in value.split(separator: ",") {
                let ends = span.trimmingSpaces.split(separator: "-").map(String.init)
                guard ends.count == 2, let open = LocalTime(ends[0]), let close = LocalTime(ends[1]), open < close else {
                    throw ParseError(key: key, inValue: true, message: "'\(value)' is not opening hours like \"08:30-17:15\"")
                }
                intervals.append(open.minuteOfDay...close.minuteOfDay)
            }
            for d in a...b {
                if !days[d].isEmpty { throw ParseError(key: key, inValue: false, message: "\(OfficeHours.dayNames[d]) is given twice") }
                days[d] = intervals.sorted { $0.lowerBound < $1.lowerBound }
            }
        }
        self.days = days
    }

    /// The open interval (as instants) containing or following `t`, within two weeks.
    public func interval(atOrAfter t: Instant, zone: Zone, calendar: HolidayCalendar) throws(TimeError) -> (open: Instant, close: Instant)? {
        var day = zone.localDate(of: t)
        for _ in 0..<21 {
            if try calendar.isWorkingDay(day) {
                for r in days[day.weekday - 1] {
                    let close = zone.instant(day, r.upperBound)
                    if t < close { return (max(t, zone.instant(day, r.lowerBound)), close) }
                }
            }
            day = day.adding(days: 1)
        }
        return nil
    }

    public func isOpen(at t: Instant, zone: Zone, calendar: HolidayCalendar) throws(TimeError) -> Bool {
        guard let i = try interval(atOrAfter: t, zone: zone, calendar: calendar) else { return false }
        return i.open == t
    }

    public func nextOpening(atOrAfter t: Instant, zone: Zone, calendar: HolidayCalendar) throws(TimeError) -> Instant? {
        try interval(atOrAfter: t, zone: zone, calendar: calendar)?.open
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
