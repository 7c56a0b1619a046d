/// The `title` of a message's date: `18.03.2022 14:56:00 UTC+03:00`, or without the offset in
/// exports made before Telegram Desktop wrote the offset (docs/TIMELINE.md §9.1).
struct TelegramDateTitle {
    let local: LocalDateTime
    /// Seconds east of UTC, when the title states them (`UTC` alone is `+00:00`).
    let offsetSeconds: Int?

    init?(_ raw: [UInt8]) {
        // dd.mm.yyyy hh:mm:ss
        guard raw.count >= 19 else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            var v = 0
            for k in from..<(from + count) {
                guard (0x30...0x39).contains(raw[k]) else { return nil }
                v = v * 10 + Int(raw[k] - 0x30)
            }
            return v
        }
        guard raw[2] == 0x2E, raw[5] == 0x2E, raw[10] == 0x20, raw[13] == 0x3A, raw[16] == 0x3A,
            let d = number(0, 2), let m = number(3, 2), let y = number(6, 4), let h = number(11, 2),
            let mi = number(14, 2), let s = number(17, 2),
            let local = LocalDateTime(year: y, month: m, day: d, hour: h, minute: mi, second: s)
        else { return nil }
        self.local = local
        let rest = Array(raw[19...])
        if rest.isEmpty {
            offsetSeconds = nil
            return
        }
        // " UTC", then nothing or ±hh:mm.
        guard rest.starts(with: " UTC".utf8) else { return nil }
        let sign = rest.dropFirst(4)
        if sign.isEmpty {
            offsetSeconds = 0
            return
        }
        let o = Array(sign)
        guard o.count == 6, o[0] == 0x2B || o[0] == 0x2D, o[3] == 0x3A else { return nil }
        let digits = o.map { Int($0) - 0x30 }
        guard [1, 2, 4, 5].allSatisfy({ (0...9).contains(digits[$0]) }) else { return nil }
        let hours = digits[1] * 10 + digits[2], minutes = digits[4] * 10 + digits[5]
        guard hours <= 14, minutes < 60 else { return nil }
        offsetSeconds = (o[0] == 0x2D ? -1 : 1) * (hours * 3600 + minutes * 60)
    }
}
