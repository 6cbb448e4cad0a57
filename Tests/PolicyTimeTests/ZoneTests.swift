import Foundation
import Testing
@testable import PolicyTime

@Suite struct ZoneTests {
    @Test func unknownZoneIsAnError() {
        #expect(throws: TimeError.self) { try Zone(identifier: "Europe/Londn") }
        #expect(throws: TimeError.self) { try Zone(identifier: "") }
    }

    @Test(arguments: ["Europe/London", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"])
    func theOneLookupPathAgreesWithTheCarefulOneOnEveryDay(_ name: String) throws {
        let zone = try Zone(identifier: name)
        for day in date("2018-01-01").daysSinceEpoch...date("2030-12-31").daysSinceEpoch {
            let d = LocalDate(daysSinceEpoch: day)
            for minute in [0, 30, 60, 90, 120, 150, 180, 600, 1380, 1439] {
                let fast = zone.instant(d, minute), careful = zone.instantNearAChange(d, minute)
                if fast != careful { Issue.record("\(name) \(d) minute \(minute): \(fast) vs \(careful)"); return }
            }
        }
    }

    @Test func localDateNearMidnightInSummerTime() {
        #expect(london.localDate(of: instant("2026-07-01T23:30:00Z")) == date("2026-07-02"))
        #expect(london.localDate(of: instant("2026-01-01T23:30:00Z")) == date("2026-01-01"))
        #expect(london.localDate(of: instant("2026-06-30T23:00:00Z")) == date("2026-07-01"))
    }

    @Test func abbreviations() {
        #expect(london.describe(instant("2026-03-14T22:10:00Z")) == "Sat 14 Mar 2026 22:10 GMT")
        #expect(london.describe(instant("2026-07-01T09:00:00Z")) == "Wed 1 Jul 2026 10:00 BST")
    }

    @Test func localTimesAcrossClockChanges() {
        // Spring: 01:30 does not exist on 29 Mar 2026; it moves forward by the gap.
        #expect(london.instant(date("2026-03-29"), 90).description == "2026-03-29T01:30:00Z")
        #expect(london.instant(date("2026-03-29"), 150).description == "2026-03-29T01:30:00Z")
        // Autumn: 01:30 happens twice on 25 Oct 2026; the first is taken.
        #expect(london.instant(date("2026-10-25"), 90).description == "2026-10-25T00:30:00Z")
        #expect(london.startOfDay(date("2026-07-01")).description == "2026-06-30T23:00:00Z")
    }

    @Test func elapsedHoursAcrossBothChanges() throws {
        // 24h is 24 elapsed hours, so the local clock reads 25h or 23h later.
        let spring = try context.deadline(.hours(24), from: instant("2026-03-28T12:00:00Z"))
        #expect(spring == .instant(instant("2026-03-29T12:00:00Z")))
        #expect(london.describe(instant("2026-03-29T12:00:00Z")) == "Sun 29 Mar 2026 13:00 BST")
        let autumn = try context.deadline(.hours(24), from: instant("2026-10-24T12:00:00Z"))
        #expect(london.describe(autumn.displayInstant(in: london)) == "Sun 25 Oct 2026 12:00 GMT")
    }

    @Test(arguments: [
        ("2026-03-14T20:40:00Z", "2026-03-15T09:30:00Z", true),   // across midnight, 12h 50m
        ("2026-03-14T18:00:00Z", "2026-03-14T23:30:00Z", false),  // evening only
        ("2026-03-15T01:00:00Z", "2026-03-15T06:30:00Z", false),  // 5h 30m: too short
        ("2026-03-15T02:00:00Z", "2026-03-15T08:00:00Z", true),   // 6h overlapping 02:00-06:00
        ("2026-07-01T05:30:00Z", "2026-07-01T12:00:00Z", false),  // 06:30 BST onwards: after the window
        ("2026-07-01T04:30:00Z", "2026-07-01T12:00:00Z", true),   // 05:30 BST: inside the window
    ])
    func overnight(_ from: String, _ to: String, _ expected: Bool) {
        #expect(london.isOvernight(from: instant(from), to: instant(to)) == expected)
    }

    @Test(arguments: ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"])
    func overnightByArithmeticAgreesWithTheCarefulWay(_ name: String) throws {
        // Episodes starting every 97 minutes through 2025-2027 (both clock changes each year, and
        // Lord Howe's half hour), lasting from 6 hours to 3 days, against the date-by-date reading.
        let zone = try Zone(identifier: name)
        let lengths: [Int64] = [6 * 3600, 6 * 3600 + 1, 7 * 3600 + 30 * 60, 11 * 3600, 23 * 3600 + 59 * 60, 30 * 3600, 72 * 3600]
        var start = instant("2025-01-01T00:00:00Z").seconds, checked = 0, overnight = 0
        while start < instant("2028-01-01T00:00:00Z").seconds {
            for length in lengths {
                let (a, b) = (Instant(secondsSinceEpoch: start), Instant(secondsSinceEpoch: start + length))
                let fast = zone.isOvernight(from: a, to: b), careful = zone.isOvernightCarefully(from: a, to: b)
                if fast != careful { Issue.record("\(name) \(a) to \(b): \(fast) vs \(careful)"); return }
                checked += 1
                if fast { overnight += 1 }
            }
            start += 97 * 60
        }
        #expect(checked > 70_000 && overnight > 0 && overnight < checked)
    }

    @Test func nextCheckpoint() {
        let times = [LocalTime("23:00")!, LocalTime("08:00")!]
        #expect(london.nextLocalTime(times, after: instant("2026-03-14T12:00:00Z")).description == "2026-03-14T23:00:00Z")
        #expect(london.nextLocalTime(times, after: instant("2026-03-14T23:00:00Z")).description == "2026-03-15T08:00:00Z")
        #expect(london.nextLocalTime(times, after: instant("2026-07-14T12:00:00Z")).description == "2026-07-14T22:00:00Z")
    }
}

@Suite struct ZoneTransitionTable {
    @Test(arguments: ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Europe/Dublin", "UTC"])
    func agreesWithTheSystemZoneEverywhere(_ name: String) throws {
        let zone = try Zone(identifier: name)
        let tz = try #require(TimeZone(identifier: name))
        var rng = SeededRandom(state: 7)
        for _ in 0..<3000 {
            let t = Int64.random(in: 0..<4_102_444_800, using: &rng)
            #expect(zone.offset(at: Instant(secondsSinceEpoch: t)) == Int64(tz.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t)))), "\(name) at \(t)")
        }
    }
}

@Suite struct ZoneChangeLookup {
    /// The guessed place among a zone's changes agrees with the binary search everywhere:
    /// at random instants, at each change and a second either side, and at the table's ends.
    @Test(arguments: ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Europe/Dublin", "UTC",
                      "America/Sao_Paulo", "Asia/Tehran", "Africa/Casablanca", "Pacific/Apia"])
    func guessAgreesWithSearch(_ name: String) throws {
        let zone = try Zone(identifier: name)
        let table = zone.transitions
        var times: [Int64] = [Transitions.from, Transitions.until - 1, 1, Transitions.until - 2]
        for c in table.instants { times += [c - 1, c, c + 1] }
        var rng = SeededRandom(state: 11)
        for _ in 0..<5000 { times.append(Int64.random(in: Transitions.from..<Transitions.until, using: &rng)) }
        for t in times {
            #expect(table.changes(through: t) == table.changesBySearch(through: t), "\(name) at \(t)")
        }
    }

    /// Hostile tables: empty, one change, changes bunched at one end, duplicates and wide gaps.
    @Test func oddTablesAgreeWithSearch() {
        let tables: [[Int64]] = [
            [], [1_000], [1_000, 1_001], [5, 6, 7, 8, 9, 10, 4_000_000_000],
            [100, 200, 300, 400, 500, 600, 700, 800, 900, 1_000, 3_000_000_000, 3_000_000_001],
            [50, 50, 50, 2_000_000_000, 2_000_000_000, 4_100_000_000],
            Array(stride(from: 1_000_000, to: 4_000_000_000, by: 15_778_800)) + [4_050_000_000, 4_050_000_001, 4_050_000_002],
        ]
        var rng = SeededRandom(state: 3)
        for instants in tables {
            let table = Transitions(initial: 0, instants: instants, offsets: instants.indices.map { Int64($0) * 60 })
            var times: [Int64] = [Transitions.from, Transitions.until - 1]
            for c in instants { times += [c - 1, c, c + 1] }
            for _ in 0..<2000 { times.append(Int64.random(in: Transitions.from..<Transitions.until, using: &rng)) }
            for t in times where t >= Transitions.from && t < Transitions.until {
                #expect(table.changes(through: t) == table.changesBySearch(through: t), "\(instants.prefix(4)) at \(t)")
            }
        }
    }
}

@Suite struct ZoneNames {
    @Test(arguments: ["Europe/London", "UTC", "Etc/UTC", "GMT", "America/New_York", "US/Eastern"])
    func acceptsIANANamesAndLinks(_ name: String) throws {
        #expect(try Zone(identifier: name).identifier == name)
    }

    @Test(arguments: ["BST", "IST", "EST", "CET", "GMT+5", "GMT-1", "Etc/GMT+5", "UTC+01:00", "", "Europe/Londn"])
    func refusesAbbreviationsOffsetsAndUnknownNames(_ name: String) {
        #expect(throws: TimeError.self) { try Zone(identifier: name) }
    }
}
