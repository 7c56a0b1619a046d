import SanadModel

/// One element of a chat's `messages`, read into what an event says (docs/TIMELINE.md §8.3).
struct TelegramMessage {
    /// The members read; the others (`text_entities`, sizes, thumbnails…) are checked, not built.
    static let members: Set<String> = [
        "type", "date", "date_unixtime", "edited", "edited_unixtime", "from", "from_id", "actor", "actor_id", "action",
        "text", "forwarded_from", "reply_to_message_id", "photo", "file", "file_name", "media_type", "contact_vcard",
        "location_information", "contact_information", "poll", "place_name", "address", "information_text", "members",
        "title", "new_title", "inviter", "discard_reason", "duration_seconds", "duration", "message_id",
    ]

    /// What the survey reads: enough to know who sent a message that has a time.
    static let surveyMembers: Set<String> = ["type", "date", "date_unixtime", "from", "from_id", "actor", "actor_id"]

    /// The sender's name, for the survey, of an element whose JSON is valid and whose type
    /// and time are readable; the other members are checked for syntax only.
    static func surveySender(_ record: JSONRecord, clock: inout EventClock) -> String? {
        guard !record.tooLong, let m = JSONElementParser.members(record.value, keep: { surveyMembers.contains($0) }),
            let type = m["type"]?.stringValue, type == "message" || type == "service",
            TelegramTime.read(m, clock: &clock) != nil
        else { return nil }
        return type == "service"
            ? sender(name: m["actor"], id: m["actor_id"])?.name
            : sender(name: m["from"], id: m["from_id"])?.name
    }

    /// The element's value with the members read, or nil when it is not a valid JSON object.
    static func parse(_ record: JSONRecord) -> JSONMembers? {
        guard !record.tooLong else { return nil }
        return JSONElementParser.members(record.value) { members.contains($0) }
    }

    var reading: EventClock.Reading
    var sender: EventSender?
    var kind: EventKind
    var text: String?
    var attachments: [EventAttachment]
    var replyTo: String?
    var forwardedFrom: String?

    /// Nil when the element is not a message Telegram Desktop writes: not an object, no valid
    /// time, `type` missing or `unsupported` (Telegram's own mark for a message it could not
    /// export, which has no date), or a member of the wrong type.
    init?(_ m: JSONMembers, clock: inout EventClock, exhibits: [String: String]) {
        guard let type = m["type"]?.stringValue, type == "message" || type == "service",
            let reading = TelegramTime.read(m, clock: &clock),
            let text = Self.text(m["text"])
        else { return nil }
        self.reading = reading
        replyTo = JSONText.id(m["reply_to_message_id"])
        forwardedFrom = m["forwarded_from"]?.stringValue
        attachments = []
        if type == "service" {
            sender = Self.sender(name: m["actor"], id: m["actor_id"])
            let action = m["action"]?.stringValue
            kind = action == "phone_call" || action == "group_call" ? .call : .system
            self.text = Self.serviceText(m, action: action)
            return
        }
        sender = Self.sender(name: m["from"], id: m["from_id"])
        self.text = JSONText.clean(text)
        attachments = TelegramMedia.attachments(m, exhibits: exhibits)
        if let place = m["location_information"], case .object = place {
            kind = .location
            let lines = [
                self.text, m["place_name"]?.stringValue, m["address"]?.stringValue,
                "geo:\(JSONText.number(place["latitude"]) ?? ""),\(JSONText.number(place["longitude"]) ?? "")",
            ]
            self.text = JSONText.clean(lines.compactMap { $0 }.joined(separator: "\n"))
        } else if let contact = m["contact_information"], case .object = contact {
            kind = .contact
            let name = [contact["first_name"]?.stringValue, contact["last_name"]?.stringValue]
                .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            let lines = [self.text, name.isEmpty ? nil : name, contact["phone_number"]?.stringValue]
            self.text = JSONText.clean(lines.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n"))
        } else if let poll = m["poll"], case .object = poll {
            kind = .poll
            let answers = (poll["answers"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }
            self.text = JSONText.clean(([poll["question"]?.stringValue ?? ""] + answers).joined(separator: "\n"))
        } else if !attachments.isEmpty {
            kind = .media
        } else {
            kind = .message
        }
        // An edit shows as `edited` (the time of the last edit) on the message as it is now:
        // the kind says the text is not necessarily what was first sent. A live location is
        // edited as it moves, and a poll as votes arrive, so those keep their kind.
        if Self.wasEdited(m), kind == .message || kind == .media { kind = .edited }
    }

    /// Old exports write `edited` on every message, with the Unix epoch in the exporter's
    /// zone (`1970-01-01T03:00:00`) for one never edited; newer ones write it only after an
    /// edit, with `edited_unixtime`.
    static func wasEdited(_ m: JSONMembers) -> Bool {
        if let unix = TelegramTime.unix(m["edited_unixtime"]) { return unix != 0 }
        guard let edited = m["edited"]?.stringValue else { return false }
        return !(edited.hasPrefix("1970-01-01T") || edited.hasPrefix("1969-12-31T"))
    }

    /// `text` is a string, or an array of plain strings and entity objects whose `text` is
    /// what was written (a link's `href` is not: it is what the link points to). Nil when
    /// `text` has another type; an absent `text` is empty.
    static func text(_ v: JSONValue?) -> String? {
        switch v {
        case nil: return ""
        case .string(let s)?: return s
        case .array(let parts)?:
            var out = ""
            for part in parts {
                switch part {
                case .string(let s): out += s
                case .object:
                    guard let s = part["text"]?.stringValue else { return nil }
                    out += s
                default: return nil
                }
            }
            return out
        default: return nil
        }
    }

    /// `from`/`actor` is the name, or null for a deleted account; `from_id`/`actor_id` is
    /// `user123`, `channel123` (a number in old exports). With no name the id stands for it.
    static func sender(name: JSONValue?, id: JSONValue?) -> EventSender? {
        let id = JSONText.id(id)
        guard let written = JSONText.clean(name?.stringValue) ?? id else { return nil }
        var sender = EventSender(writtenName: written)
        sender.id = id
        return sender
    }

    /// A service message has no text of its own, only an action and its details. The text
    /// is the action's name followed by the details a reader needs, each on its own line as
    /// `key: value` with Telegram's own key names; a custom action's text is its
    /// `information_text`.
    static func serviceText(_ m: JSONMembers, action: String?) -> String? {
        guard let action else { return JSONText.clean(m["information_text"]?.stringValue) }
        var lines = [action]
        for key in ["title", "new_title", "inviter", "discard_reason", "duration_seconds", "duration", "message_id"] {
            if let v = m[key], let s = v.stringValue ?? JSONText.number(v) { lines.append("\(key): \(s)") }
        }
        if let members = m["members"]?.arrayValue {
            lines.append("members: " + members.map { $0.stringValue ?? "" }.joined(separator: ", "))
        }
        return JSONText.clean(lines.joined(separator: "\n"))
    }
}
