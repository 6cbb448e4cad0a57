import Foundation

/// `policyeval due --from 2026-12-16 --within 15wd`: the due date (or instant)
/// practitioners ask for every day.
public enum DueCommand {
    public struct Options: Sendable {
        public var from: String
        public var within: String
        public var calendar: String
        public var zone: String
        public var policiesDir: String
        public init(from: String, within: String, calendar: String = "england-and-wales", zone: String = "Europe/London",
                    policiesDir: String = "Policies") {
            self.from = from
            self.within = within
            self.calendar = calendar
            self.zone = zone
            self.policiesDir = policiesDir
        }
    }

    public static func run(_ o: Options) -> CommandResult {
        let zone: Zone
        switch Zone.named(o.zone) {
        case .success(let z): zone = z
        case .failure(let e): return .badInput("--zone: \(e.message)")
        }
        let span: TimeSpan
        do { span = try TimeSpan(parsing: o.within) } catch {
            return .badInput("--within \(Shown.code(o.within)): \(error.message)")
        }
        let calendar: HolidayCalendar
        // A calendar file of one's own (`my-folder/calendars/council.yaml`), or a name under the policies folder.
        let isFile = o.calendar.hasSuffix(".yaml") || o.calendar.contains("/")
        let found = isFile
            ? (FileSystem.exists(o.calendar)
                ? CalendarLoader.load(path: o.calendar, name: String((o.calendar as NSString).lastPathComponent.dropLast(o.calendar.hasSuffix(".yaml") ? 5 : 0)))
                : .failure(Diagnostics([.error("no-such-file", "--calendar: \(FileSystem.problem(o.calendar) ?? "no such file"): \(o.calendar)", at: nil)])))
            : CalendarSet(root: o.policiesDir).calendar(named: o.calendar)
        switch found {
        case .failure(let d):
            let where_ = d.items.first?.location.map { "\($0.file):\($0.line):\($0.column): " } ?? ""
            return .badInput(where_ + d.items.map(\.message).joined(separator: "; "))
        case .success(let c): calendar = c
        }
        // A date means that local day; an instant means that moment.
        let start: Instant
        let fromDate = LocalDate(o.from)
        if let d = fromDate {
            var atTimeOfDay = false
            if case .atTime = span { atTimeOfDay = true }
            if !span.isDateDeadline && !atTimeOfDay {
                return .badInput("--within \(o.within) counts from a moment: give --from as a time, like 2026-12-16T09:30:00Z")
            }
            start = zone.startOfDay(d)
        } else if o.from.utf8.count == 10, o.from.utf8.allSatisfy({ $0 == 0x2D || ($0 >= 0x30 && $0 <= 0x39) }) {
            return .badInput("--from \(Shown.code(o.from)) is not a day of the calendar (an impossible date); give one like 2026-12-16")
        } else {
            do { start = try Instant(rfc3339: o.from) } catch {
                return .badInput("--from \(Shown.code(o.from)): give a date like 2026-12-16 or a time like 2026-12-16T09:30:00Z (\(error.message))")
            }
        }
        if span.needsOfficeHours {
            return .badInput("working hours depend on a policy's office hours; use a policy rule or another unit")
        }
        let context = TimeContext(zone: zone, calendar: calendar, officeHours: nil, immediate: 3600)
        do {
            switch try context.deadline(span, from: start) {
            case .date(let d):
                return CommandResult(stdout: "\(d) (\(zone.describeDate(d)))\n")
            case .instant(let t):
                return CommandResult(stdout: "\(t) (\(zone.describe(t)))\n")
            }
        } catch {
            return .badInput(error.message)
        }
    }
}
