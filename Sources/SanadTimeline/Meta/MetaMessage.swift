import SanadModel

/// One element of a Meta thread's `messages`, read into what an event says, and its
/// reactions (docs/TIMELINE.md §8.4).
struct MetaMessage {
    struct Reaction {
        var reading: EventClock.Reading?
        var actor: String?
        var text: String?
    }

    static let members: Set<String> = [
        "sender_name", "timestamp_ms", "content", "photos", "videos", "audio_files", "files", "gifs", "sticker",
        "share",
        "reactions", "is_unsent", "call_duration", "type",
    ]

    var reading: EventClock.Reading
    var sender: String?
    var kind: EventKind
    var text: String?
    var attachments: [EventAttachment]
    var reactions: [Reaction]

    static func parse(_ record: JSONRecord) -> JSONMembers? {
        guard !record.tooLong else { return nil }
        return JSONElementParser.members(record.value) { members.contains($0) }
    }

    /// Nil when the element has no valid `timestamp_ms` or a member of the wrong type.
    init?(_ m: JSONMembers, clock: EventClock, exhibits: [String: String]) {
        guard let ms = m["timestamp_ms"]?.intValue, let reading = clock.instant(epochMilliseconds: ms) else {
            return nil
        }
        if let v = m["sender_name"], v.stringValue == nil { return nil }
        if let v = m["content"], v.stringValue == nil { return nil }
        self.reading = reading
        sender = MetaMojibake.text(m["sender_name"]?.stringValue)
        text = MetaMojibake.text(m["content"]?.stringValue)
        attachments = []
        for (key, media) in [
            ("photos", EventAttachment.Media.image), ("videos", .video), ("audio_files", .audio),
            ("files", .document), ("gifs", .gif),
        ] {
            guard let list = m[key] else { continue }
            guard let items = list.arrayValue else { return nil }
            for item in items {
                guard let uri = item["uri"]?.stringValue else { return nil }
                attachments.append(Self.attachment(uri, media, exhibits))
            }
        }
        if let uri = m["sticker"]?["uri"]?.stringValue { attachments.append(Self.attachment(uri, .sticker, exhibits)) }
        if let link = m["share"]?["link"]?.stringValue, !link.isEmpty, !(text ?? "").contains(link) {
            text = [text, link].compactMap { $0 }.joined(separator: "\n")
        }
        reactions = (m["reactions"]?.arrayValue ?? []).map { r in
            // `timestamp` is in seconds; beyond ±10^12 it is no time (and would overflow in ms).
            Reaction(
                reading: r["timestamp"]?.intValue.flatMap {
                    $0 > -1_000_000_000_000 && $0 < 1_000_000_000_000
                        ? clock.instant(epochMilliseconds: $0 * 1000) : nil
                },
                actor: MetaMojibake.text(r["actor"]?.stringValue), text: MetaMojibake.text(r["reaction"]?.stringValue))
        }
        if m["is_unsent"]?.boolValue == true {
            kind = .deleted
        } else if m["call_duration"] != nil || m["type"]?.stringValue == "Call" {
            kind = .call
        } else if ["Subscribe", "Unsubscribe"].contains(m["type"]?.stringValue ?? "") {
            kind = .system
        } else if !attachments.isEmpty {
            kind = .media
        } else {
            kind = .message
        }
    }

    private static func attachment(
        _ uri: String, _ media: EventAttachment.Media, _ exhibits: [String: String]
    ) -> EventAttachment {
        if let exhibit = exhibits[uri] {
            return EventAttachment(name: uri, status: .linked, exhibit: exhibit, media: media)
        }
        return EventAttachment(name: uri, status: .named, media: media)
    }

    /// What a `uri` says about the platform: the 2023 layout puts messages under
    /// `your_instagram_activity/` or `your_facebook_activity/`; older `messages/inbox/` says nothing.
    static func platform(ofURI uri: String) -> Platform? {
        if uri.hasPrefix("your_instagram_activity/") { return .instagram }
        if uri.hasPrefix("your_facebook_activity/") { return .facebook }
        return nil
    }

    static func uris(_ m: JSONMembers) -> [String] {
        var out: [String] = []
        for key in ["photos", "videos", "audio_files", "files", "gifs"] {
            out += (m[key]?.arrayValue ?? []).compactMap { $0["uri"]?.stringValue }
        }
        if let uri = m["sticker"]?["uri"]?.stringValue { out.append(uri) }
        return out
    }
}
