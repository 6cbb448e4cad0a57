import Foundation

/// A zone's offset changes read straight from the system's compiled tz file
/// (`/usr/share/zoneinfo/<name>`, RFC 8536, versions 2 to 4, the 64-bit part and the footer's
/// rule for the years after it). Why: asking Foundation's TimeZone (ICU) for each change from
/// 1970 to 2100 cost about 3.2 M instructions a run, a tenth of a 1,000-event check. Anything
/// missing or unusual gives nil, and `Transitions` asks ICU as before; a test holds the two
/// tables equal for every zone the project names.
enum ZoneFile {
    /// A local time type: seconds east of UTC, and whether it is summer time.
    struct State: Equatable { var offset: Int64; var isDST: Bool }

    static func table(_ identifier: String, directory: String = "/usr/share/zoneinfo") -> (initial: Int64, instants: [Int64], offsets: [Int64])? {
        guard !identifier.isEmpty, !identifier.hasPrefix("/"),
              !identifier.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }),
              let data = FileManager.default.contents(atPath: directory + "/" + identifier)
        else { return nil }
        return [UInt8](data).withUnsafeBufferPointer { table(tzif: $0, from: Transitions.from, until: Transitions.until) }
    }

    /// The offset at `from`, and the changes strictly between `from` and `until` (as ICU gives them:
    /// a change of offset or of summer time), from a TZif file's bytes.
    static func table(tzif b: UnsafeBufferPointer<UInt8>, from: Int64, until: Int64) -> (initial: Int64, instants: [Int64], offsets: [Int64])? {
        func u32(_ i: Int) -> Int { Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3]) }
        func i32(_ i: Int) -> Int64 { Int64(Int32(bitPattern: UInt32(u32(i)))) }
        func i64(_ i: Int) -> Int64 { Int64(bitPattern: UInt64(u32(i)) << 32 | UInt64(u32(i + 4))) }
        func isHeader(_ i: Int) -> Bool {
            i + 44 <= b.count && b[i] == 0x54 && b[i + 1] == 0x5A && b[i + 2] == 0x69 && b[i + 3] == 0x66 && (0x32...0x34).contains(b[i + 4])
        }
        guard isHeader(0) else { return nil }
        // Skip the 32-bit part.
        let v1 = u32(32) * 5 + u32(36) * 6 + u32(40) + u32(28) * 8 + u32(24) + u32(20)
        let h = 44 + v1
        guard isHeader(h) else { return nil }
        let (isut, isstd, leap, timecnt, typecnt, charcnt) = (u32(h + 20), u32(h + 24), u32(h + 28), u32(h + 32), u32(h + 36), u32(h + 40))
        // Leap seconds (the "right/" zones) are not what ICU counts in.
        guard leap == 0, typecnt >= 1, typecnt <= 256, timecnt <= 10_000, charcnt >= 1 else { return nil }
        let times = h + 44, indices = times + 8 * timecnt, types = indices + timecnt
        let end = types + 6 * typecnt + charcnt + isstd + isut
        guard end < b.count, b[end] == 0x0A else { return nil }
        var states: [State] = []
        for k in 0..<typecnt {
            let offset = i32(types + 6 * k), dst = b[types + 6 * k + 4]
            guard abs(offset) < 26 * 3600, dst <= 1 else { return nil }
            states.append(State(offset: offset, isDST: dst == 1))
        }
        var changes: [(at: Int64, to: State)] = []
        for k in 0..<timecnt {
            let t = i64(times + 8 * k), index = Int(b[indices + k])
            guard index < typecnt, changes.last.map({ $0.at < t }) ?? true else { return nil }
            changes.append((t, states[index]))
        }
        guard let footerEnd = b[(end + 1)...].firstIndex(of: 0x0A), let rule = Rule(Array(b[(end + 1)..<footerEnd])) else { return nil }

        // After the file's last change, the footer's rule.
        if let dst = rule.dst {
            guard let last = changes.last else { return nil }
            let firstYear = LocalDate(daysSinceEpoch: Int(floorDiv(last.at, 86_400))).year - 1
            let lastYear = LocalDate(daysSinceEpoch: Int(floorDiv(until, 86_400))).year + 1
            guard firstYear >= 1800, firstYear <= lastYear else { return nil }
            var ruled: [(at: Int64, to: State)] = []
            for year in firstYear...lastYear {
                let begins = rule.instant(dst.begins, year: year, offsetBefore: rule.standard)
                let ends = rule.instant(dst.ends, year: year, offsetBefore: dst.offset)
                let pair = [(begins, State(offset: dst.offset, isDST: true)), (ends, State(offset: rule.standard, isDST: false))]
                ruled += pair.sorted { $0.0 < $1.0 }
            }
            // The rule must agree with the file where the file stops.
            guard let agreed = ruled.last(where: { $0.at <= last.at }), agreed.to == last.to else { return nil }
            changes += ruled.filter { $0.at > last.at }
        } else {
            guard (changes.last?.to ?? states[0]) == State(offset: rule.standard, isDST: false) else { return nil }
        }

        var state = changes.last(where: { $0.at <= from })?.to ?? states[0]
        let initial = state.offset
        var instants: [Int64] = [], offsets: [Int64] = []
        for change in changes where change.at > from && change.at < until && change.to != state {
            instants.append(change.at)
            offsets.append(change.to.offset)
            state = change.to
        }
        return (initial, instants, offsets)
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    /// A POSIX TZ string as TZif footers hold them, with `Mm.w.d` dates only
    /// (`GMT0BST,M3.5.0/1,M10.5.0`); anything else is not read.
    struct Rule {
        struct Day { var month: Int, week: Int, weekday: Int, time: Int64 }
        var standard: Int64
        var dst: (offset: Int64, begins: Day, ends: Day)?

        init?(_ s: [UInt8]) {
            var i = 0
            func name() -> Bool {
                if i < s.count, s[i] == 0x3C {  // <+1030>
                    guard let close = s[i...].firstIndex(of: 0x3E), close - i >= 4 else { return false }
                    i = close + 1
                    return true
                }
                let start = i
                while i < s.count, (0x41...0x5A).contains(s[i]) || (0x61...0x7A).contains(s[i]) { i += 1 }
                return i - start >= 3
            }
            func number() -> Int64? {
                let start = i
                var v: Int64 = 0
                while i < s.count, (0x30...0x39).contains(s[i]), i - start < 3 { v = v * 10 + Int64(s[i] - 0x30); i += 1 }
                return i > start ? v : nil
            }
            // [+-]hh[:mm[:ss]], in seconds.
            func time(maxHours: Int64) -> Int64? {
                var sign: Int64 = 1
                if i < s.count, s[i] == 0x2B || s[i] == 0x2D { sign = s[i] == 0x2D ? -1 : 1; i += 1 }
                guard let h = number(), h <= maxHours else { return nil }
                var v = h * 3600
                for unit: Int64 in [60, 1] {
                    guard i < s.count, s[i] == 0x3A else { break }
                    i += 1
                    guard let n = number(), n < 60 else { return nil }
                    v += n * unit
                }
                return sign * v
            }
            func day() -> Day? {
                guard i < s.count, s[i] == 0x4D else { return nil }  // only Mm.w.d
                i += 1
                guard let m = number(), (1...12).contains(m), i < s.count, s[i] == 0x2E else { return nil }
                i += 1
                guard let w = number(), (1...5).contains(w), i < s.count, s[i] == 0x2E else { return nil }
                i += 1
                guard let d = number(), d <= 6 else { return nil }
                var t: Int64 = 7200
                if i < s.count, s[i] == 0x2F {
                    i += 1
                    guard let tt = time(maxHours: 167) else { return nil }
                    t = tt
                }
                return Day(month: Int(m), week: Int(w), weekday: Int(d), time: t)
            }
            guard name(), let std = time(maxHours: 24) else { return nil }
            standard = -std
            dst = nil
            if i == s.count { return }
            guard name() else { return nil }
            var dstOffset = standard + 3600
            if i < s.count, s[i] != 0x2C {
                guard let o = time(maxHours: 24) else { return nil }
                dstOffset = -o
            }
            guard i < s.count, s[i] == 0x2C else { return nil }
            i += 1
            guard let begins = day(), i < s.count, s[i] == 0x2C else { return nil }
            i += 1
            guard let ends = day(), i == s.count else { return nil }
            dst = (dstOffset, begins, ends)
        }

        /// When `day` happens in `year`: its local time is on the clock in force before it.
        func instant(_ day: Day, year: Int, offsetBefore: Int64) -> Int64 {
            let first = LocalDate.days(year: year, month: day.month, day: 1)
            let firstWeekday = ((first + 4) % 7 + 7) % 7  // 0 = Sunday; 1970-01-01 was a Thursday
            var d = first + (day.weekday - firstWeekday + 7) % 7 + 7 * (day.week - 1)
            while d >= first + LocalDate.daysIn(month: day.month, year: year) { d -= 7 }
            return Int64(d) * 86_400 + day.time - offsetBefore
        }
    }
}
