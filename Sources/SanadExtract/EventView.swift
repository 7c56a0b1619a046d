import SanadModel

/// An event decoded from its canonical line, with the strings every human format shows.
struct EventView {
    let json: JSONValue

    init(_ line: UnsafeRawBufferPointer) throws(SanadError) {
        var bytes = Array(line)
        if bytes.last == 0x0A { bytes.removeLast() }
        do { json = try JSONParser.parse(bytes) } catch {
            throw SanadError(.internalError, "a timeline event does not decode: \(error)")
        }
    }

    var time: String? { json["time"]?.stringValue }
    var localTime: String? { json["local_time"]?.stringValue }
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
    var parser: String {
        "\(json["parser"]?["name"]?.stringValue ?? "")/\(json["parser"]?["version"]?.stringValue ?? "")"
    }

    /// `E0001 @118+44 (line 2)`: where the bytes are.
    var sourceRef: String { "\(exhibit) @\(offset)+\(length) (line \(line))" }

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

    /// The time column: UTC when known, else the floating local time, said to be floating.
    var timeText: String {
        if let time { return String(time.prefix(19)).replacingOccurrences(of: "T", with: " ") + "Z" }
        if let localTime { return localTime.replacingOccurrences(of: "T", with: " ") + " (local, zone unknown)" }
        return "(no time)"
    }

    var senderText: String {
        guard let name = senderName else { return "" }
        if let phone = senderPhone, phone != name { return "\(name) <\(phone)>" }
        return name
    }

    /// The message as one description: text, and for events with no text, what they are.
    var body: String {
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
