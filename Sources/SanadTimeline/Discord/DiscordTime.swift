import SanadModel

/// DiscordChatExporter writes every time as .NET writes a `DateTimeOffset`:
/// `2022-03-18T14:56:00.123+03:00`, the fraction only when it is not zero (1 to 7 digits),
/// and the offset of the zone it normalised to: the exporting computer's local zone, or
/// `+00:00` with `--utc` (docs/TIMELINE.md §15). The offset is stated, so the instant is exact.
enum DiscordTime {
    /// The largest offset accepted as real: UTC+14:00 is the easternmost zone, −12:00 the westernmost.
    static let maxOffset = 14 * 3600

    /// The parts of a time: its wall clock, the milliseconds (further digits are cut, never
    /// rounded up into the next second), and the offset in seconds east of UTC.
    struct Parts: Equatable {
        var local: LocalDateTime
        var milliseconds: Int
        var offsetSeconds: Int
    }

    /// `YYYY-MM-DDTHH:MM:SS[.f{1,7}](+|-)HH:MM`, or `Z` for the offset; nil for anything else.
    static func parts(_ s: String) -> Parts? {
        let b = Array(s.utf8)
        guard b.count >= 20, let local = ISODateTime.local(b) else { return nil }
        func num(_ from: Int, _ count: Int) -> Int? { ISODateTime.digits(b, from, count) }
        var i = 19
        var ms = 0
        if b[i] == 0x2E {
            i += 1
            let start = i
            while i < b.count, (0x30...0x39).contains(b[i]) { i += 1 }
            let digits = i - start
            guard (1...7).contains(digits) else { return nil }
            for k in 0..<3 { ms = ms * 10 + (k < digits ? Int(b[start + k] - 0x30) : 0) }
        }
        guard i < b.count else { return nil }
        if b[i] == 0x5A {
            return i + 1 == b.count ? Parts(local: local, milliseconds: ms, offsetSeconds: 0) : nil
        }
        guard b[i] == 0x2B || b[i] == 0x2D, i + 6 == b.count, b[i + 3] == 0x3A,
            let oh = num(i + 1, 2), let om = num(i + 4, 2), om < 60
        else { return nil }
        let offset = (oh * 3600 + om * 60) * (b[i] == 0x2D ? -1 : 1)
        guard abs(offset) <= maxOffset else { return nil }
        return Parts(local: local, milliseconds: ms, offsetSeconds: offset)
    }

    /// The reading of a message's `timestamp`: `source-offset`, with the milliseconds in `time`.
    static func read(_ v: JSONValue?, clock: EventClock) -> EventClock.Reading? {
        guard let s = v?.stringValue, let p = parts(s) else { return nil }
        return clock.local(p.local, statedOffsetSeconds: p.offsetSeconds, milliseconds: p.milliseconds)
    }
}
