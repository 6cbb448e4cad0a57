/// Bank holidays (and any local closure days) for the years a calendar covers.
/// Working days are Monday to Friday and not a holiday; a year outside the
/// covered years is an error, never a guess.
public struct HolidayCalendar: Sendable, Equatable {
    public let name: String
    public let covers: ClosedRange<Int>
    public let holidays: [LocalDate: String]
    /// The file it came from, named in messages.
    public let file: String
    private let holidayDays: Set<Int>

    public init(name: String, covers: ClosedRange<Int>, holidays: [LocalDate: String], file: String) {
        self.name = name
        self.covers = covers
        self.holidays = holidays
        self.file = file
        holidayDays = Set(holidays.keys.map(\.daysSinceEpoch))
    }

    public func checkCovered(_ date: LocalDate) throws(TimeError) {
        guard covers.contains(date.year) else {
            throw TimeError("year \(date.year) is outside calendar '\(name)' (covers \(covers.lowerBound)–\(covers.upperBound)); add its bank holidays to \(file)")
        }
    }

    public func isWorkingDay(_ date: LocalDate) throws(TimeError) -> Bool {
        try checkCovered(date)
        return !date.isWeekend && !holidayDays.contains(date.daysSinceEpoch)
    }

    /// Counting forward from the day after `date`, the `n`th working day (`date` itself for 0).
    public func addingWorkingDays(_ n: Int, to date: LocalDate) throws(TimeError) -> LocalDate {
        var d = date, left = n
        while left > 0 {
            d = d.adding(days: 1)
            if try isWorkingDay(d) { left -= 1 }
        }
        return d
    }
}
