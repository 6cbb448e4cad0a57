import Foundation
import Testing
@testable import PolicyTime

@Suite struct WorkingDays {
    @Test(arguments: [
        ("2021-12-24", 1, "2021-12-29"),  // Christmas and Boxing Day both substituted
        ("2026-12-16", 15, "2027-01-11"), // across Christmas and New Year
        ("2026-12-24", 1, "2026-12-29"),  // Boxing Day on a Saturday: substitute Monday 28th
        ("2027-12-24", 1, "2027-12-29"),
        ("2026-04-02", 1, "2026-04-07"),  // Easter: Good Friday and Easter Monday
        ("2020-05-07", 1, "2020-05-11"),  // the early May holiday moved to Friday 8 May
        ("2022-06-01", 1, "2022-06-06"),  // Platinum Jubilee: 2 and 3 June
        ("2022-09-16", 1, "2022-09-20"),  // State Funeral, Monday 19 September
        ("2023-05-05", 1, "2023-05-09"),  // Coronation, Monday 8 May
        ("2026-03-14", 1, "2026-03-16"),  // from a Saturday
        ("2026-03-16", 0, "2026-03-16"),
    ])
    func table(_ from: String, _ n: Int, _ expected: String) throws {
        #expect(try englandAndWales.addingWorkingDays(n, to: date(from)) == date(expected))
    }

    @Test func outsideTheCalendarNamesTheYearAndTheFile() {
        do {
            _ = try englandAndWales.addingWorkingDays(10, to: date("2030-12-20"))
            Issue.record("a date in 2031 was guessed")
        } catch {
            #expect(error.message.hasPrefix("year 2031 is outside calendar 'england-and-wales' (covers 2018–2030); add its bank holidays to "))
            #expect(error.message.hasSuffix("Policies/calendars/england-and-wales.yaml"))
        }
    }

    @Test(arguments: [
        ("2017-12-30", 1, "year 2017"),  // the first day counted is 31 Dec 2017
        ("2035-06-01", 1, "year 2035"),
        ("2030-12-31", 1, "year 2031"),
    ])
    func countingOutsideTheYearsNamesTheFirstMissingYear(_ from: String, _ n: Int, _ year: String) {
        #expect(throws: TimeError.self) { try englandAndWales.addingWorkingDays(n, to: date(from)) }
        do { _ = try englandAndWales.addingWorkingDays(n, to: date(from)) } catch {
            #expect(error.message.hasPrefix(year + " is outside calendar"))
        }
    }

    @Test func countingFromTheLastDayBeforeTheYearsStartsInside() throws {
        #expect(try englandAndWales.addingWorkingDays(1, to: date("2017-12-31")) == date("2018-01-02"))
        #expect(try englandAndWales.addingWorkingDays(0, to: date("2040-01-01")) == date("2040-01-01"))
    }

    @Test func neverOnAWeekendOrHoliday_addsUp_andNeverMovesBack() throws {
        var rng = SeededRandom(state: 42)
        for _ in 0..<400 {
            let from = LocalDate(daysSinceEpoch: date("2018-01-01").daysSinceEpoch + Int.random(in: 0..<4000, using: &rng))
            let n = Int.random(in: 1...30, using: &rng), m = Int.random(in: 1...30, using: &rng)
            let a = try englandAndWales.addingWorkingDays(n, to: from)
            #expect(try englandAndWales.isWorkingDay(a))
            #expect(!a.isWeekend && englandAndWales.holidays[a] == nil)
            #expect(try englandAndWales.addingWorkingDays(m, to: a) == englandAndWales.addingWorkingDays(n + m, to: from))
            #expect(try englandAndWales.addingWorkingDays(n + 1, to: from) > a)
        }
    }
}

@Suite struct Units {
    @Test(arguments: [("90m", TimeSpan.minutes(90)), ("24h", .hours(24)), ("3d", .days(3)), ("15wd", .workingDays(15)),
                      ("6w", .weeks(6)), ("3mo", .months(3)), ("2wh", .workingHours(2)), ("immediately", .immediately)])
    func parses(_ text: String, _ span: TimeSpan) throws {
        #expect(try TimeSpan(parsing: text) == span)
        #expect(span.description == text)
    }

