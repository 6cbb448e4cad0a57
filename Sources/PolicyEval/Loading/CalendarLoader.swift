import Foundation

/// Reads a calendar file (`Policies/calendars/NAME.yaml`) into a `HolidayCalendar`.
enum CalendarLoader {
    static func load(path: String, name: String) -> Result<HolidayCalendar, Diagnostics> {
        guard FileManager.default.fileExists(atPath: path) else {
            return .failure(Diagnostics([.error("unknown-calendar", "no calendar file \(path)", at: nil)]))
        }
        // The shipped calendars' own layout is read line by line; anything else, or anything
        // wrong, goes through the YAML reader below, which gives every message.
        if case .success(let bytes) = FileSystem.read(path, limit: YAMLLimits.default.maxBytes, what: "calendar files"),
           let plain = PlainCalendar(bytes) {
            return .success(HolidayCalendar(name: name, covers: plain.covers, holidays: plain.holidays, file: path))
        }
        return loadYAML(path: path, name: name)
    }

    /// Through the YAML reader: any calendar file, every mistake reported.
    static func loadYAML(path: String, name: String) -> Result<HolidayCalendar, Diagnostics> {
        let parsed: (SourceFile, YAMLNode?)
        do { parsed = try YAMLLoader.load(path: path) } catch { return .failure(Diagnostics([Diagnostic(error)])) }
        var log = DiagnosticLog()
        guard let root = parsed.1,
              let top = MappingReader(root, what: "a calendar", allowed: ["calendar", "title", "covers", "holidays"], log: &log)
        else {
            if log.items.isEmpty { log.append(.error("empty-file", "the calendar is empty", at: SourceLocation(file: path, line: 1, column: 1))) }
            return .failure(Diagnostics(log.items))
        }
        var from: Int?, to: Int?
        if let c = top.required("covers", what: "a calendar", log: &log),
           let m = MappingReader(c, what: "'covers'", allowed: ["from", "to"], log: &log) {
            from = m.required("from", what: "'covers'", log: &log).flatMap { Read.string($0, what: "a year", log: &log) }.flatMap { Int($0) }
            to = m.required("to", what: "'covers'", log: &log).flatMap { Read.string($0, what: "a year", log: &log) }.flatMap { Int($0) }
            if from == nil || to == nil || from! > to! {
                log.error("bad-covers", "'covers' needs years from and to, like {from: 2018, to: 2030}", at: c)
                from = nil  // no range of years to check the holidays against (from > to made no range: a crash)
            } else if from! < 1900 || to! > 2200 {
                // A stated limit: the working days of the covered years are tabled when the calendar loads.
                log.error("bad-covers", "'covers' must lie within the years 1900 to 2200", at: c)
                from = nil
            }
        }
        var holidays: [LocalDate: String] = [:]
        if let h = top.required("holidays", what: "a calendar", log: &log) {
            for item in Read.sequence(h, what: "'holidays'", log: &log) {
                guard let m = MappingReader(item, what: "a holiday", allowed: ["date", "name"], log: &log),
                      let dn = m.required("date", what: "a holiday", log: &log), let text = Read.string(dn, what: "a date", log: &log)
                else { continue }
                guard let date = LocalDate(text) else { log.error("bad-date", "'\(text)' is not a date like 2026-12-25", at: dn); continue }
                if let f = from, let t = to, !(f...t).contains(date.year) {
                    log.error("holiday-outside-covers", "\(text) is outside the years the calendar covers (\(f)–\(t))", at: dn)
                }
                if holidays[date] != nil { log.error("duplicate-holiday", "\(text) is listed twice", at: dn) }
                holidays[date] = Read.optionalString(m["name"], what: "a name", log: &log) ?? "holiday"
            }
        }
        guard !Diagnostics(log.items).hasErrors, let f = from, let t = to else { return .failure(Diagnostics(log.items)) }
        return .success(HolidayCalendar(name: name, covers: f...t, holidays: holidays, file: path))
    }
}

/// A calendar file in exactly the layout of the shipped ones, read without a YAML parser (the
/// YAML reader costs as much for a calendar as for the whole vocabulary): ASCII lines, each
/// empty, a comment, a top-level key (`calendar: NAME`, `title: TEXT`, `covers: {from: YYYY,
/// to: YYYY}`, `holidays:`), or a holiday (`  - {date: YYYY-MM-DD, name: "TEXT"}`, every one
/// indented alike). nil for anything else, and for any mistake the loader would report (a bad
/// or repeated date, a date outside `covers`, a missing key): that file is read as YAML,
/// which says what is wrong. A file accepted here means the same in YAML.
struct PlainCalendar {
    var covers: ClosedRange<Int>
    var holidays: [LocalDate: String]

