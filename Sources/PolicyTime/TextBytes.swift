/// Dates and times written as UTF-8 straight into memory: a report of a long record
/// writes hundreds of thousands of them. The String forms (`description`, `words`,
/// `Zone.describe`) are made from these, so both always read the same. Each writer takes
/// at most the bytes its `max…` constant says and returns how many it wrote.
extension LocalDate {
    public static let maxDescriptionBytes = 32
    public static let maxWordsBytes = 48

    /// "2026-03-14" (`description`).
    public func writeDescription(to p: UnsafeMutablePointer<UInt8>) -> Int {
        let (year, month, day) = civil
        var k = Digits.write(year, width: 4, to: p)
        p[k] = 0x2D
        k += 1
        k += Digits.write(month, width: 2, to: p + k)
        p[k] = 0x2D
        k += 1
        return k + Digits.write(day, width: 2, to: p + k)
    }

    /// "Wed 18 Mar 2026" (`words`).
    public func writeWords(to p: UnsafeMutablePointer<UInt8>) -> Int {
        let (year, month, day) = civil
        let names = LocalDate.names
        let w = (weekday - 1) * 3, m = 21 + (month - 1) * 3
        p[0] = names[w]; p[1] = names[w + 1]; p[2] = names[w + 2]; p[3] = 0x20
        var k = 4 + Digits.write(day, width: 1, to: p + 4)
        p[k] = 0x20
        p[k + 1] = names[m]; p[k + 2] = names[m + 1]; p[k + 3] = names[m + 2]; p[k + 4] = 0x20
        k += 5
        return k + Digits.write(year, width: 4, to: p + k)
    }

    /// The weekdays' and months' three letters, one after the other.
    static let names: [UInt8] = Array((weekdayNames + monthNames).joined().utf8)
}

extension Instant {
    public static let maxDescriptionBytes = 48

    /// "2026-03-14T22:10:00Z" (`description`).
    public func writeDescription(to p: UnsafeMutablePointer<UInt8>) -> Int {
        let days = Int((seconds >= 0 ? seconds : seconds - 86_399) / 86_400)
        let rest = Int(seconds - Int64(days) * 86_400)
        var k = LocalDate(daysSinceEpoch: days).writeDescription(to: p)
        p[k] = 0x54
        Digits.two(rest / 3600, to: p + k + 1)
        p[k + 3] = 0x3A
        Digits.two(rest / 60 % 60, to: p + k + 4)
        p[k + 6] = 0x3A
        Digits.two(rest % 60, to: p + k + 7)
        p[k + 9] = 0x5A
        k += 10
        return k
    }
}

extension Zone {
    public static let maxDescriptionBytes = 64

    /// "Sat 14 Mar 2026 22:10 GMT" (`describe`); nil for a zone other than Europe/London,
    /// whose abbreviation comes from the system (use `describe`).
    public func writeDescription(of t: Instant, to p: UnsafeMutablePointer<UInt8>) -> Int? {
        guard identifier == "Europe/London" else { return nil }
        let o = offset(at: t)
        var k = writeLocalTime(of: t, offset: o, to: p)
        p[k] = o == 0 ? 0x47 : 0x42; p[k + 1] = o == 0 ? 0x4D : 0x53; p[k + 2] = 0x54  // GMT, BST
        k += 3
        return k
    }

    /// "Sat 14 Mar 2026 22:10 " at offset `o`.
    func writeLocalTime(of t: Instant, offset o: Int64, to p: UnsafeMutablePointer<UInt8>) -> Int {
        let wall = t.seconds + o
        let days = Int((wall >= 0 ? wall : wall - 86_399) / 86_400)
        let minute = Int(wall - Int64(days) * 86_400) / 60
        let k = LocalDate(daysSinceEpoch: days).writeWords(to: p)
        p[k] = 0x20
        Digits.two(minute / 60, to: p + k + 1)
        p[k + 3] = 0x3A
        Digits.two(minute % 60, to: p + k + 4)
        p[k + 6] = 0x20
        return k + 7
    }
}

extension Digits {
    /// `value` in decimal, at least `width` digits (zeros before), a minus sign before those:
    /// at most 21 bytes.
    static func write(_ value: Int, width: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
        if value >= 0, value < 100, width <= 2 {
            if value < 10, width <= 1 { p[0] = UInt8(48 + value); return 1 }
            two(value, to: p)
            return 2
        }
        var v = value.magnitude
        var count = 0
        var t = v
        repeat { count += 1; t /= 10 } while t > 0
        let digits = max(count, width)
        let sign = value < 0 ? 1 : 0
        if sign == 1 { p[0] = 45 }
        var k = sign + digits
        repeat {
            k -= 1
            p[k] = UInt8(48 + v % 10)
            v /= 10
        } while k > sign
        return sign + digits
    }

    /// Two digits of 0...99.
    @inline(__always) static func two(_ value: Int, to p: UnsafeMutablePointer<UInt8>) {
        p[0] = UInt8(48 + value / 10)
        p[1] = UInt8(48 + value % 10)
    }
}

/// A short text made in a stack buffer, then a String.
@inline(__always) func shortString(_ max: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Int) -> String {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max) { buffer in
        let count = write(buffer.baseAddress!)
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
    }
}