    @Test func unknownUnitSuggestsTheRightOne() {
        do { _ = try TimeSpan(parsing: "24hours"); Issue.record("accepted") } catch {
            #expect(error.message.contains("unknown unit 'hours'"))
            #expect(error.suggestion == "24h")
        }
        #expect(throws: TimeError.self) { try TimeSpan(parsing: "soon") }
    }

    @Test func lengthsHaveStatedLimitsAndDatesStopAtTheYear9999() throws {
        #expect(try TimeSpan(parsing: "1200mo") == .months(1200))
        for text in ["1201mo", "99999mo", "5219w", "36526d", "100001h"] {
            #expect(throws: TimeError.self, "\(text)") { try TimeSpan(parsing: text) }
        }
        #expect(throws: TimeError.self) { try context.deadline(.months(1200), from: instant("9990-06-01T12:00:00Z")) }
        #expect(throws: TimeError.self) { try context.deadline(.days(36_525), from: instant("9950-06-01T12:00:00Z")) }
    }

    @Test func kinds() {
        #expect(TimeSpan.days(3).isDateDeadline && TimeSpan.workingDays(1).isDateDeadline && TimeSpan.months(1).isDateDeadline)
        #expect(!TimeSpan.hours(3).isDateDeadline && !TimeSpan.immediately.isDateDeadline && !TimeSpan.workingHours(2).isDateDeadline)
        #expect(TimeSpan.days(3).elapsedSeconds == 259_200)
        #expect(TimeSpan.workingDays(3).elapsedSeconds == nil)
        #expect(TimeSpan.hours(2).isClockLength && !TimeSpan.days(1).isClockLength)
    }

    @Test func deadlinesOfEachUnit() throws {
        let t = instant("2026-03-14T22:10:00Z")  // Saturday evening
        #expect(try context.deadline(.minutes(90), from: t) == .instant(instant("2026-03-14T23:40:00Z")))
        #expect(try context.deadline(.immediately, from: t) == .instant(instant("2026-03-14T23:10:00Z")))
        #expect(try context.deadline(.days(3), from: t) == .date(date("2026-03-17")))
        #expect(try context.deadline(.weeks(6), from: t) == .date(date("2026-04-25")))
        #expect(try context.deadline(.months(1), from: instant("2026-01-31T12:00:00Z")) == .date(date("2026-02-28")))
        #expect(try context.deadline(.workingDays(1), from: t) == .date(date("2026-03-16")))
        // Local date, not UTC date: 23:30 UTC on 1 July is 2 July in London.
        #expect(try context.deadline(.days(1), from: instant("2026-07-01T23:30:00Z")) == .date(date("2026-07-03")))
    }

    @Test func workingHours() throws {
        // Saturday evening: counting starts Monday 08:30.
        #expect(try context.deadline(.workingHours(2), from: instant("2026-03-14T22:10:00Z")) == .instant(instant("2026-03-16T10:30:00Z")))
        // Friday 16:00: 45 minutes left on Friday, the rest on Monday.
        #expect(try context.deadline(.workingHours(2), from: instant("2026-03-13T16:00:00Z")) == .instant(instant("2026-03-16T09:45:00Z")))
        // Thursday before Good Friday 2026: 30 minutes on Thursday, then Friday and Monday are bank holidays.
        #expect(try context.deadline(.workingHours(1), from: instant("2026-04-02T16:45:00+01:00")) == .instant(instant("2026-04-07T09:00:00+01:00")))
        #expect(try bcpHours.isOpen(at: instant("2026-03-16T08:30:00Z"), zone: london, calendar: englandAndWales))
        #expect(try !bcpHours.isOpen(at: instant("2026-03-16T17:15:00Z"), zone: london, calendar: englandAndWales))
        #expect(try !bcpHours.isOpen(at: instant("2026-12-25T10:00:00Z"), zone: london, calendar: englandAndWales))
    }

    @Test func dateDeadlinesAreMetUntilTheEndOfTheLocalDay() {
        let d = Deadline.date(date("2026-07-10"))
        #expect(d.isMet(by: instant("2026-07-10T22:59:59Z"), in: london))
        #expect(!d.isMet(by: instant("2026-07-10T23:00:00Z"), in: london))  // midnight BST
        #expect(d.displayInstant(in: london).description == "2026-07-10T22:59:59Z")
        let i = Deadline.instant(instant("2026-03-18T09:30:00Z"))
        #expect(i.isMet(by: instant("2026-03-18T09:30:00Z"), in: london))
        #expect(!i.isMet(by: instant("2026-03-18T09:30:01Z"), in: london))
    }

