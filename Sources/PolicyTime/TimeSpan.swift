/// A length of time as protocols state it, with one documented meaning per unit
/// (time-semantics contract): `90m`, `24h`, `3d`, `15wd`, `5wkd`, `6w`, `3mo`, `2wh`,
/// `immediately`; a date length may be due at a time of day on its last day (`1wd at 10:00`).
public enum TimeSpan: Sendable, Hashable, CustomStringConvertible {
    case minutes(Int)
    case hours(Int)
    case days(Int)
    case workingDays(Int)
    case weeks(Int)
    case months(Int)
    case workingHours(Int)
    case immediately
    /// Weekdays, Monday to Friday, bank holidays counted like any other weekday (`5wkd`).
    case weekdays(Int)
    /// A date length due at a local time of day on its last day, not at its end:
    /// `1wd at 10:00`, "by 10:00 the next working day".
    indirect case atTime(TimeSpan, LocalTime)
    /// A length whose working days (and working hours) are counted in another calendar than
    /// the policy's: a duty's own `calendar:`.
    indirect case inCalendar(TimeSpan, HolidayCalendar)

    static let units = ["m", "h", "d", "wd", "wkd", "w", "mo", "wh"]

    /// Where " at " first stands in `text`. ASCII text is searched byte by byte: the general
    /// search (by characters) builds a table of its own the first time, at some cost at start.
    static func firstAt(_ text: String) -> Range<String.Index>? {
        let u = text.utf8
        guard u.allSatisfy({ $0 < 0x80 }) else { return text.firstRange(of: " at ") }
        let bytes = Array(u)
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 0x20 && bytes[i + 1] == 0x61 && bytes[i + 2] == 0x74 && bytes[i + 3] == 0x20 {
            return u.index(u.startIndex, offsetBy: i)..<u.index(u.startIndex, offsetBy: i + 4)
        }
        return nil
    }

    public init(parsing text: String) throws(TimeError) {
        if text == "immediately" { self = .immediately; return }
        // "at once": no time at all, meant (a duty already broken when its rule fires), so no warning.
        if text == "at once" { self = .minutes(0); return }
        // "1wd at 10:00": a date length, due at that time of day on its last day.
        if let r = TimeSpan.firstAt(text) {
            let base = try TimeSpan(parsing: String(text[..<r.lowerBound]).trimmingCharacters(" "))
            let clock = String(text[r.upperBound...]).trimmingCharacters(" ")
            guard let t = LocalTime(clock), t.minuteOfDay < 24 * 60 else {
                throw TimeError("'\(clock)' is not a time of day like 10:00 (24-hour clock) in '\(text)'")
            }
            guard base.isDateDeadline else {
                throw TimeError("a time of day goes with a length in days: d, wd, wkd, w or mo (like 1wd at 10:00), not '\(base)'",
                                suggestion: base.isClockLength ? nil : "1wd at \(clock)")
            }
            self = .atTime(base, t)
            return
        }
        let scalars = Array(text.unicodeScalars)
        var i = 0, n = 0
        while i < scalars.count, let d = scalars[i].properties.numericType != nil ? Int(String(scalars[i])) : nil {
            n = n * 10 + d
            i += 1
            if n > 100_000 { throw TimeError("'\(text)' is too long a time") }
        }
        let unit = scalarString(scalars[i...]).trimmingCharacters(" ")
        guard i > 0 else {
            throw TimeError("'\(text)' is not a length of time; write a number and a unit, like 24h, 15wd or immediately",
                            suggestion: text.lowercased().hasPrefix("imm") ? "immediately" : nil)
        }
        // Stated limits: a century of each calendar unit, and 100,000 of the rest.
        let most = ["d": 36_525, "w": 5_218, "mo": 1_200][unit]
        if let most, n > most { throw TimeError("'\(text)' is too long a time: at most \(most)\(unit), a hundred years") }
        switch unit {
        case "m": self = .minutes(n)
        case "h": self = .hours(n)
        case "d": self = .days(n)
        case "wd": self = .workingDays(n)
        case "wkd": self = .weekdays(n)
        case "w": self = .weeks(n)
        case "mo": self = .months(n)
        case "wh": self = .workingHours(n)
        default:
            let words: [String: String] = ["min": "m", "mins": "m", "minute": "m", "minutes": "m", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
                                           "day": "d", "days": "d", "working days": "wd", "working day": "wd", "week": "w", "weeks": "w",
                                           "month": "mo", "months": "mo", "working hours": "wh", "weekday": "wkd", "weekdays": "wkd"]
            let hint = words[unit.lowercased()].map { "\(n)\($0)" }
            throw TimeError("unknown unit '\(unit)' in '\(text)'; use m, h, d, wd, wkd, w, mo, wh, immediately or at once", suggestion: hint)
        }
    }

