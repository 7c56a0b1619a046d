/// The `YYYY-MM-DDTHH:MM:SS` that Telegram's `date` is and DiscordChatExporter's times start
/// with, read from bytes: ASCII digits and separators only, a valid calendar date and time.
enum ISODateTime {
    /// The local date-time in the first 19 bytes of `b`; nil when they are not that form.
    static func local(_ b: [UInt8]) -> LocalDateTime? {
        guard b.count >= 19, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A,
            let y = digits(b, 0, 4), let mo = digits(b, 5, 2), let d = digits(b, 8, 2), let h = digits(b, 11, 2),
            let mi = digits(b, 14, 2), let sec = digits(b, 17, 2)
        else { return nil }
        return LocalDateTime(year: y, month: mo, day: d, hour: h, minute: mi, second: sec)
    }

    /// The decimal number in `count` ASCII digits at `from`; nil if one is not a digit or the
    /// bytes end first.
    static func digits(_ b: [UInt8], _ from: Int, _ count: Int) -> Int? {
        guard from >= 0, from + count <= b.count else { return nil }
        var v = 0
        for k in from..<(from + count) {
            guard (0x30...0x39).contains(b[k]) else { return nil }
            v = v * 10 + Int(b[k] - 0x30)
        }
        return v
    }
}
