/// JSON Schemas (draft 2020-12) for the three formats, for editors and other services:
/// `policyeval schema rules|incident|report`. Each is kept in one place, its own source file
/// beside this one; `docs/schemas/` holds copies written by `make schemas`, checked by a test.
public enum Schemas {
    public enum Kind: String, Sendable, CaseIterable {
        case rules, incident, report
    }

    public static func text(_ kind: Kind) -> String {
        let schema: String
        switch kind {
        case .rules: schema = rules
        case .incident: schema = incident
        case .report: schema = report
        }
        return schema
    }
}
