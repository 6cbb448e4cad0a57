/// A calendar date with no time or zone: "2026-03-14".
public struct LocalDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01: one small number, so that dates are cheap to store, compare
    /// and count with; the year, month and day are worked out when asked for.
    public let daysSinceEpoch: Int
    public var year: Int { civil.year }
    public var month: Int { civil.month }
    public var day: Int { civil.day }

    /// nil for an impossible date.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(month: month, year: year) else { return nil }
        daysSinceEpoch = LocalDate.days(year: year, month: month, day: day)
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(_ text: String) {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == 0x2D, u[7] == 0x2D,
              let y = LocalDate.digits(u[0..<4]), let m = LocalDate.digits(u[5..<7]), let d = LocalDate.digits(u[8..<10])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    static func digits(_ s: ArraySlice<UInt8>) -> Int? {
        var v = 0
        for c in s {
            guard c >= 0x30, c <= 0x39 else { return nil }
            v = v * 10 + Int(c - 0x30)
        }
        return v
    }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysIn(month m: Int, year y: Int) -> Int {
        switch m {
        case 2: return isLeap(y) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(daysSinceEpoch: Int) { self.daysSinceEpoch = daysSinceEpoch }

    /// The civil date (Howard Hinnant's civil_from_days).
    var civil: (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public func adding(days n: Int) -> LocalDate { LocalDate(daysSinceEpoch: daysSinceEpoch + n) }

    /// The same day of the month `n` months later, clamped to the month's last day.
    /// Never traps: past the years 1 to 9999 it gives a date outside them (proleptic Gregorian),
    /// which callers refuse by its `year` (a date field of 9999-12-31 plus a month is unknown,
    /// not a crash).
    public func adding(months n: Int) -> LocalDate {
        let (year, month, day) = civil
        let total = year * 12 + (month - 1) + n
        let y = total >= 0 ? total / 12 : (total - 11) / 12
        let m = total - y * 12 + 1
        return LocalDate(daysSinceEpoch: LocalDate.days(year: y, month: m, day: min(day, LocalDate.daysIn(month: m, year: y))))
    }

    /// 1 = Monday ... 7 = Sunday (ISO 8601).
    public var weekday: Int {
        let d = (daysSinceEpoch % 7 + 7) % 7  // 1970-01-01 was a Thursday
        return (d + 3) % 7 + 1
    }

    public var isWeekend: Bool { weekday >= 6 }

    /// Counting forward from the day after, the `n`th weekday (Monday to Friday, bank holidays
    /// counted like any other weekday); the date itself for 0. Needs no calendar.
    public func adding(weekdays n: Int) -> LocalDate {
        guard n > 0 else { return self }
        // Any 7 days in a row hold 5 weekdays: whole weeks first, then at most a week day by day.
        let weeks = (n - 1) / 5
        var d = adding(days: 7 * weeks), left = n - 5 * weeks
        while left > 0 {
            d = d.adding(days: 1)
            if !d.isWeekend { left -= 1 }
        }
        return d
    }

    /// Counting back from the day before, the `n`th weekday; the date itself for 0.
    public func subtracting(weekdays n: Int) -> LocalDate {
        guard n > 0 else { return self }
        let weeks = (n - 1) / 5
        var d = adding(days: -7 * weeks), left = n - 5 * weeks
        while left > 0 {
            d = d.adding(days: -1)
            if !d.isWeekend { left -= 1 }
        }
        return d
    }

    /// Whole years from `born` to this date (an age).
    public func years(since born: LocalDate) -> Int {
        let (year, month, day) = civil, b = born.civil
        var y = year - b.year
        if (month, day) < (b.month, b.day) { y -= 1 }
        return y
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    public var description: String { shortString(LocalDate.maxDescriptionBytes, writeDescription(to:)) }

    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let d = LocalDate(s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(s)"))
        }
        self = d
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    static let weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "Wed 18 Mar 2026".
    public var words: String { shortString(LocalDate.maxWordsBytes, writeWords(to:)) }
}

/// A local clock time, to the minute: "08:30".
public struct LocalTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let minuteOfDay: Int

    public init?(hour: Int, minute: Int) {
        guard (0...24).contains(hour), (0...59).contains(minute), hour * 60 + minute <= 1440 else { return nil }
        minuteOfDay = hour * 60 + minute
    }

    /// Parses `HH:MM` (24:00 allowed, meaning the end of the day).
    public init?(_ text: String) {
        let u = Array(text.utf8)
        guard u.count == 5, u[2] == 0x3A, let h = LocalDate.digits(u[0..<2]), let m = LocalDate.digits(u[3..<5]) else { return nil }
        self.init(hour: h, minute: m)
    }

    public static func < (a: LocalTime, b: LocalTime) -> Bool { a.minuteOfDay < b.minuteOfDay }

    public var description: String {
        var s = ""
        Digits.append(minuteOfDay / 60, width: 2, to: &s)
        s.append(":")
        Digits.append(minuteOfDay % 60, width: 2, to: &s)
        return s
    }
}

/// Zero-padded decimal digits without string interpolation: dates and times are
/// formatted for every duty in a report.
enum Digits {
    static func append(_ value: Int, width: Int, to s: inout String) {
        var v = value < 0 ? -value : value
        var buffer: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let count = withUnsafeMutableBytes(of: &buffer) { raw -> Int in
            var i = raw.count
            repeat {
                i -= 1
                raw[i] = UInt8(48 + v % 10)
                v /= 10
            } while v > 0 && i > 0
            while raw.count - i < width && i > 0 {
                i -= 1
                raw[i] = 48
            }
            if value < 0 && i > 0 {
                i -= 1
                raw[i] = 45
            }
            s.append(String(decoding: UnsafeRawBufferPointer(rebasing: raw[i...]), as: UTF8.self))
            return raw.count - i
        }
        _ = count
    }
}
