/// A strict RFC 3339 date-time reader: `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`, and the same
/// without an offset so that callers can say precisely what is missing. Impossible dates
/// (February 30th, hour 24, offset +3:00) are rejected, never normalised.
public enum RFC3339 {
    public struct Parts: Equatable, Sendable {
        /// Seconds since 1970 of the wall-clock time, as if it were UTC.
        public let localEpochSeconds: Int64
        public let milliseconds: Int64
        /// Offset east of UTC; nil when the text has none.
        public let offsetSeconds: Int?
    }

    public static func parse(_ text: String) -> Parts? {
        let b = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in i..<i + n {
                guard (0x30...0x39).contains(b[k]) else { return nil }
                v = v * 10 + Int(b[k] - 0x30)
            }
            i += n
            return v
        }
        func expect(_ chars: String) -> Bool {
            guard i < b.count, chars.utf8.contains(b[i]) else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2),
            expect("Tt "), let hour = digits(2), expect(":"), let minute = digits(2), expect(":"),
            let second = digits(2)
        else { return nil }
        guard (1...12).contains(month), (1...daysIn(month, year)).contains(day), hour < 24, minute < 60, second < 60
        else {
            return nil
        }
        var millis: Int64 = 0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < b.count, (0x30...0x39).contains(b[i]) { i += 1 }
            guard i > start else { return nil }
            let frac =
                Array(b[start..<min(i, start + 3)])
                + Array(repeating: UInt8(ascii: "0"), count: max(0, 3 - (i - start)))
            millis = Int64(String(decoding: frac, as: UTF8.self))!
        }
        var offset: Int?
        if i < b.count {
            if expect("Zz") {
                offset = 0
            } else {
                guard i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else { return nil }
                let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard let oh = digits(2), expect(":"), let om = digits(2), oh < 24, om < 60 else { return nil }
                offset = sign * (oh * 3600 + om * 60)
            }
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(year, month, day)
        return Parts(
            localEpochSeconds: Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second),
            milliseconds: millis, offsetSeconds: offset)
    }

    /// Days in `month` of `year` (proleptic Gregorian).
    public static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm).
    public static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
