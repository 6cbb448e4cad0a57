/// This build's version, for `policyeval --version` and embedding services.
public enum PolicyEvalVersion {
    public static let current = "0.5.0"
}
