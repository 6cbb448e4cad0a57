import Testing
@testable import PolicyTime

@Suite struct LocalDateTests {
    @Test(arguments: [("1970-01-01", 0), ("2000-02-29", 11016), ("2026-03-14", 20526), ("1969-12-31", -1)])
    func daysSinceEpochRoundTrips(_ text: String, _ days: Int) {
        #expect(date(text).daysSinceEpoch == days)
        #expect(LocalDate(daysSinceEpoch: days) == date(text))
    }

    @Test(arguments: ["2026-02-29", "2026-13-01", "2026-04-31", "26-01-01", "2026-1-01", "2026-01-01x"])
    func impossibleDatesAreRefused(_ text: String) { #expect(LocalDate(text) == nil) }

    @Test(arguments: [("2026-01-31", 1, "2026-02-28"), ("2024-01-31", 1, "2024-02-29"), ("2026-03-31", 1, "2026-04-30"),
                      ("2026-11-30", 3, "2027-02-28"), ("2026-08-31", 6, "2027-02-28"), ("2026-05-15", 12, "2027-05-15")])
    func monthsClampToTheLastDay(_ from: String, _ n: Int, _ expected: String) {
        #expect(date(from).adding(months: n) == date(expected))
    }

    /// Negative months across years, and past the years a date can have: never a trap; the
    /// year says it is out of range, and callers refuse it.
    @Test func monthsBackAndPastTheRangeNeverTrap() {
        #expect(date("2026-01-15").adding(months: -1) == date("2025-12-15"))
        #expect(date("2026-03-31").adding(months: -13) == date("2025-02-28"))
        #expect(date("9999-12-31").adding(months: 1).year == 10000)
        #expect(date("0001-01-15").adding(months: -1).year == 0)
        #expect(date("0001-01-15").adding(months: -25).year == -2)
    }

    @Test func weekdays() {
        #expect(date("2026-03-14").weekday == 6)  // Saturday
        #expect(date("2026-12-28").weekday == 1)  // Monday
        #expect(date("2026-03-14").words == "Sat 14 Mar 2026")
    }

    @Test func ages() {
        #expect(date("2026-05-16").years(since: date("2010-05-17")) == 15)
        #expect(date("2026-05-17").years(since: date("2010-05-17")) == 16)
        #expect(date("2025-02-28").years(since: date("2008-02-29")) == 16)
    }
}

@Suite struct InstantTests {
    @Test(arguments: [("2026-03-14T22:10:00Z", "2026-03-14T22:10:00Z"), ("2026-07-01T00:30:00+01:00", "2026-06-30T23:30:00Z"),
                      ("2026-07-01T10:00:00.750-05:30", "2026-07-01T15:30:00Z"), ("2026-03-14t22:10:00z", "2026-03-14T22:10:00Z")])
    func parsesRFC3339(_ text: String, _ utc: String) throws {
        #expect(try Instant(rfc3339: text).description == utc)
    }

    @Test(arguments: [("2026-03-14T22:10:00", "no offset"), ("2026-02-30T10:00:00Z", "impossible date"),
                      ("2026-03-14T25:10:00Z", "impossible time"), ("14/03/2026 22:10", "not an RFC 3339"),
                      ("2026-03-14T22:10:00+1", "malformed offset")])
    func refusesBadTimes(_ text: String, _ words: String) {
        do {
            _ = try Instant(rfc3339: text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.message.contains(words) || (words == "no offset" && error.message.contains("has no offset")))
        }
    }

    static let durations: [(Int64, String)] = [(0, "0m"), (2700, "45m"), (10800, "3h"), (100_200, "27h 50m"), (270_300, "75h 5m")]
    @Test(arguments: durations)
    func durationsInHoursAndMinutes(_ seconds: Int64, _ words: String) {
        #expect(Durations.describe(seconds: seconds) == words)
    }
}
