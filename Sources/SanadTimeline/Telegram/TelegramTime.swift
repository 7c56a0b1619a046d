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

    /// The reading of a message's time, or nil when neither `date` nor `date_unixtime` gives
    /// one, or when they disagree by more than any real offset.
    ///
    /// - `date` and `date_unixtime`: the wall clock and the offset they imply (Telegram Desktop).
    /// - `date` alone: the wall clock, placed in the declared zone or floating.
    /// - `date_unixtime` alone (exports trimmed by other tools): the instant, shown in the
    ///   declared zone or in UTC (`source-instant`).
    /// - `date` with its own offset or `Z` and fractions (`2017-01-01T06:20:09.248Z`, written by
    ///   other tools): the wall clock and that offset, checked against `date_unixtime` if any.
    static func read(_ message: JSONMembers, clock: inout EventClock) -> EventClock.Reading? {
        let raw = message["date_unixtime"]
        guard let text = message["date"]?.stringValue else {
            // A hostile number near Int64's limits must give nil, not an overflow trap.
            guard let unix = unix(raw) else { return nil }
            let (ms, overflow) = unix.multipliedReportingOverflow(by: 1000)
            return overflow ? nil : clock.instant(epochMilliseconds: ms)
        }
        if let local = local(text) {
            guard let raw else { return clock.local(local) }
            guard let unix = unix(raw) else { return nil }
            // A hostile `date_unixtime` near Int64's limits must give nil, not an overflow trap.
            let (offset, overflow) = local.secondsAsIfUTC.subtractingReportingOverflow(unix)
            guard !overflow, offset >= -Int64(maxOffset), offset <= Int64(maxOffset), offset % 60 == 0 else {
                return nil
            }
            return clock.local(local, statedOffsetSeconds: Int(offset))
        }
        guard let stated = RFC3339.parse(text), let offset = stated.offsetSeconds, abs(offset) <= maxOffset,
            let local = EventClock.wallClock(stated.localEpochSeconds)
        else { return nil }
        if let raw {
            guard let unix = unix(raw), unix == stated.localEpochSeconds - Int64(offset) else { return nil }
        }
        return clock.local(local, statedOffsetSeconds: offset, milliseconds: Int(stated.milliseconds))
    }
}
