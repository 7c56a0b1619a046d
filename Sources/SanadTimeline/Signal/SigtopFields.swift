import SanadModel

/// The values sigtop writes in its `Name: value` lines (docs/TIMELINE.md §8.2).
enum SigtopFields {
    /// The field names sigtop writes at the head of a message, or of an edited version.
    static let names: Set<String> = ["From", "Type", "Sent", "Received", "Attachment", "Reaction", "Edited", "Version"]

    /// `Name: value`, or nil when the line is not a field.
    static func field(_ line: String) -> (name: String, value: String)? {
        guard let colon = line.range(of: ": ") else { return nil }
        let name = String(line[..<colon.lowerBound])
        guard names.contains(name) else { return nil }
        return (name, String(line[colon.upperBound...]))
    }

    /// A recipient as sigtop names it: `Name (+phone)`, `Name (username)`, `Name (ACI)`,
    /// `Group (group)`, or a bare name (`You`, or a contact with nothing else known).
    static func recipient(_ written: String) -> (name: String, detail: String?) {
        let s = FormatMarks.stripped(written)
        guard s.hasSuffix(")"), let open = s.range(of: " (", options: .backwards) else { return (s, nil) }
        let detail = String(s[open.upperBound..<s.index(before: s.endIndex)])
        guard !detail.isEmpty else { return (s, nil) }
        return (String(s[..<open.lowerBound]), detail)
    }

    static func sender(_ written: String) -> EventSender {
        let (name, detail) = recipient(written)
        guard let detail else { return EventSender(writtenName: name) }
        if let phone = EventSender.phoneNumber(in: detail) { return EventSender(name: name, phone: phone) }
        return EventSender(name: name, phone: EventSender.phoneNumber(in: name), id: detail)
    }

    /// `IMG_0001.jpg (image/jpeg, 123456 bytes)`; `no filename` when Signal has none.
    static func attachment(_ value: String, exhibits: [String: String]) -> EventAttachment? {
        guard value.hasSuffix(" bytes)"), let open = value.range(of: " (", options: .backwards) else { return nil }
        let inner = value[open.upperBound..<value.index(value.endIndex, offsetBy: -" bytes)".count)]
        guard let comma = inner.range(of: ", ", options: .backwards),
            !inner[comma.upperBound...].isEmpty, inner[comma.upperBound...].allSatisfy(\.isASCII),
            inner[comma.upperBound...].allSatisfy(\.isNumber)
        else { return nil }
        let type = String(inner[..<comma.lowerBound])
        let written = FormatMarks.stripped(String(value[..<open.lowerBound]))
        // Signal kept no file name: nothing the attachment could be linked by.
        guard written != "no filename" else {
            return EventAttachment(
                name: nil, status: .omitted, media: SignalText.media(contentType: type, fileName: nil))
        }
        return SignalText.attachment(
            name: written, media: SignalText.media(contentType: type, fileName: written), exhibits: exhibits)
    }

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    enum Time: Equatable {
        case time(LocalDateTime, offsetSeconds: Int)
        /// sigtop writes `unknown` for a negative time.
        case unknown
        case invalidDate
        case invalidTime
    }

    /// Go's `Mon, 2 Jan 2006 15:04:05 -0700`: the wall clock and offset of the computer sigtop ran
    /// on. The weekday must agree with the date: a date that does not is not what sigtop wrote.
    static func time(_ value: String) -> Time {
        if value == "unknown" { return .unknown }
        let parts = value.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0].hasSuffix(","), let wd = weekdays.firstIndex(of: String(parts[0].dropLast())),
            let day = digits(parts[1], 1...2), let m = months.firstIndex(of: String(parts[2])),
            let year = digits(parts[3], 4...4)
        else { return .invalidDate }
        guard day >= 1, day <= LocalDateTime.days(inMonth: m + 1, year: year), year >= 1,
            floorMod(LocalDateTime.daysFromCivil(year, m + 1, day) + 4, 7) == wd
        else { return .invalidDate }
        let hms = parts[4].split(separator: ":", omittingEmptySubsequences: false)
        let zone = parts[5]
        guard hms.count == 3, let h = digits(hms[0], 2...2), let mi = digits(hms[1], 2...2),
            let s = digits(hms[2], 2...2),
            let local = LocalDateTime(year: year, month: m + 1, day: day, hour: h, minute: mi, second: s),
            zone.count == 5, let sign = zone.first, sign == "+" || sign == "-",
            let oh = digits(zone.dropFirst().prefix(2), 2...2), let om = digits(zone.suffix(2), 2...2), oh < 24, om < 60
        else { return .invalidTime }
        let offset = (oh * 3600 + om * 60) * (sign == "-" ? -1 : 1)
        return .time(local, offsetSeconds: offset)
    }

    private static func digits(_ s: Substring, _ count: ClosedRange<Int>) -> Int? {
        guard count.contains(s.count), s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(s)
    }

    private static func floorMod(_ a: Int, _ n: Int) -> Int { ((a % n) + n) % n }
}
