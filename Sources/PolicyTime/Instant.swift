/// A moment in time, to the second, independent of any zone.
public struct Instant: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let seconds: Int64

    public init(secondsSinceEpoch: Int64) { seconds = secondsSinceEpoch }

    public static func < (a: Instant, b: Instant) -> Bool { a.seconds < b.seconds }
    public static func + (a: Instant, s: Int64) -> Instant { Instant(secondsSinceEpoch: a.seconds &+ s) }

    /// Parses RFC 3339: `2026-03-14T22:10:00Z` or with an offset like `+01:00`.
    /// A time without an offset is refused, never guessed; fractions of a second are dropped.
    public init(rfc3339 text: String) throws(TimeError) {
        let u = Array(text.utf8)
        func fail(_ why: String) -> TimeError { TimeError(why) }
        guard u.count >= 19 else {
            throw fail("not an RFC 3339 time; write it like 2026-03-14T22:10:00Z")
        }
        guard let date = LocalDate(String(decoding: u[0..<10], as: UTF8.self)) else {
            if u.count >= 10, u[4] == 0x2D, u[7] == 0x2D { throw fail("impossible date \(String(decoding: u[0..<10], as: UTF8.self))") }
            throw fail("not an RFC 3339 time; write it like 2026-03-14T22:10:00Z")
        }
        guard u[10] == 0x54 || u[10] == 0x74 || u[10] == 0x20, u[13] == 0x3A, u[16] == 0x3A,
              let h = LocalDate.digits(u[11..<13]), let m = LocalDate.digits(u[14..<16]), let s = LocalDate.digits(u[17..<19])
        else { throw fail("not an RFC 3339 time; write it like 2026-03-14T22:10:00Z") }
        guard h < 24, m < 60, s < 60 else { throw fail("impossible time of day \(String(decoding: u[11..<19], as: UTF8.self))") }
        var i = 19
        if i < u.count, u[i] == 0x2E {
            i += 1
            let digitsStart = i
            while i < u.count, u[i] >= 0x30, u[i] <= 0x39 { i += 1 }
            if i == digitsStart { throw fail("a fraction of a second needs digits after '.'") }
        }
        guard i < u.count else {
            throw fail("has no offset: add Z (UTC) or an offset like +01:00; a time without one is never guessed")
        }
        var offset = 0
        if u[i] == 0x5A || u[i] == 0x7A {
            i += 1
        } else if u[i] == 0x2B || u[i] == 0x2D, i + 6 == u.count, u[i + 3] == 0x3A,
                  let oh = LocalDate.digits(u[(i + 1)..<(i + 3)]), let om = LocalDate.digits(u[(i + 4)..<(i + 6)]), oh < 24, om < 60 {
            offset = (oh * 3600 + om * 60) * (u[i] == 0x2D ? -1 : 1)
            i += 6
        } else {
            throw fail("has a malformed offset: use Z or ±HH:MM")
        }
        guard i == u.count else { throw fail("has unexpected text after the offset") }
        let local = Int64(date.daysSinceEpoch) * 86_400 + Int64(h * 3600 + m * 60 + s)
        seconds = local - Int64(offset)
    }

    /// RFC 3339 in UTC: `2026-03-14T22:10:00Z`.
    public var description: String { shortString(Instant.maxDescriptionBytes, writeDescription(to:)) }

    public init(from decoder: any Decoder) throws {
        seconds = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(seconds)
    }
}

/// Lengths of time in practitioners' words.
public enum Durations {
    /// "27h 50m", "45m", "3h": hours and minutes, never days, so a reader can check against the protocol's hours.
    public static func describe(seconds: Int64) -> String {
        let negative = seconds < 0
        let total = abs(seconds) / 60
        let h = total / 60, m = total % 60
        let text = h == 0 ? "\(m)m" : (m == 0 ? "\(h)h" : "\(h)h \(m)m")
        return negative ? "-" + text : text
    }
}
