import SanadModel

/// One element of a DiscordChatExporter export's `messages`, read into what an event says,
/// and the reactions whose users the export lists (docs/TIMELINE.md §15).
struct DiscordMessage {
    struct Reaction {
        var sender: EventSender
        var emoji: String?
    }

    /// The members read; the others (`embeds`, `mentions`, `inlineEmojis`, `components`…) are
    /// checked, not built.
    static let members: Set<String> = [
        "type", "timestamp", "timestampEdited", "content", "author", "attachments", "stickers", "reactions",
        "reference",
    ]

    /// DiscordChatExporter's names of Discord's notices (`MessageKind`), which it writes in
    /// place of `content` a sentence of its own for ("Pinned a message.").
    static let systemTypes: Set<String> = [
        "RecipientAdd", "RecipientRemove", "ChannelNameChange", "ChannelIconChange", "ChannelPinnedMessage",
        "GuildMemberJoin", "ThreadCreated",
    ]

    static func parse(_ record: JSONRecord) -> JSONMembers? {
        guard !record.tooLong else { return nil }
        return JSONElementParser.members(record.value) { members.contains($0) }
    }

    var reading: EventClock.Reading
    var sender: EventSender
    var kind: EventKind
    var text: String?
    var attachments: [EventAttachment]
    var replyTo: String?
    var reactions: [Reaction]

    /// Nil when the element is not a message the exporter writes: no `type` string, no valid
    /// `timestamp`, no `author` with a `name`, or a member read that has the wrong type.
    init?(_ m: JSONMembers, clock: EventClock, exhibits: [String: String]) {
        guard let type = m["type"]?.stringValue, let reading = DiscordTime.read(m["timestamp"], clock: clock),
            let sender = Self.user(m["author"])
        else { return nil }
        let content: String?
        switch m["content"] {
        case nil, .null?: content = nil
        case .string(let s)?: content = s
        default: return nil
        }
        var edited = false
        switch m["timestampEdited"] {
        case nil, .null?: break
        case .string(let s)?:
            guard DiscordTime.parts(s) != nil else { return nil }
            edited = true
        default: return nil
        }
        guard let attachments = DiscordMedia.attachments(m, exhibits: exhibits),
            let reactions = Self.reactions(m["reactions"])
        else { return nil }
        switch m["reference"] {
        case nil, .null?: replyTo = nil
        case .object(let r)?:
            // A forward's reference is the forwarded message, which this message does not answer.
            replyTo = r["type"]?.stringValue == "Forward" ? nil : JSONText.id(r["messageId"])
        default: return nil
        }
        self.reading = reading
        self.sender = sender
        self.text = JSONText.clean(content)
        self.attachments = attachments
        self.reactions = reactions
        if type == "Call" {
            kind = .call
        } else if Self.systemTypes.contains(type) || Self.isNumberedNotice(type) {
            kind = .system
        } else if edited {
            kind = .edited
        } else if !attachments.isEmpty, text == nil {
            kind = .media
        } else {
            kind = .message
        }
    }

    /// A notice type the exporter has no name for is written as Discord's number; those from
    /// 1 to 18 are notices (a server boost, a followed channel…), as the exporter itself reads them.
    static func isNumberedNotice(_ type: String) -> Bool {
        guard type.utf8.count <= 2, type.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let n = Int(type) else {
            return false
        }
        return (1...18).contains(n)
    }

    /// A user object: `name` (the account's user name) as the name, `id` as the id. Nil when
    /// it is not an object with a non-empty `name` string.
    static func user(_ v: JSONValue?) -> EventSender? {
        guard case .object(let o)? = v, let name = JSONText.clean(o["name"]?.stringValue) else { return nil }
        return EventSender(name: name, id: JSONText.id(o["id"]))
    }

    /// One reaction per user the exporter lists under a reaction's `users`; a reaction
    /// without `users` (older exporters) is a count, not an event. Nil for a wrong shape.
    static func reactions(_ v: JSONValue?) -> [Reaction]? {
        switch v {
        case nil, .null?: return []
        case .array(let items)?:
            var out: [Reaction] = []
            for item in items {
                guard case .object(let r) = item else { return nil }
                let emoji = JSONText.clean(r["emoji"]?["name"]?.stringValue)
                switch r["users"] {
                case nil, .null?: continue
                case .array(let users)?:
                    for u in users {
                        guard let sender = user(u) else { return nil }
                        out.append(Reaction(sender: sender, emoji: emoji))
                    }
                default: return nil
                }
            }
            return out
        default: return nil
        }
    }
}
