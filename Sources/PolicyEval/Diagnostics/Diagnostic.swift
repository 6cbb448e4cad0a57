/// A problem found in a rule file, vocabulary, calendar or test file: data, not text.
/// Renderers (`DiagnosticRenderer`) turn it into compiler-style text or JSON.
public struct Diagnostic: Sendable, Equatable, Error {
    public enum Severity: String, Sendable, Codable, Comparable {
        case error, warning, note
        private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
        public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
    }

    public struct Note: Sendable, Equatable {
        public var message: String
        public var location: SourceLocation?
        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    /// A stable identifier, for editors and tests (`unknown-event-type`).
    public var id: String
    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
    /// How many characters the caret underlines.
    public var length: Int
    public var notes: [Note]
    /// A replacement the user probably meant, shown as "did you mean ...?".
    public var suggestion: String?

    public init(
        _ id: String, _ severity: Severity = .error, _ message: String,
        at location: SourceLocation?, length: Int = 1,
        notes: [Note] = [], suggestion: String? = nil
    ) {
        self.id = id
        self.severity = severity
        self.message = message
        self.location = location
        self.length = max(1, length)
        self.notes = notes
        self.suggestion = suggestion
    }

    public static func error(
        _ id: String, _ message: String, at location: SourceLocation?, length: Int = 1,
        notes: [Note] = [], suggestion: String? = nil
    ) -> Diagnostic {
        Diagnostic(id, .error, message, at: location, length: length, notes: notes, suggestion: suggestion)
    }

    public static func warning(
        _ id: String, _ message: String, at location: SourceLocation?, length: Int = 1,
        notes: [Note] = [], suggestion: String? = nil
    ) -> Diagnostic {
        Diagnostic(id, .warning, message, at: location, length: length, notes: notes, suggestion: suggestion)
    }
}

/// Every diagnostic of one run, in a stable order.
public struct Diagnostics: Sendable, Error, Equatable {
    public var items: [Diagnostic]
    public init(_ items: [Diagnostic] = []) { self.items = items }
    public var hasErrors: Bool { items.contains { $0.severity == .error } }
    public var errorCount: Int { items.filter { $0.severity == .error }.count }
    public var warningCount: Int { items.filter { $0.severity == .warning }.count }

    /// Sorted by file, line, column, then message, so output is deterministic.
    public var sorted: [Diagnostic] {
        items.enumerated().sorted { a, b in
            let la = a.element.location, lb = b.element.location
            switch (la, lb) {
            case let (x?, y?) where x != y: return x < y
            case (nil, _?): return true
            case (_?, nil): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }
}

extension Diagnostic {
    init(_ error: YAMLError) {
        self.init(
            error.code.rawValue, .error, error.message, at: error.location,
            notes: error.notes.map { Note($0.message, at: $0.location) })
    }
}
