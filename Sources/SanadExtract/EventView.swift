import SanadModel

/// An event decoded from its canonical line, with the strings every human format shows
/// (the timeline's table, CSV and HTML, and search results).
public struct EventView {
    public let json: JSONValue

    public init(json: JSONValue) {
        self.json = json
    }

    init(_ line: UnsafeRawBufferPointer) throws(SanadError) {
        var bytes = Array(line)
        if bytes.last == 0x0A { bytes.removeLast() }
        do { json = try JSONParser.parse(bytes) } catch {
            throw SanadError(.internalError, "a timeline event does not decode: \(error)")
        }
    }

    var time: String? { json["time"]?.stringValue }
    var localTime: String? { json["local_time"]?.stringValue }
    /// Both readings of a date whose order is undecided (docs/TIMELINE.md §5.1).
    var localTimeReadings: [String] { json["local_time_readings"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
    /// Where the time was read from (`exif-original`, `file-name`, `file-mtime`, …), when a
    /// parser has more than one place to look.
    var timeFrom: String? { json["parser"]?["time_from"]?.stringValue }
    var isWeak: Bool { json["parser"]?["weak"]?.boolValue == true }
    var platform: String { json["platform"]?.stringValue ?? "" }
    var kind: String { json["kind"]?.stringValue ?? "" }
    var text: String? { json["text"]?.stringValue }
    var senderName: String? { json["sender"]?["name"]?.stringValue }
    var senderPhone: String? { json["sender"]?["phone"]?.stringValue }
    var senderID: String? { json["sender"]?["id"]?.stringValue }
    var conversation: String? {
        if let t = json["conversation"]?["title"]?.stringValue { return t }
        let p = json["conversation"]?["participants"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return p.isEmpty ? nil : p.joined(separator: ", ")
    }
    var replyTo: String? { json["reply_to"]?.stringValue }
    var forwardedFrom: String? { json["forwarded_from"]?.stringValue }
    var reason: String? { json["reason"]?.stringValue }
    var exhibit: String { json["source"]?["exhibit"]?.stringValue ?? "-" }
    var offset: Int64 { json["source"]?["offset"]?.intValue ?? 0 }
    var length: Int64 { json["source"]?["length"]?.intValue ?? 0 }
    var line: Int64 { json["source"]?["line"]?.intValue ?? 0 }
    var sha256: String { json["source"]?["sha256"]?.stringValue ?? "" }
    /// The event's number in its file (docs/TIMELINE.md §2); nil for a sensitive item's placeholder.
    var event: Int64? { json["source"]?["event"]?.intValue }
    var parser: String {
        "\(json["parser"]?["name"]?.stringValue ?? "")/\(json["parser"]?["version"]?.stringValue ?? "")"
    }

    /// `E0001#120`: the exhibit and the event's number in it, as `sanad disclose --events`
    /// selects it; the exhibit alone for an event with no number.
    public var eventRef: String { event.map { "\(exhibit)#\($0)" } ?? exhibit }

    /// `E0001#120 @118+44 (line 2)`: which event, and where its bytes are.
    var sourceRef: String { "\(eventRef) @\(offset)+\(length) (line \(line))" }

    /// How the zone was established, in words.
    var zone: String {
        guard let z = json["zone"], let basis = z["basis"]?.stringValue else { return "" }
        let offset = z["offset"]?.stringValue ?? ""
        let name = z["name"]?.stringValue ?? ""
        var s: String
        switch basis {
        case "source-offset": s = "\(offset), stated in the source"
        case "source-instant": s = "UTC, instant stated in the source"
        case "declared-at-ingest": s = "\(offset) \(name), declared at ingest"
        case "amended": s = "\(offset) \(name), as amended after ingest (sanad items shows who and why)"
        case "given-to-timeline": s = "\(offset) \(name), given to the timeline"
        default: s = "unknown zone: floating local time"
        }
        if let dst = z["dst"]?.stringValue {
            s +=
                dst == "repeated"
                ? "; the clock showed this time twice, the earlier was taken"
                : "; this time did not exist (clocks moved forward)"
        }
        return s
    }

    var attachments: [(name: String, status: String, exhibit: String?)] {
        (json["attachments"]?.arrayValue ?? []).map { a in
            (a["name"]?.stringValue ?? "(no name)", a["status"]?.stringValue ?? "", a["exhibit"]?.stringValue)
        }
    }

    /// `photo.jpg (E0003.2)`, `video (omitted from the export)`.
    var attachmentsText: String {
        attachments.map { a in
            switch a.status {
            case "linked": return "\(a.name) (\(a.exhibit ?? "?"))"
            case "omitted": return "\(a.name) (left out of the export)"
            default: return "\(a.name) (not in the case)"
            }
        }.joined(separator: "; ")
    }

    /// The time column: UTC when known, else the floating local time, said to be floating; a
    /// weak time (a file's modification time) says so in the column itself.
    var timeText: String { timeText(local: false) }

    /// The time column; with `local`, a placed time is shown as the phone showed it, with its
    /// UTC offset, rather than in UTC (`--local`).
    public func timeText(local: Bool) -> String {
        let weak = isWeak ? " [weak: file date]" : ""
        if localTimeReadings.count == 1 {
            // Both orders give this date, but the file's order is still undecided: no zone is applied.
            return localTimeReadings[0].replacingOccurrences(of: "T", with: " ") + " (local; no UTC time)"
        }
        if !localTimeReadings.isEmpty {
            return localTimeReadings.map { $0.replacingOccurrences(of: "T", with: " ") }.joined(separator: " or ")
                + " (local; day/month order unknown)"
        }
        if local, time != nil, let localTime {
            let offset = json["zone"]?["offset"]?.stringValue.map { " " + $0 } ?? ""
            return localTime.replacingOccurrences(of: "T", with: " ") + offset + weak
        }
        if let time { return String(time.prefix(19)).replacingOccurrences(of: "T", with: " ") + "Z" + weak }
        if let localTime { return localTime.replacingOccurrences(of: "T", with: " ") + " (local, zone unknown)" + weak }
        return "(no time)"
    }

    /// Where the time was read from, in words; empty for formats with one place to look.
    var timeSourceText: String {
        switch timeFrom {
        case "exif-original": return "taken (EXIF DateTimeOriginal)"
        case "exif-digitized": return "digitised (EXIF DateTimeDigitized)"
        case "exif-datetime": return "last changed on the device (EXIF DateTime)"
        case "file-name": return "written in the file name by the phone or app"
        case "file-mtime":
            return "the file's modification time: weak, it may be when the file was copied, not when it was made"
        case "received": return "when the message was received (the export gives no time of sending)"
        default:
            if localTimeReadings.count > 1 { return "the date reads both as day/month and as month/day" }
            if localTimeReadings.count == 1 {
                return "this date reads the same either way, but the file's day/month order is undecided"
            }
            return ""
        }
    }

    /// The whole basis of the time: how the zone was established, and where the time was read.
    public var basisText: String {
        [zone, timeSourceText].filter { !$0.isEmpty }.joined(separator: "; ")
    }

    var senderText: String {
        guard let name = senderName else { return "" }
        if let phone = senderPhone, phone != name { return "\(name) <\(phone)>" }
        return name
    }

    /// The placeholder of an item marked sensitive (docs/TIMELINE.md §8.6): what it is, how to
    /// check it, and why its content is not shown; nil for any other event.
    var sensitiveText: String? {
        guard kind == "sensitive", let s = json["sensitive"] else { return nil }
        let type = s["type"]?.stringValue ?? "type unknown"
        let size = s["size"]?.intValue ?? length
        return "[sensitive, not shown: \(exhibit), \(type), \(size) bytes, SHA-256 \(sha256); "
            + "\(s["reason"]?.stringValue ?? "marked sensitive"); --reveal-sensitive shows it and records a "
            + "'viewed' custody entry]"
    }

    /// The message as one description: text, and for events with no text, what they are.
    var body: String {
        if let sensitiveText { return sensitiveText }
        var parts: [String] = []
        if let forwardedFrom { parts.append("[forwarded from \(forwardedFrom)]") }
        if let replyTo { parts.append("[reply to \(replyTo)]") }
        if kind == "unparsed" { parts.append("[unreadable: \(reason ?? "")]") }
        if kind == "deleted" { parts.append("[deleted]") }
        if let text { parts.append(text) }
        if !attachments.isEmpty { parts.append("[\(attachmentsText)]") }
        return parts.joined(separator: " ")
    }
}
