import Testing
@testable import PolicyTime

/// Weekdays (Monday to Friday, bank holidays counted), a time of day on a date deadline
/// (`1wd at 10:00`), and a length counted in another calendar than the policy's.
@Suite struct WeekdaysAndTimesOfDay {
    @Test(arguments: [
        ("2026-12-24", "2wkd", "2026-12-28"),   // Christmas Day is a weekday: counted
        ("2026-12-24", "2wd", "2026-12-30"),    // but not a working day
        ("2026-03-14", "1wkd", "2026-03-16"),   // from a Saturday
        ("2026-03-16", "5wkd", "2026-03-23"),   // a whole week
        ("2026-03-16", "0wkd", "2026-03-16"),
        ("2031-06-02", "10wkd", "2031-06-16"),  // no calendar needed, so no year limit
    ])
    func weekdays(_ from: String, _ span: String, _ due: String) throws {
        let d = try context.deadline(TimeSpan(parsing: span), from: london.startOfDay(date(from)))
        #expect(d == .date(date(due)))
    }

    @Test func weekdaysForwardAndBackMatchCountingDayByDay() {
        var rng = SeededRandom(state: 7)
        for _ in 0..<500 {
            let start = date("2026-01-01").adding(days: Int.random(in: 0..<800, using: &rng))
            let n = Int.random(in: 0..<40, using: &rng)
            var d = start, left = n
            while left > 0 { d = d.adding(days: 1); if !d.isWeekend { left -= 1 } }
            #expect(start.adding(weekdays: n) == d)
            var b = start
            left = n
            while left > 0 { b = b.adding(days: -1); if !b.isWeekend { left -= 1 } }
            #expect(start.subtracting(weekdays: n) == b)
        }
    }

    @Test func aTimeOfDayOnADateDeadline() throws {
        // "By 10:00 the next working day": Friday afternoon, over the clock change, to Monday 10:00 BST.
        let span = try TimeSpan(parsing: "1wd at 10:00")
        #expect(span.description == "1wd at 10:00" && !span.isDateDeadline)
        #expect(try context.deadline(span, from: instant("2026-03-27T16:00:00Z")) == .instant(instant("2026-03-30T09:00:00Z")))
        // "By 17:00 the same day", and "by noon 3 working days before the conference".
        #expect(try context.deadline(TimeSpan(parsing: "0d at 17:00"), from: instant("2026-01-05T09:00:00Z")) == .instant(instant("2026-01-05T17:00:00Z")))
        #expect(try context.deadline(TimeSpan(parsing: "3wd at 12:00"), before: date("2026-12-10")) == .instant(instant("2026-12-07T12:00:00Z")))
    }

    @Test(arguments: [
        ("24h at 10:00", "a time of day goes with a length in days"),
        ("1wd at 25:00", "'25:00' is not a time of day"),
        ("1wd at 24:00", "'24:00' is not a time of day"),
        ("1wd at ten", "'ten' is not a time of day"),
        ("3 weekdays", "unknown unit 'weekdays'"),
    ])
    func badTimesOfDayAndUnitsAreRefused(_ text: String, _ words: String) {
        do {
            _ = try TimeSpan(parsing: text)
            Issue.record("'\(text)' was accepted")
        } catch {
            #expect(error.message.contains(words), "\(error.message)")
            if text == "3 weekdays" { #expect(error.suggestion == "3wkd") }
        }
    }

    @Test func aLengthCountedInAnotherCalendar() throws {
        // A calendar with one more day off (a council closure day, Tuesday 29 December 2026).
        var days = englandAndWales.holidays
        days[date("2026-12-29")] = "closure"
        let council = HolidayCalendar(name: "council", covers: 2018...2030, holidays: days, file: "council.yaml")
        let span = try TimeSpan(parsing: "2wd")
        #expect(try context.deadline(span, from: london.startOfDay(date("2026-12-24"))) == .date(date("2026-12-30")))
        #expect(try context.deadline(span.counted(in: council), from: london.startOfDay(date("2026-12-24"))) == .date(date("2026-12-31")))
        #expect(try context.deadline(TimeSpan(parsing: "1wd at 10:00").counted(in: council), from: london.startOfDay(date("2026-12-24")))
                == .instant(instant("2026-12-30T10:00:00Z")))
        // A length that counts no working days is left as it is.
        #expect(try TimeSpan(parsing: "3d").counted(in: council) == .days(3))
    }
}
