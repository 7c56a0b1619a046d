/// The time a phone writes into the name of a screenshot or photo (docs/TIMELINE.md §11.2):
/// a wall-clock time with no zone, except Pixel's `PXL_`, which is UTC.
enum FileNameTime {
    /// Each pattern is a literal prefix, then a template in which `Y`, `M`, `D`, `h`, `m`, `s`,
    /// `f` are one digit of year, month, day, hour, minute, second, millisecond; `H` is an hour
    /// of one or two digits; `~` an optional 12-hour marker (` AM`, ` PM`, after U+0020 or
    /// U+202F); anything else is itself. After the template must come a non-digit or the end.
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
        func digit(_ k: Int) -> Int? {
            guard k < s.count, (0x30...0x39).contains(s[k].value) else { return nil }
            return Int(s[k].value - 0x30)
        }
        for c in p {
            switch c {
            case "Y", "M", "D", "h", "m", "s", "f":
                guard let d = digit(i) else { return nil }
                v[Character(c), default: 0] = v[Character(c), default: 0] * 10 + d
                i += 1
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