    /// A length of no time at all (`0h`, `0wd`): never `immediately`, which has its own meaning.
    public var isZero: Bool {
        switch self {
        case .minutes(let n), .hours(let n), .days(let n), .workingDays(let n), .weeks(let n), .months(let n), .workingHours(let n),
             .weekdays(let n): n == 0
        case .immediately, .atTime: false
        case .inCalendar(let s, _): s.isZero
        }
    }

    /// Whether the length counts a calendar's holidays (working days or hours), so that a duty's
    /// own calendar changes it.
    public var usesCalendar: Bool {
        switch self {
        case .workingDays, .workingHours: true
        case .atTime(let s, _), .inCalendar(let s, _): s.usesCalendar
        default: false
        }
    }

    /// The same length, with its working days counted in `calendar` (nothing changes for a length that counts none).
    public func counted(in calendar: HolidayCalendar) -> TimeSpan {
        switch self {
        case .inCalendar(let s, _): s.counted(in: calendar)
        default: usesCalendar ? .inCalendar(self, calendar) : self
        }
    }

    public var description: String {
        switch self {
        case .minutes(let n): "\(n)m"
        case .hours(let n): "\(n)h"
        case .days(let n): "\(n)d"
        case .workingDays(let n): "\(n)wd"
        case .weeks(let n): "\(n)w"
        case .months(let n): "\(n)mo"
        case .workingHours(let n): "\(n)wh"
        case .immediately: "immediately"
        case .weekdays(let n): "\(n)wkd"
        case .atTime(let s, let t): "\(s) at \(t)"
        case .inCalendar(let s, _): s.description
        }
    }

    /// Elapsed seconds for units that are plain lengths (m, h, and d or w read as 24h multiples);
    /// nil for calendar-bound units.
    public var elapsedSeconds: Int64? {
        switch self {
        case .minutes(let n): Int64(n) * 60
        case .hours(let n): Int64(n) * 3600
        case .days(let n): Int64(n) * 86_400
        case .weeks(let n): Int64(n) * 604_800
        case .inCalendar(let s, _): s.elapsedSeconds
        default: nil
        }
    }

    /// Minutes or hours: lengths of clock time.
    public var isClockLength: Bool {
        switch self {
        case .minutes, .hours: true
        case .inCalendar(let s, _): s.isClockLength
        default: false
        }
    }

    public var isImmediately: Bool { self == .immediately }
    public var needsOfficeHours: Bool {
        switch self {
        case .workingHours: true
        case .inCalendar(let s, _): s.needsOfficeHours
        default: false
        }
    }

    /// Days, working days, weekdays, weeks and months give a date deadline; the rest (and a date
    /// length due at a time of day) an instant.
    public var isDateDeadline: Bool {
        switch self {
        case .days, .workingDays, .weekdays, .weeks, .months: true
        case .inCalendar(let s, _): s.isDateDeadline
        default: false
        }
    }
}

extension String {
    func trimmingCharacters(_ c: Character) -> String {
        var s = Substring(self)
        while s.first == c { s.removeFirst() }
        while s.last == c { s.removeLast() }
        return String(s)
    }
}

/// When a duty falls due: a moment, or the end of a local date.
public enum Deadline: Sendable, Hashable, Codable {
    case instant(Instant)
    case date(LocalDate)

    /// The first instant at which it is overdue: just after a due instant, or the start of the following local day.
    public func overdueAt(in zone: Zone) -> Instant {
        switch self {
        case .instant(let t): return t + 1
        case .date(let d): return zone.startOfDay(d.adding(days: 1))
        }
    }

    /// The instant reports show as `due`: the due instant, or the last second of the due date.
    public func displayInstant(in zone: Zone) -> Instant {
        switch self {
        case .instant(let t): return t
        case .date(let d): return zone.startOfDay(d.adding(days: 1)) + (-1)
        }
    }

    public var date: LocalDate? { if case .date(let d) = self { d } else { nil } }

    /// Met when done at or before the due instant, or on or before the due date (local).
    public func isMet(by t: Instant, in zone: Zone) -> Bool { t < overdueAt(in: zone) }
}

/// Everything deadline arithmetic needs: the zone, the calendar, office hours, and what `immediately` allows.
public struct TimeContext: Sendable {
    public var zone: Zone
    public var calendar: HolidayCalendar
    public var officeHours: OfficeHours?
    /// Seconds allowed by `immediately` (default one hour).
    public var immediate: Int64

    public init(zone: Zone, calendar: HolidayCalendar, officeHours: OfficeHours?, immediate: Int64 = 3600) {
        self.zone = zone
        self.calendar = calendar
        self.officeHours = officeHours
        self.immediate = immediate
    }

    /// The same context counting working days in another calendar.
    private func counting(in c: HolidayCalendar) -> TimeContext {
        var copy = self
        copy.calendar = c
        return copy
    }