    @Test func officeHoursParseErrors() {
        #expect(throws: OfficeHours.ParseError.self) { try OfficeHours(parsing: [("mon-thurs", "08:30-17:15")]) }
        #expect(throws: OfficeHours.ParseError.self) { try OfficeHours(parsing: [("fri", "16:45-08:30")]) }
        #expect(throws: OfficeHours.ParseError.self) { try OfficeHours(parsing: [("mon-fri", "9-5")]) }
    }
}

/// Thousands of cases computed independently (scripts/time-reference.py: the `holidays`
/// package, dateutil and zoneinfo) must agree exactly.
@Suite struct ReferenceCrossCheck {
    @Test func agreesWithTheIndependentReference() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference/cases.tsv").path
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
        var checked = 0
        for line in lines {
            let f = line.split(separator: "\t").map(String.init)
            switch f[0] {
            case "wd":
                #expect(try englandAndWales.addingWorkingDays(Int(f[2])!, to: date(f[1])) == date(f[3]), "\(line)")
            case "mo":
                #expect(try context.deadline(.months(Int(f[2])!), from: london.instant(date(f[1]), 720)) == .date(date(f[3])), "\(line)")
            default:
                let t = instant(f[1])
                let parts = f[3].split(separator: "|")
                let later = try context.deadline(.hours(24), from: t).displayInstant(in: london)
                func local(_ x: Instant) -> String {
                    let m = london.localMinute(of: x)
                    return "\(london.localDate(of: x)) \(LocalTime(hour: m / 60, minute: m % 60)!)"
                }
                #expect(local(t) == String(parts[0]), "\(line)")
                #expect(local(later) == String(parts[1]), "\(line)")
            }
            checked += 1
        }
        #expect(checked > 4000)
    }
}

/// Counting back from a scheduled date (`within: {before: event.date, by: 3wd}`).
@Suite struct DeadlinesBeforeADate {
    @Test(arguments: [
        ("2026-12-10", "3wd", "2026-12-07"),  // Thursday: Wed, Tue, Mon
        ("2026-12-29", "3wd", "2026-12-22"),  // over Christmas, Boxing Day's substitute and a weekend
        ("2026-12-14", "1wd", "2026-12-11"),  // Monday: the Friday before
        ("2026-12-10", "5d", "2026-12-05"),
        ("2026-12-10", "2w", "2026-11-26"),
        ("2026-03-31", "1mo", "2026-02-28"),  // clamped, as forward months are
    ])
    func fromADate(_ on: String, _ span: String, _ expected: String) throws {
        #expect(try context.deadline(TimeSpan(parsing: span), before: date(on)) == .date(date(expected)))
    }

    @Test func fromATime() throws {
        // 48 hours before, across the clocks going forward (29 March 2026): elapsed hours.
        #expect(try context.deadline(.hours(48), before: instant("2026-03-30T10:00:00Z")) == .instant(instant("2026-03-28T10:00:00Z")))
        // Days before a time count from its local date.
        #expect(try context.deadline(.workingDays(1), before: instant("2026-12-14T09:00:00Z")) == .date(date("2026-12-11")))
    }

    @Test func hoursBeforeADateAndOutsideTheCalendarAreErrors() {
        #expect(throws: TimeError.self) { try context.deadline(.hours(48), before: date("2026-12-10")) }
        // Counted back past the year 1: refused, not a trap (a review finding).
        #expect(throws: TimeError.self) { try context.deadline(.months(1), before: date("0001-01-15")) }
        #expect(throws: TimeError.self) { try context.deadline(.workingHours(2), before: instant("2026-12-10T10:00:00Z")) }
        do { _ = try englandAndWales.subtractingWorkingDays(3, from: date("2018-01-02")) } catch {
            #expect(error.message.hasPrefix("year 2017 is outside calendar"))
        }
        #expect(throws: TimeError.self) { try englandAndWales.subtractingWorkingDays(1, from: date("2031-06-01")) }
    }
}
