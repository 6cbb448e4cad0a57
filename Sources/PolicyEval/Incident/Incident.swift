/// The child an incident concerns: a pseudonymous id, an optional birth date,
/// and the facts known before the first event. No names, ever.
public struct Subject: Sendable, Codable, Equatable {
    public var id: String
    public var born: LocalDate?
    /// Indexed by the vocabulary's facts; nil where the incident does not say.
    public var facts: [Bool?]

    public init(id: String, born: LocalDate?, facts: [Bool?]) {
        self.id = id
        self.born = born
        self.facts = facts
    }
}

/// One recorded event, typed against the vocabulary.
public struct Event: Sendable, Codable, Equatable {
    public var id: String
    public var type: EventTypeID
    public var time: Instant
    /// Indexed by the event type's fields; nil where the event leaves a field out.
    public var data: [Value?]

    public init(id: String, type: EventTypeID, time: Instant, data: [Value?]) {
        self.id = id
        self.type = type
        self.time = time
        self.data = data
    }
}

/// An incident as read from a file or a stream: header, subject and events in time order.
public struct Incident: Sendable {
    public var id: String
    public var zone: Zone
    /// The policy the incident names, if any.
    public var policy: String?
    public var subject: Subject
    /// Sorted by time, ties in file order.
    public var events: [Event]

    public init(id: String, zone: Zone, policy: String?, subject: Subject, events: [Event]) {
        self.id = id
        self.zone = zone
        self.policy = policy
        self.subject = subject
        self.events = events
    }
}

extension Value: Codable {
    private enum Kind: String, Codable { case bool, int, string, duration, time, date, roles, unknown }
    private enum Keys: String, CodingKey { case k, v }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        switch try c.decode(Kind.self, forKey: .k) {
        case .bool: self = .bool(try c.decode(Bool.self, forKey: .v))
        case .int: self = .int(try c.decode(Int.self, forKey: .v))
        case .string: self = .string(try c.decode(String.self, forKey: .v))
        case .duration: self = .duration(try c.decode(Int64.self, forKey: .v))
        case .time: self = .time(try c.decode(Instant.self, forKey: .v))
        case .date: self = .date(try c.decode(LocalDate.self, forKey: .v))
        case .roles: self = .roles(try c.decode([String].self, forKey: .v))
        case .unknown: self = .unknown
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch self {
        case .bool(let b): try c.encode(Kind.bool, forKey: .k); try c.encode(b, forKey: .v)
        case .int(let i): try c.encode(Kind.int, forKey: .k); try c.encode(i, forKey: .v)
        case .string(let s): try c.encode(Kind.string, forKey: .k); try c.encode(s, forKey: .v)
        case .duration(let d): try c.encode(Kind.duration, forKey: .k); try c.encode(d, forKey: .v)
        case .time(let t): try c.encode(Kind.time, forKey: .k); try c.encode(t, forKey: .v)
        case .date(let d): try c.encode(Kind.date, forKey: .k); try c.encode(d, forKey: .v)
        case .roles(let r): try c.encode(Kind.roles, forKey: .k); try c.encode(r, forKey: .v)
        case .unknown: try c.encode(Kind.unknown, forKey: .k)
        }
    }
}
