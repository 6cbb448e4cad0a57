import Foundation
import Testing
@testable import PolicyTime

@Suite struct ZoneFileTests {
    /// Every zone the project's policies, tests and docs name.
    static let zones = ["Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "Australia/Lord_Howe",
                        "Europe/Paris", "Europe/Dublin", "Etc/UTC", "UTC", "GB", "Eire"]

    @Test(arguments: zones)
    func theSystemFileGivesICUsTableExactly(_ name: String) throws {
        let tz = try #require(TimeZone(identifier: name))
        let icu = Transitions(tz)
        // Where the machine has no tz files, the zone falls back to ICU: nothing to compare.
        guard FileManager.default.fileExists(atPath: "/usr/share/zoneinfo/" + name) else { return }
        let file = try #require(ZoneFile.table(name), "\(name): the file was not read")
        #expect(file.initial == icu.initial)
        #expect(file.instants == icu.instants)
        #expect(file.offsets == icu.offsets)
    }

    @Test func offsetsFromTheFileAndFromICUAgreeHourByHour() throws {
        guard FileManager.default.fileExists(atPath: "/usr/share/zoneinfo/Europe/London") else { return }
        let tz = try #require(TimeZone(identifier: "Europe/London"))
        let table = try #require(ZoneFile.table("Europe/London"))
        let viaFile = Transitions(initial: table.initial, instants: table.instants, offsets: table.offsets)
        var t: Int64 = 0
        while t < Transitions.until {
            let icu = Int64(tz.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t))))
            if viaFile.offset(at: t) != icu { Issue.record("at \(t): \(String(describing: viaFile.offset(at: t))) vs \(icu)"); return }
            t += 3 * 3600 + 17
        }
    }

    @Test func unreadableOrOddFilesGiveNothing() {
        #expect(ZoneFile.table("Europe/Londn") == nil)
        #expect(ZoneFile.table("../zoneinfo/Europe/London") == nil)
        #expect(ZoneFile.table("/etc/passwd") == nil)
        #expect(ZoneFile.table("Europe//London") == nil)
        let garbage: [UInt8] = Array("TZif2".utf8) + Array(repeating: 0xFF, count: 60)
        #expect(garbage.withUnsafeBufferPointer { ZoneFile.table(tzif: $0, from: 0, until: 100) } == nil)
        let short: [UInt8] = Array("TZif".utf8)
        #expect(short.withUnsafeBufferPointer { ZoneFile.table(tzif: $0, from: 0, until: 100) } == nil)
    }

    @Test func footerRules() throws {
        let london = try #require(ZoneFile.Rule(Array("GMT0BST,M3.5.0/1,M10.5.0".utf8)))
        #expect(london.standard == 0)
        #expect(london.dst?.offset == 3600)
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        let begins = london.instant(london.dst!.begins, year: 2026, offsetBefore: 0)
        let ends = london.instant(london.dst!.ends, year: 2026, offsetBefore: 3600)
        #expect(begins == Int64(LocalDate(year: 2026, month: 3, day: 29)!.daysSinceEpoch) * 86_400 + 3600)
        #expect(ends == Int64(LocalDate(year: 2026, month: 10, day: 25)!.daysSinceEpoch) * 86_400 + 3600)
        let howe = try #require(ZoneFile.Rule(Array("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0".utf8)))
        #expect(howe.standard == 37_800 && howe.dst?.offset == 39_600)
        #expect(ZoneFile.Rule(Array("IST-5:30".utf8))?.dst == nil)
        #expect(ZoneFile.Rule(Array("IST-5:30".utf8))?.standard == 19_800)
        // Julian-day rules and half-written strings are left to ICU.
        #expect(ZoneFile.Rule(Array("EST5EDT,J60,J300".utf8)) == nil)
        #expect(ZoneFile.Rule(Array("EST5EDT".utf8)) == nil)
        #expect(ZoneFile.Rule(Array("".utf8)) == nil)
    }
}
