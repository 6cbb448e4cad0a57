/// `policyeval schema rules|incident|report`: a format's JSON Schema (draft 2020-12).
public enum SchemaCommand {
    public static func run(_ kind: Schemas.Kind) -> CommandResult {
        CommandResult(stdout: Schemas.text(kind))
    }
}
