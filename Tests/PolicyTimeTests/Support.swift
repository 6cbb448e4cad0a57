import Foundation
@testable import PolicyTime

/// The shipped England and Wales calendar, read with a line reader (PolicyTime has no YAML parser).
let englandAndWales: HolidayCalendar = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let path = root.appendingPathComponent("Policies/calendars/england-and-wales.yaml").path
    let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    var holidays: [LocalDate: String] = [:]
    for line in text.split(separator: "\n") where line.contains("date: ") {
        let after = line.split(separator: "date: ")[1].prefix(10)
        if let d = LocalDate(String(after)) { holidays[d] = "holiday" }
    }
    return HolidayCalendar(name: "england-and-wales", covers: 2018...2030, holidays: holidays, file: path)
}()

let london = try! Zone(identifier: "Europe/London")

func date(_ s: String) -> LocalDate { LocalDate(s)! }
func instant(_ s: String) -> Instant { try! Instant(rfc3339: s) }

let bcpHours = try! OfficeHours(parsing: [("mon-thu", "08:30-17:15"), ("fri", "08:30-16:45")])
let context = TimeContext(zone: london, calendar: englandAndWales, officeHours: bcpHours, immediate: 3600)

/// A small deterministic generator, so property tests are reproducible.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
