/// Bank holidays (and any local closure days) for the years a calendar covers.
/// Working days are Monday to Friday and not a holiday; a year outside the
/// covered years is an error, never a guess.
public struct HolidayCalendar: Sendable, Hashable {
    public let name: String
    public let covers: ClosedRange<Int>
    public let holidays: [LocalDate: String]
    /// The file it came from, named in messages.
    public let file: String
    /// Working days of the covered years, as days since 1970-01-01, in order: counting
    /// N working days is one search and one index, however large N is.
    private let workingDays: [Int]
    private let firstDay: Int
    private let lastDay: Int

    public init(name: String, covers: ClosedRange<Int>, holidays: [LocalDate: String], file: String) {
        self.name = name
        self.covers = covers
        self.holidays = holidays
        self.file = file
        let first = LocalDate(year: covers.lowerBound, month: 1, day: 1)!.daysSinceEpoch
        let last = LocalDate(year: covers.upperBound, month: 12, day: 31)!.daysSinceEpoch
        firstDay = first
        lastDay = last
        // One walk over the days, the day of the week counted along (1 = Monday ... 7 = Sunday),
        // each holiday marked by its place in the years covered (no sorting, no set lookups),
        // written straight into the table's storage.
        var closed = [Bool](repeating: false, count: last - first + 1)
        for date in holidays.keys where date.daysSinceEpoch >= first && date.daysSinceEpoch <= last {
            closed[date.daysSinceEpoch - first] = true
        }
        workingDays = [Int](unsafeUninitializedCapacity: last - first + 1) { buffer, count in
            var n = 0, day = first
            var weekday = LocalDate(daysSinceEpoch: first).weekday
            while day <= last {
                if weekday < 6, !closed[day - first] {
                    buffer[n] = day
                    n += 1
                }
                weekday = weekday == 7 ? 1 : weekday + 1
                day += 1
            }
            count = n
        }
    }

    public static func == (a: HolidayCalendar, b: HolidayCalendar) -> Bool {
        (a.name, a.covers, a.file) == (b.name, b.covers, b.file) && a.holidays == b.holidays
    }

    public func hash(into h: inout Hasher) {
        h.combine(name)
        h.combine(file)
    }

    public func checkCovered(_ date: LocalDate) throws(TimeError) {
        guard covers.contains(date.year) else { throw outside(date.year) }
    }

    private func outside(_ year: Int) -> TimeError {
        TimeError("year \(year) is outside calendar '\(name)' (covers \(covers.lowerBound)–\(covers.upperBound)); add its bank holidays to \(file)")
    }

    public func isWorkingDay(_ date: LocalDate) throws(TimeError) -> Bool {
        try checkCovered(date)
        let day = date.daysSinceEpoch
        let i = workingDaysBefore(day)
        return i < workingDays.count && workingDays[i] == day
    }

    /// Counting forward from the day after `date`, the `n`th working day (`date` itself for 0).
    /// Every day counted over must lie in the covered years.
    public func addingWorkingDays(_ n: Int, to date: LocalDate) throws(TimeError) -> LocalDate {
        guard n > 0 else { return date }
        let start = date.daysSinceEpoch
        if start + 1 < firstDay || start + 1 > lastDay { throw outside(LocalDate(daysSinceEpoch: start + 1).year) }
        let i = workingDaysBefore(start + 1) + n - 1
        guard i < workingDays.count else { throw outside(covers.upperBound + 1) }
        return LocalDate(daysSinceEpoch: workingDays[i])
    }

    /// Counting back from the day before `date`, the `n`th working day (`date` itself for 0):
    /// "3 working days before Thursday 10th" is Monday 7th. Every day counted over must lie
    /// in the covered years.
    public func subtractingWorkingDays(_ n: Int, from date: LocalDate) throws(TimeError) -> LocalDate {
        guard n > 0 else { return date }
        let start = date.daysSinceEpoch
        if start - 1 < firstDay || start - 1 > lastDay { throw outside(LocalDate(daysSinceEpoch: start - 1).year) }
        let i = workingDaysBefore(start) - n
        guard i >= 0 else { throw outside(covers.lowerBound - 1) }
        return LocalDate(daysSinceEpoch: workingDays[i])
    }

    /// How many working days come before `day` (the index of the first one on or after it).
    private func workingDaysBefore(_ day: Int) -> Int {
        var lo = 0, hi = workingDays.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if workingDays[mid] < day { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
