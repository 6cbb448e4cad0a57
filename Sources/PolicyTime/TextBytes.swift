/// Dates and times written as UTF-8 straight into a byte buffer: a report of a long record
/// writes hundreds of thousands of them. The String forms (`description`, `words`,
/// `Zone.describe`) are made from these, so both always read the same.
extension LocalDate {
    /// "2026-03-14" (`description`).
    public func appendDescription(to out: inout [UInt8]) {
        let (year, month, day) = civil
        Digits.append(year, width: 4, to: &out)
        out.append(0x2D)
        Digits.append(month, width: 2, to: &out)
        out.append(0x2D)
        Digits.append(day, width: 2, to: &out)
    }

    /// "Wed 18 Mar 2026" (`words`).
    public func appendWords(to out: inout [UInt8]) {
        let (year, month, day) = civil
        out.append(contentsOf: LocalDate.weekdayBytes[weekday - 1])
        out.append(0x20)
        Digits.append(day, width: 1, to: &out)
        out.append(0x20)
        out.append(contentsOf: LocalDate.monthBytes[month - 1])
        out.append(0x20)
        Digits.append(year, width: 4, to: &out)
    }

    static let weekdayBytes = weekdayNames.map { Array($0.utf8) }
    static let monthBytes = monthNames.map { Array($0.utf8) }
}

extension Instant {
    /// "2026-03-14T22:10:00Z" (`description`).
    public func appendDescription(to out: inout [UInt8]) {
        let days = Int((seconds >= 0 ? seconds : seconds - 86_399) / 86_400)
        let rest = Int(seconds - Int64(days) * 86_400)
        LocalDate(daysSinceEpoch: days).appendDescription(to: &out)
        out.append(0x54)
        Digits.append(rest / 3600, width: 2, to: &out)
        out.append(0x3A)
        Digits.append(rest / 60 % 60, width: 2, to: &out)
        out.append(0x3A)
        Digits.append(rest % 60, width: 2, to: &out)
        out.append(0x5A)
    }
}

extension Zone {
    /// "Sat 14 Mar 2026 22:10 GMT" (`describe`).
    public func appendDescription(of t: Instant, to out: inout [UInt8]) {
        let o = offset(at: t)
        let wall = t.seconds + o
        let days = Int((wall >= 0 ? wall : wall - 86_399) / 86_400)
        let minute = Int(wall - Int64(days) * 86_400) / 60
        LocalDate(daysSinceEpoch: days).appendWords(to: &out)
        out.append(0x20)
        Digits.append(minute / 60, width: 2, to: &out)
        out.append(0x3A)
        Digits.append(minute % 60, width: 2, to: &out)
        out.append(0x20)
        if identifier == "Europe/London" {
            out.append(contentsOf: o == 0 ? [0x47, 0x4D, 0x54] : [0x42, 0x53, 0x54])  // GMT, BST
        } else {
            out.append(contentsOf: abbreviation(at: t).utf8)
        }
    }
}

extension Digits {
    /// `value` in decimal, at least `width` digits (zeros before), a minus sign before those.
    static func append(_ value: Int, width: Int, to out: inout [UInt8]) {
        var v = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { raw in
            var i = raw.count
            repeat {
                i -= 1
                raw[i] = UInt8(48 + v % 10)
                v /= 10
            } while v > 0 && i > 0
            while raw.count - i < width && i > 0 {
                i -= 1
                raw[i] = 48
            }
            if value < 0 && i > 0 {
                i -= 1
                raw[i] = 45
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[i...]))
        }
    }
}
