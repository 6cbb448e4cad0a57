import PolicyTime

extension Zone {
    /// A zone from a name given by a user or a record, or a message that quotes the name (a
    /// code, not personal data, escaped) and says what was meant: "did you mean" for a
    /// misspelt name, "Europe/London" for a UK abbreviation.
    static func named(_ name: String) -> Result<Zone, ZoneNameError> {
        let shown = ZoneNameError.shown(name)
        if let refusal = Zone.refusal(of: name) { return .failure(ZoneNameError(message: "\(shown) \(refusal.message)")) }
        do {
            return .success(try Zone(identifier: name))
        } catch {
            if let near = Suggestion.closest(to: name, among: Zone.knownNames) {
                return .failure(ZoneNameError(message: "unknown time zone \(shown); did you mean \"\(near)\"?"))
            }
            return .failure(ZoneNameError(message: "\(shown) \(error.message)"))
        }
    }
}

struct ZoneNameError: Error {
    var message: String

    /// A zone name is a code: shown quoted, control characters escaped (`Shown.code`); a
    /// value with spaces or longer than a code is described by its length.
    static func shown(_ name: String) -> String { Shown.code(name) }
}