    /// A date deadline moved to a time of day on its date (`1wd at 10:00`): that local instant.
    private func at(_ t: LocalTime, _ d: Deadline) -> Deadline {
        guard case .date(let day) = d else { return d }
        return .instant(zone.instant(day, t.minuteOfDay))
    }

    /// Date arithmetic stays inside the years a date can have (to 9999).
    private func within(_ from: LocalDate, _ span: TimeSpan, months: Int, _ add: (LocalDate) -> LocalDate) throws(TimeError) -> LocalDate {
        guard from.year + months / 12 + 1 <= 9999 else { throw TimeError("'\(span)' from \(from) goes past the year 9999") }
        return add(from)
    }

    /// The deadline `span` before a scheduled date ("3 working days before the conference"):
    /// the date counted back in calendar days, weeks, months (clamped) or working days; due
    /// by the end of that local day. Hours and minutes cannot be counted back from a date
    /// whose time of day is not known.
    public func deadline(_ span: TimeSpan, before date: LocalDate) throws(TimeError) -> Deadline {
        let d = try beforeDate(span, date)
        if case .date(let day) = d, !(1...9999).contains(day.year) { throw TimeError("'\(span)' before \(date) goes before the year 1") }
        return d
    }

    private func beforeDate(_ span: TimeSpan, _ date: LocalDate) throws(TimeError) -> Deadline {
        switch span {
        case .days(let n): return .date(date.adding(days: -n))
        case .weeks(let n): return .date(date.adding(days: -7 * n))
        case .months(let n): return .date(date.adding(months: -n))
        case .workingDays(let n): return .date(try calendar.subtractingWorkingDays(n, from: date))
        case .weekdays(let n): return .date(date.subtracting(weekdays: n))
        case .atTime(let s, let t): return try at(t, deadline(s, before: date))
        case .inCalendar(let s, let c): return try counting(in: c).deadline(s, before: date)
        case .minutes, .hours:
            throw TimeError("'\(span)' before a date cannot be counted: the time of day is not known; use days (d, wd, w, mo) or a time")
        case .workingHours, .immediately:
            throw TimeError("'\(span)' cannot be counted back before a date")
        }
    }

    /// The deadline `span` before a scheduled instant: an instant for minutes and hours, else
    /// a date counted back from the instant's local date (see `deadline(_:before:)` for dates).
    public func deadline(_ span: TimeSpan, before t: Instant) throws(TimeError) -> Deadline {
        switch span {
        case .minutes(let n): return .instant(t + (-Int64(n) * 60))
        case .hours(let n): return .instant(t + (-Int64(n) * 3600))
        case .days, .weeks, .months, .workingDays, .weekdays, .atTime: return try deadline(span, before: zone.localDate(of: t))
        case .inCalendar(let s, let c): return try counting(in: c).deadline(s, before: t)
        case .workingHours, .immediately:
            throw TimeError("'\(span)' cannot be counted back before a time")
        }
    }

    public func deadline(_ span: TimeSpan, from t: Instant) throws(TimeError) -> Deadline {
        switch span {
        case .minutes(let n): return .instant(t + Int64(n) * 60)
        case .hours(let n): return .instant(t + Int64(n) * 3600)
        case .immediately: return .instant(t + immediate)
        case .days(let n): return .date(try within(zone.localDate(of: t), span, months: (n + 27) / 28) { $0.adding(days: n) })
        case .weeks(let n): return .date(try within(zone.localDate(of: t), span, months: (7 * n + 27) / 28) { $0.adding(days: 7 * n) })
        case .months(let n): return .date(try within(zone.localDate(of: t), span, months: n) { $0.adding(months: n) })
        case .workingDays(let n): return .date(try calendar.addingWorkingDays(n, to: zone.localDate(of: t)))
        case .weekdays(let n): return .date(try within(zone.localDate(of: t), span, months: (2 * n + 27) / 28) { $0.adding(weekdays: n) })
        case .atTime(let s, let clock): return try at(clock, deadline(s, from: t))
        case .inCalendar(let s, let c): return try counting(in: c).deadline(s, from: t)
        case .workingHours(let n):
            guard let hours = officeHours else { throw TimeError("'\(span)' counts working hours, but no office hours are set") }
            var remaining = Int64(n) * 3600, at = t
            while true {
                guard let (open, close) = try hours.interval(atOrAfter: at, zone: zone, calendar: calendar) else {
                    throw TimeError("no office hours in the three weeks after \(zone.describe(at))")
                }
                let available = close.seconds - open.seconds
                if remaining <= available { return .instant(open + remaining) }
                remaining -= available
                at = close
            }
        }
    }
}

/// A string of scalars appended one by one: `String.UnicodeScalarView(_:)` of a slice goes
/// through the unspecialized generic append, whose first use costs ~280K instructions of
/// runtime type lookups on every check.
private func scalarString(_ scalars: some Collection<Unicode.Scalar>) -> String {
    var view = String.UnicodeScalarView()
    for c in scalars { view.append(c) }
    return String(view)
}
