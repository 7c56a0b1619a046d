import SanadModel

/// A wall-clock time with no zone, in the Gregorian calendar, with the precision the source
/// gave: WhatsApp Android shows minutes, iOS seconds, and inventing `:00` would overstate it.
public struct LocalDateTime: Equatable, Hashable, Sendable {
    public let year: Int
    public let month: Int
    public let day: Int
    public let hour: Int
    public let minute: Int
    /// nil when the source shows no seconds.
    public let second: Int?

    /// Returns nil for an impossible date or time (February 30th, 24:00), never normalises.
    public init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int?) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Self.days(inMonth: month, year: year)).contains(day),
            (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second ?? 0)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// `2022-03-18T14:56` or `2022-03-18T14:56:01`.
    public var iso: String {
        let length = second == nil ? 16 : 19
        return String(unsafeUninitializedCapacity: length) { out in
            func put(_ v: Int, _ width: Int, at start: Int) {
                var v = v
                for k in stride(from: start + width - 1, through: start, by: -1) {
                    out[k] = 0x30 + UInt8(v % 10)
                    v /= 10
                }
            }
            put(year, 4, at: 0); out[4] = 0x2D; put(month, 2, at: 5); out[7] = 0x2D; put(day, 2, at: 8); out[10] = 0x54
            put(hour, 2, at: 11); out[13] = 0x3A; put(minute, 2, at: 14)
            if let second {
                out[16] = 0x3A
                put(second, 2, at: 17)
            }
            return length
        }
    }

    /// Seconds since 1970 of this wall-clock time read as if it were UTC.
    public var secondsAsIfUTC: Int64 {
        Int64(Self.daysFromCivil(year, month, day)) * 86_400 + Int64(hour * 3600 + minute * 60 + (second ?? 0))
    }

    public static func days(inMonth month: Int, year: Int) -> Int { RFC3339.daysIn(month, year) }

    static func daysFromCivil(_ y: Int, _ m: Int, _ d: Int) -> Int { RFC3339.daysFromCivil(y, m, d) }

}
