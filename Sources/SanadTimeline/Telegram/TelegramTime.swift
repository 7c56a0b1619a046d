import SanadModel

/// Telegram Desktop writes each message's time twice: `date`, the wall clock of the computer
/// that made the export (`2022-03-18T14:56:01`, Qt's ISO form without an offset), and, since
/// version 3.x, `date_unixtime`, the same instant in seconds since 1970 as a string. Together
/// they state the offset that computer applied at that instant (docs/TIMELINE.md §8.3).
enum TelegramTime {
    /// The largest offset accepted as real: UTC+14:00 is the easternmost zone, −12:00 the westernmost.
    static let maxOffset = 14 * 3600

    /// `YYYY-MM-DDTHH:MM:SS`, exactly; nil otherwise.
    static func local(_ s: String) -> LocalDateTime? {
        let b = Array(s.utf8)
        return b.count == 19 ? ISODateTime.local(b) : nil
    }

    /// Seconds since 1970 from `date_unixtime` (a string of digits; a number is accepted too).
    static func unix(_ v: JSONValue?) -> Int64? {
        switch v {
        case .string(let s)?:
            guard !s.isEmpty, s.count <= 12, s.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            return Int64(s)
        case .int(let i)?:
            return i
        default:
            return nil
        }
    }

    /// The reading of a message's time, or nil when `date` is missing or not a valid time, or
    /// when `date` and `date_unixtime` disagree by more than any real offset.
    static func read(_ message: JSONMembers, clock: inout EventClock) -> EventClock.Reading? {
        guard let text = message["date"]?.stringValue, let local = local(text) else { return nil }
        guard let raw = message["date_unixtime"] else { return clock.local(local) }
        guard let unix = unix(raw) else { return nil }
        // A hostile `date_unixtime` near Int64's limits must give nil, not an overflow trap.
        let (offset, overflow) = local.secondsAsIfUTC.subtractingReportingOverflow(unix)
        guard !overflow, offset >= -Int64(maxOffset), offset <= Int64(maxOffset), offset % 60 == 0 else { return nil }
        return clock.local(local, statedOffsetSeconds: Int(offset))
    }
}
