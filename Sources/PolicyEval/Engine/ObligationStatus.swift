/// The statuses of the report contract.
public enum ObligationStatus: String, Sendable, Codable, CaseIterable {
    case met, late, early, overdue, pending, cancelled, indeterminate
}

extension ObligationRecord {
    func status(asOf: Instant) -> ObligationStatus {
        if indeterminate != nil { return .indeterminate }
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
