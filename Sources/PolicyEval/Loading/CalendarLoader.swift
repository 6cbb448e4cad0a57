import Foundation

/// Reads a calendar file (`Policies/calendars/NAME.yaml`) into a `HolidayCalendar`.
enum CalendarLoader {
    static func load(path: String, name: String) -> Result<HolidayCalendar, Diagnostics> {
        guard FileManager.default.fileExists(atPath: path) else {
            return .failure(Diagnostics([.error("unknown-calendar", "no calendar file \(path)", at: nil)]))
        }
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
