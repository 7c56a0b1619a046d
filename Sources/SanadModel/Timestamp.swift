import Foundation

/// RFC 3339 times as Sanad writes them: UTC, `Z`, millisecond precision.
public enum Timestamp {
    public static func utc(_ date: Date) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        return utc(epochMilliseconds: ms)
    }

    public static func utc(seconds: Int64, nanoseconds: Int64) -> String {
        utc(epochMilliseconds: seconds * 1000 + nanoseconds / 1_000_000)
    }

    public static func utc(epochMilliseconds ms: Int64) -> String {
        var secs = time_t(ms >= 0 ? ms / 1000 : (ms - 999) / 1000)
        let millis = Int(ms - Int64(secs) * 1000)
        var tm = tm()
        gmtime_r(&secs, &tm)
        let year = Int(tm.tm_year) + 1900
        guard (0...9999).contains(year) else {
            return String(
                format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", year, Int(tm.tm_mon) + 1,
                Int(tm.tm_mday), Int(tm.tm_hour), Int(tm.tm_min), Int(tm.tm_sec), millis)
        }
        // By hand: String(format:) goes through Foundation's formatter, and this runs for every
        // file an `add` records.
        var out = [UInt8]()
        out.reserveCapacity(24)
        func digits(_ v: Int, _ width: Int, then separator: UInt8?) {
            var d = 1
            for _ in 1..<width { d *= 10 }
            while d > 0 {
                out.append(0x30 + UInt8(v / d % 10))
                d /= 10
            }
            if let separator { out.append(separator) }
        }
        digits(year, 4, then: 0x2D)
        digits(Int(tm.tm_mon) + 1, 2, then: 0x2D)
        digits(Int(tm.tm_mday), 2, then: 0x54)
        digits(Int(tm.tm_hour), 2, then: 0x3A)
        digits(Int(tm.tm_min), 2, then: 0x3A)
        digits(Int(tm.tm_sec), 2, then: 0x2E)
        digits(millis, 3, then: 0x5A)
        return String(decoding: out, as: UTF8.self)
    }

    /// A declared time: RFC 3339 with `Z` or an offset. A time without a zone is accepted only
    /// together with an IANA zone, and the result says that the zone was assumed.
    public struct Declared: Equatable, Sendable {
        /// As the user wrote it.
        public let asWritten: String
        /// The instant, in UTC.
        public let utc: String
        /// How the zone was established: "offset in the value" or "assumed <zone>".
        public let zoneSource: String
    }

    public static func parseDeclared(_ text: String, assumingZone zone: String?) throws(SanadError) -> Declared {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let parts = RFC3339.parse(trimmed) else {
            throw SanadError(
                .invalidTime, "'\(text)' is not a valid RFC 3339 time",
                hint: "Write it as 2026-03-01T14:30:00+03:00 (a real date, 24-hour clock, offset as +HH:MM or Z).")
        }
        if let offset = parts.offsetSeconds {
            return Declared(
                asWritten: trimmed,
                utc: utc(epochMilliseconds: (parts.localEpochSeconds - Int64(offset)) * 1000 + parts.milliseconds),
                zoneSource: "offset in the value")
        }
        guard let zone else {
            throw SanadError(
                .invalidTime, "'\(text)' has no UTC offset, so the moment it names is unknown",
                hint: "Write it with the offset where it happened, e.g. 2026-03-01T14:30:00+03:00.")
        }
        let tz = try timeZone(zone)
        // The zone's offset at that local time: the offset at the naive instant gives a first
        // guess, and the offset at the guess the answer. On a clock change this is exact too: a
        // local time that never existed (midnight skipped in spring) gives the first moment after
        // the gap, one that occurred twice the earlier.
        let naive = parts.localEpochSeconds
        let guess = naive - Int64(tz.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(naive))))
        let offset = tz.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(guess)))
        return Declared(
            asWritten: trimmed,
            utc: utc(epochMilliseconds: (parts.localEpochSeconds - Int64(offset)) * 1000 + parts.milliseconds),
            zoneSource: "assumed \(zone)")
    }

    /// Validates an IANA zone name such as `Asia/Baghdad`.
    public static func timeZone(_ name: String) throws(SanadError) -> TimeZone {
        guard name.contains("/") || name == "UTC", let tz = TimeZone(identifier: name) else {
            throw SanadError(
                .invalidTimeZone, "'\(name)' is not an IANA time zone",
                hint: "Use a name such as Asia/Baghdad, Asia/Baku or UTC.")
        }
        return tz
    }
}