    init?(_ bytes: [UInt8]) {
        var from: Int?, to: Int?
        var holidays: [LocalDate: String] = [:]
        var seen = Set<String>()
        var inHolidays = false, itemIndent: Int?
        var count = 0
        let head = Array("- {date: ".utf8), middle = Array(", name: \"".utf8)
        for raw in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            let line = Array(raw)
            // ASCII without control characters (a tab, a carriage return: the YAML reader's business).
            guard line.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
            let indent = line.prefix { $0 == 0x20 }.count
            if indent == line.count { guard line.isEmpty else { return nil }; continue }
            if line[indent] == 0x23 { continue }  // a comment line
            if indent == 0, line[0] != 0x2D {
                // A top-level key, once each.
                guard let colon = line.firstIndex(of: 0x3A) else { return nil }
                let key = String(decoding: line[..<colon], as: UTF8.self)
                let value = line[(colon + 1)...]
                guard seen.insert(key).inserted else { return nil }
                inHolidays = false
                switch key {
                case "calendar", "title":
                    guard PlainCalendar.isPlainText(value) else { return nil }
                case "covers":
                    guard let (f, t) = PlainCalendar.covers(value) else { return nil }
                    (from, to) = (f, t)
                case "holidays":
                    guard value.isEmpty else { return nil }
                    inHolidays = true
                default: return nil
                }
                continue
            }
            // A holiday: `- {date: YYYY-MM-DD, name: "TEXT"}`, every one indented alike.
            guard inHolidays, itemIndent == nil || itemIndent == indent else { return nil }
            itemIndent = indent
            let item = line[indent...]
            guard item.count > head.count + 10 + middle.count + 2, item.starts(with: head),
                  item[item.endIndex - 2] == 0x22, item[item.endIndex - 1] == 0x7D else { return nil }
            let dateStart = item.startIndex + head.count
            guard item[(dateStart + 10)...].starts(with: middle) else { return nil }
            let nameBytes = item[(dateStart + 10 + middle.count)..<(item.endIndex - 2)]
            // Text without escapes or quotes: a double-quoted scalar that means itself.
            guard !nameBytes.isEmpty, !nameBytes.contains(0x22), !nameBytes.contains(0x5C),
                  let date = LocalDate(String(decoding: item[dateStart..<(dateStart + 10)], as: UTF8.self)),
                  holidays[date] == nil else { return nil }
            holidays[date] = String(decoding: nameBytes, as: UTF8.self)
            count += 1
        }
        guard let f = from, let t = to, f <= t, f >= 1900, t <= 2200, count > 0, seen.contains("holidays"),
              holidays.keys.allSatisfy({ (f...t).contains($0.year) }) else { return nil }
        covers = f...t
        self.holidays = holidays
    }

    /// A plain scalar of letters, digits, spaces and `-,.'()`, starting with a letter or digit
    /// and not ending in a space, after the one space that follows the key's colon.
    private static func isPlainText(_ value: ArraySlice<UInt8>) -> Bool {
        guard value.first == 0x20 else { return false }
        let text = value.dropFirst()
        guard let first = text.first, let last = text.last, last != 0x20, isAlphanumeric(first) else { return false }
        return text.allSatisfy { isAlphanumeric($0) || $0 == 0x20 || $0 == 0x2D || $0 == 0x2C || $0 == 0x2E || $0 == 0x27 || $0 == 0x28 || $0 == 0x29 }
    }

    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || (b >= 0x30 && b <= 0x39)
    }

    /// ` {from: YYYY, to: YYYY}`.
    private static func covers(_ value: ArraySlice<UInt8>) -> (Int, Int)? {
        let text = Array(value)
        let a = Array(" {from: ".utf8), b = Array(", to: ".utf8)
        guard text.count == a.count + 4 + b.count + 4 + 1, text.starts(with: a), text.last == 0x7D,
              Array(text[(a.count + 4)..<(a.count + 4 + b.count)]) == b,
              let f = year(text[a.count..<(a.count + 4)]), let t = year(text[(a.count + 4 + b.count)..<(text.count - 1)]) else { return nil }
        return (f, t)
    }

    private static func year(_ digits: ArraySlice<UInt8>) -> Int? {
        guard digits.count == 4, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), digits.first != 0x30 else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
}
