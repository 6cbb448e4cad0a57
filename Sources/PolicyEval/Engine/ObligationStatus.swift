/// The statuses of the report contract.
public enum ObligationStatus: String, Sendable, Codable, CaseIterable {
    case met, late, early, overdue, pending, cancelled, indeterminate
}

extension ObligationRecord {
    func status(asOf: Instant) -> ObligationStatus {
        if indeterminate != nil {
            // A duty whose date was not given is replaced by one whose date is (a later
            // event scheduling the same thing): it is cancelled, not left undecided.
            if case .cancelled = state { return .cancelled }
            return .indeterminate
        }
        switch state {
        case .cancelled: return .cancelled
        case .lapsed: return .overdue
        case .discharged(_, let at):
            if let opens = windowOpens, at < opens { return .early }
            return at < overdueAt ? .met : .late
        case .open:
            return asOf >= overdueAt ? .overdue : .pending
        }
    }
}

extension Instant {
    /// The `due` of a duty with no deadline yet: one with `before` and no `within`, or one whose
    /// date the record does not give. The last second the report format can write, so such a
    /// duty is never overdue by the clock and sorts after every dated one.
    public static let noDeadline = Instant(secondsSinceEpoch: Int64(LocalDate(year: 9999, month: 12, day: 31)!.daysSinceEpoch) * 86_400 + 86_399)
}
