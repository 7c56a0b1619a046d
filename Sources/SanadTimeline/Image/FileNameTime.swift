/// The time a phone writes into the name of a screenshot or photo (docs/TIMELINE.md §11.2):
/// a wall-clock time with no zone, except Pixel's `PXL_`, which is UTC.
enum FileNameTime {
    /// Each pattern is a literal prefix, then a template in which `Y`, `M`, `D`, `h`, `m`, `s`,
    /// `f` are one digit of year, month, day, hour, minute, second, millisecond; `H` is an hour
    /// of one or two digits; `#` one or more digits that are no part of the time (a counter);
    /// `~` an optional 12-hour marker (` AM`, ` PM`, after U+0020 or U+202F); `\\` makes the
    /// next character itself; anything else is itself. After the template must come a non-digit
    /// or the end.
    private static let patterns: [(prefix: String, template: String, utc: Bool)] = [
        ("Screenshot_", "YYYYMMDD-hhmmss", false),  // Android, Samsung: Screenshot_20240115-213045_Instagram.jpg
        // Android: Screenshot_2024-01-15-21-30-45-123_com.whatsapp.jpg
        ("Screenshot_", "YYYY-MM-DD-hh-mm-ss-fff", false),
        ("Screenshot_", "YYYY-MM-DD-hh-mm-ss", false),
        ("Screenshot ", "YYYY-MM-DD at H.mm.ss~", false),  // macOS 10.14 and later
        ("Screen Shot ", "YYYY-MM-DD at H.mm.ss~", false),  // macOS before 10.14
        ("IMG_", "YYYYMMDD_hhmmss", false),  // Android cameras
        ("VID_", "YYYYMMDD_hhmmss", false),
        ("PXL_", "YYYYMMDD_hhmmssfff", true),  // Google Pixel: UTC
        ("", "YYYYMMDD_hhmmss", false),  // Samsung camera
        ("WhatsApp Image ", "YYYY-MM-DD at H.mm.ss~", false),
        ("WhatsApp Video ", "YYYY-MM-DD at H.mm.ss~", false),
        // WhatsApp iOS "export with media": 00000012-PHOTO-2026-03-01-21-14-05.jpg
        ("", "#-\\P\\H\\O\\T\\O-YYYY-MM-DD-hh-mm-ss", false),
        ("", "#-\\V\\I\\D\\E\\O-YYYY-MM-DD-hh-mm-ss", false),
        ("", "#-\\A\\U\\D\\I\\O-YYYY-MM-DD-hh-mm-ss", false),
        ("", "#-STICKER-YYYY-MM-DD-hh-mm-ss", false),
        ("", "#-GIF-YYYY-MM-DD-hh-mm-ss", false),
        // Telegram Desktop, "Save as": telegram_2020-01-30_09-57-18.jpg, photo_2020-01-30_09-57-18.jpg
        ("telegram_", "YYYY-MM-DD_hh-mm-ss", false),
        ("photo_", "YYYY-MM-DD_hh-mm-ss", false),
        ("video_", "YYYY-MM-DD_hh-mm-ss", false),
        // Telegram Desktop "Export chat history": photos/photo_1@12-11-2020_12-57-31.jpg
        ("photo_", "#@DD-MM-YYYY_hh-mm-ss", false),
        ("video_", "#@DD-MM-YYYY_hh-mm-ss", false),
        ("audio_", "#@DD-MM-YYYY_hh-mm-ss", false),
        ("round_video_", "#@DD-MM-YYYY_hh-mm-ss", false),
        ("file_", "#@DD-MM-YYYY_hh-mm-ss", false),
        // Signal Desktop and Android: signal-2020-01-30-095718.jpg, signal-2023-05-01-12-34-56-789.jpg
        ("signal-", "YYYY-MM-DD-hhmmss", false),
        ("signal-", "YYYY-MM-DD-hh-mm-ss-fff", false),
        ("signal-", "YYYY-MM-DD-hh-mm-ss", false),
        ("video_", "YYYYMMDD_hhmmss", false),  // Android video recorders
        ("Screenshot from ", "YYYY-MM-DD hh-mm-ss", false),  // GNOME
        ("Screenshot ", "YYYY-MM-DD hhmmss", false),  // Windows 11 Snipping Tool
        ("Screenshot_", "YYYYMMDD_hhmmss", false),  // Xiaomi MIUI (older), some Samsung
    ]

    struct Reading: Equatable {
        var local: LocalDateTime
        var milliseconds: Int
        var utc: Bool
    }

    static func read(_ name: String) -> Reading? {
        let scalars = name.unicodeScalars
        for (prefix, template, utc) in patterns where name.hasPrefix(prefix) {
            let rest = Array(scalars.dropFirst(prefix.unicodeScalars.count))
            if let (local, ms) = match(Array(template.unicodeScalars), rest) {
                return Reading(local: local, milliseconds: ms, utc: utc)
            }
        }
        return nil
    }

    private static func match(_ p: [Unicode.Scalar], _ s: [Unicode.Scalar]) -> (LocalDateTime, Int)? {
        var v: [Character: Int] = [:]
        var i = 0
        var twelve: Bool?
        var escaped = false
        func digit(_ k: Int) -> Int? {
            guard k < s.count, (0x30...0x39).contains(s[k].value) else { return nil }
            return Int(s[k].value - 0x30)
        }
        for c in p {
            if escaped || c == "\\" {
                escaped = !escaped && c == "\\"
                if escaped { continue }
                guard i < s.count, s[i] == c else { return nil }
                i += 1
                continue
            }
            switch c {
            case "Y", "M", "D", "h", "m", "s", "f":
                guard let d = digit(i) else { return nil }
                v[Character(c), default: 0] = v[Character(c), default: 0] * 10 + d
                i += 1
            case "#":
                guard digit(i) != nil else { return nil }
                while digit(i) != nil { i += 1 }
            case "H":
                guard let d = digit(i) else { return nil }
                i += 1
                var hour = d
                if let e = digit(i) { hour = hour * 10 + e; i += 1 }
                v["h"] = hour
            case "~":
                if i + 2 < s.count, s[i] == " " || s[i] == "\u{202F}" {
                    let word = String(String.UnicodeScalarView(s[(i + 1)...(i + 2)])).uppercased()
                    if word == "AM" || word == "PM" { twelve = word == "PM"; i += 3 }
                }
            default:
                guard i < s.count, s[i] == c else { return nil }
                i += 1
            }
        }
        if digit(i) != nil { return nil }
        var hour = v["h"] ?? 0
        if let pm = twelve {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (pm ? 12 : 0)
        }
        guard let y = v["Y"], let mo = v["M"], let d = v["D"],
            let local = LocalDateTime(year: y, month: mo, day: d, hour: hour, minute: v["m"] ?? 0, second: v["s"] ?? 0),
            y >= 1990
        else { return nil }
        return (local, v["f"] ?? 0)
    }
}
