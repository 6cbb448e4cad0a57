/// A time calculation or a time text that cannot be answered exactly.
public struct TimeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// A likely correction, for "did you mean".
    public var suggestion: String?
    public init(_ message: String, suggestion: String? = nil) {
        self.message = message
        self.suggestion = suggestion
    }
    public var description: String { message }
}
