import Foundation
import Testing
@testable import PolicyEval

/// The shipped calendars: each loads, covers 2018 to 2030, and holds the days that set the
/// nations apart (substitute days included).
@Suite struct ShippedCalendars {
    func calendar(_ name: String) throws -> HolidayCalendar {
        try CalendarLoader.load(path: policiesDir + "/calendars/\(name).yaml", name: name).get()
    }

    @Test(arguments: ["england-and-wales", "scotland", "northern-ireland"])
    func loadsAndCovers2018To2030(_ name: String) throws {
        let c = try calendar(name)
        #expect(c.covers == 2018...2030)
        #expect(c.holidays[LocalDate("2022-09-19")!] != nil)  // the state funeral, every nation
        #expect(c.holidays[LocalDate("2026-12-25")!] != nil)
    }

    @Test func scotlandKeepsSecondJanuaryStAndrewsAndAnEarlyAugustHoliday() throws {
        let c = try calendar("scotland")
        #expect(c.holidays[LocalDate("2026-01-02")!] == "2nd January")
        #expect(c.holidays[LocalDate("2026-11-30")!] == "St Andrew's Day")
        #expect(c.holidays[LocalDate("2027-11-30")!] == "St Andrew's Day")
        #expect(c.holidays[LocalDate("2026-08-03")!] == "Summer bank holiday")
        #expect(c.holidays[LocalDate("2026-04-06")!] == nil)  // no Easter Monday
        #expect(c.holidays[LocalDate("2026-08-31")!] == nil)  // nor England's late August
        // 1 and 2 January 2022 fell on a weekend: Monday 3 and Tuesday 4 instead.
        #expect(c.holidays[LocalDate("2022-01-03")!] != nil && c.holidays[LocalDate("2022-01-04")!] != nil)
    }

    @Test func northernIrelandKeepsStPatricksAndTheTwelfth() throws {
        let c = try calendar("northern-ireland")
        #expect(c.holidays[LocalDate("2026-03-17")!] == "St Patrick's Day")
        // 12 July 2026 is a Sunday: Monday 13 July is the day off.
        #expect(c.holidays[LocalDate("2026-07-12")!] == nil)
        #expect(c.holidays[LocalDate("2026-07-13")!]?.hasPrefix("Battle of the Boyne") == true)
        #expect(c.holidays[LocalDate("2026-04-06")!] == "Easter Monday")
    }
}

/// The calendars beside a vocabulary are read when a rule file names one, not all at start:
/// a broken calendar no policy names costs nothing and says nothing; a named one says what
/// is wrong with it; an unknown name is answered from the files' names.
@Suite struct CalendarsReadWhenNamed {
    @Test func onlyTheNamedCalendarIsRead() throws {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("policyeval-calendars-\(getpid())-\(UUID().uuidString.prefix(8))").path
        try fm.createDirectory(atPath: root + "/calendars", withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: root) }
        try fm.copyItem(atPath: policiesDir + "/calendars/england-and-wales.yaml", toPath: root + "/calendars/good.yaml")
        try "covers: [oops\n".write(toFile: root + "/calendars/broken.yaml", atomically: true, encoding: .utf8)

        let set = CalendarSet(root: root)
        #expect(Set(set.paths.keys) == ["good", "broken"])
        let good = try set.calendar(named: "good").get()
        #expect(good.holidays[LocalDate("2026-12-25")!] != nil)
        // Asked again: the same calendar, not read again.
        #expect(try set.calendar(named: "good").get().holidays == good.holidays)
        guard case .failure(let broken) = set.calendar(named: "broken") else {
            Issue.record("a broken calendar read as a good one")
            return
        }
        #expect(broken.hasErrors)
        guard case .failure(let unknown) = set.calendar(named: "goud") else {
            Issue.record("an unknown calendar found")
            return
        }
        #expect(unknown.items.first?.id == "unknown-calendar")
        #expect(unknown.items.first?.suggestion == "good")
        #expect(unknown.items.first?.message.contains("(calendars: broken, good)") == true)
    }
}
