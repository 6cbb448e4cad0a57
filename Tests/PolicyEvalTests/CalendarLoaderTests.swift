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

/// Calendars in the shipped layout are read line by line, without the YAML reader: the same
/// calendar as the YAML reader gives for every shipped file, and for any file that strays
/// from the layout or holds a mistake, the YAML reader's answer, messages and all.
@Suite struct PlainCalendarLayout {
    static let shipped = ["england-and-wales", "scotland", "northern-ireland"]

    func text(_ name: String) throws -> String {
        try String(contentsOfFile: policiesDir + "/calendars/\(name).yaml", encoding: .utf8)
    }

    @Test(arguments: shipped)
    func shippedCalendarsAreReadLineByLineAlikeToYAML(_ name: String) throws {
        let path = policiesDir + "/calendars/\(name).yaml"
        let plain = try #require(PlainCalendar(Array(try text(name).utf8)))
        let yaml = try CalendarLoader.loadYAML(path: path, name: name).get()
        #expect(plain.covers == yaml.covers)
        #expect(plain.holidays == yaml.holidays)
        #expect(try CalendarLoader.load(path: path, name: name).get() == yaml)
    }

    /// Each variant of England and Wales' file, and whether the line reader takes it.
    static let variants: [(String, @Sendable (String) -> String, Bool)] = [
        ("as shipped", { $0 }, true),
        ("holidays at the left margin", { $0.replacingOccurrences(of: "\n  - {", with: "\n- {") }, true),
        ("covers after the holidays", { t in
            t.replacingOccurrences(of: "covers: {from: 2018, to: 2030}\n", with: "") + "covers: {from: 2018, to: 2030}\n" }, true),
        ("no final line break", { String($0.dropLast()) }, true),
        ("a repeated date", { $0.replacingOccurrences(of: "2018-03-30", with: "2018-01-01") }, false),
        ("an impossible date", { $0.replacingOccurrences(of: "2018-03-30", with: "2018-02-30") }, false),
        ("a date outside covers", { $0.replacingOccurrences(of: "to: 2030", with: "to: 2029") }, false),
        ("covers beyond 2200", { $0.replacingOccurrences(of: "to: 2030", with: "to: 2230") }, false),
        ("covers the wrong way round", { $0.replacingOccurrences(of: "from: 2018", with: "from: 2031") }, false),
        ("a tab", { $0.replacingOccurrences(of: "  - {date: 2019-01-01", with: "\t- {date: 2019-01-01") }, false),
        ("a carriage return", { $0.replacingOccurrences(of: "\n", with: "\r\n") }, false),
        ("an escape in a name", { $0.replacingOccurrences(of: "\"Good Friday\"", with: "\"Good\\tFriday\"") }, false),
        ("a single-quoted name", { $0.replacingOccurrences(of: "\"Good Friday\"", with: "'Good Friday'") }, false),
        ("a misspelt key", { $0.replacingOccurrences(of: "holidays:", with: "holiday:") }, false),
        ("a repeated key", { $0 + "title: again\n" }, false),
        ("no holidays", { String($0.prefix(upTo: $0.range(of: "holidays:")!.upperBound)) + "\n" }, false),
        ("an item indented differently", { $0.replacingOccurrences(of: "  - {date: 2019-01-01", with: "   - {date: 2019-01-01") }, false),
        ("a comment after a value", { $0.replacingOccurrences(of: "to: 2030}", with: "to: 2030}  # to") }, false),
        ("a quoted title", { $0.replacingOccurrences(of: "title: Bank", with: "title: \"Bank") + "" }, false),
        ("a line of spaces", { $0.replacingOccurrences(of: "holidays:\n", with: "holidays:\n   \n") }, false),
        ("a document marker", { "---\n" + $0 }, false),
        ("a byte-order mark", { "\u{FEFF}" + $0 }, false),
        ("keys in another order in an item", { $0.replacingOccurrences(of: "{date: 2018-01-01, name: \"New Year's Day\"}", with: "{name: \"New Year's Day\", date: 2018-01-01}") }, false),
    ]

    @Test(arguments: 0..<variants.count)
    func anyOtherFileIsReadAsYAML(_ k: Int) throws {
        let (what, change, plainly) = PlainCalendarLayout.variants[k]
        let changed = change(try text("england-and-wales"))
        #expect((PlainCalendar(Array(changed.utf8)) != nil) == plainly, "\(what)")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("policyeval-plain-calendar-\(getpid())-\(k).yaml").path
        try changed.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fast = CalendarLoader.load(path: path, name: "x"), yaml = CalendarLoader.loadYAML(path: path, name: "x")
        switch (fast, yaml) {
        case (.success(let a), .success(let b)): #expect(a == b && a.holidays == b.holidays, "\(what)")
        case (.failure(let a), .failure(let b)): #expect(a == b, "\(what)")
        default: Issue.record("\(what): \(fast) against \(yaml)")
        }
        if plainly { #expect((try? yaml.get()) != nil, "\(what)") }
    }
}
