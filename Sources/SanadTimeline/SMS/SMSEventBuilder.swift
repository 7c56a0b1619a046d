import SanadModel

/// Reads one record of an SMS Backup & Restore file as an event (docs/TIMELINE.md §8.1–8.2).
struct SMSEventBuilder {
    /// The backup never names the phone's owner: every message the phone sent is theirs.
    static let owner = "owner"

    let exhibit: String?
    let sha256: String
    let platform: Platform
    let clock: EventClock
    let attachmentExhibits: [String: String]
    private let info = ParserInfo(name: SMSBackupXMLParser.name, version: SMSBackupXMLParser.version)

    init(context: ParseContext, sha256: String) {
        exhibit = context.exhibit
        self.sha256 = sha256
        platform = context.platform ?? SMSBackupXMLParser.platform
        clock = EventClock(declared: context.zone)
        attachmentExhibits = context.attachmentExhibits
    }

    func event(_ record: SMSRecord) -> TimelineEvent {
        guard case .element(let element) = record.role, !record.broken else {
            return unparsed(record, record.role == .container ? .container : .malformed)
        }
        switch element {
        case .sms: return sms(record)
        case .mms: return mms(record)
        case .call: return call(record)
        }
    }

    private func sms(_ record: SMSRecord) -> TimelineEvent {
        let tag = record.root
        guard let type = SMSValues.integer(tag, "type"), (1...6).contains(type) else {
            return unparsed(record, .malformed)
        }
        guard let body = tag.attribute("body"), !body.truncated else {
            return unparsed(record, tag.attribute("body") == nil ? .malformed : .tooLong)
        }
        var text: String?
        if let raw = tag.raw("body"), !SMSValues.isNull(raw) {
            guard let decoded = MarkupText.string(raw) else { return unparsed(record, .notUTF8) }
            text = decoded
        }
        let correspondent = Correspondent(tag)
        let sender = type == 1 ? correspondent.sender : EventSender(name: Self.owner)
        return message(record, kind: .message, sender: sender, text: text, conversation: correspondent.conversation)
    }

    private func mms(_ record: SMSRecord) -> TimelineEvent {
        let tag = record.root
        guard let box = SMSValues.integer(tag, "msg_box"), (1...6).contains(box) else {
            return unparsed(record, .malformed)
        }
        var texts: [String] = []
        var attachments: [EventAttachment] = []
        for part in record.parts {
            let type = part.contentType ?? ""
            if type == "application/smil" { continue }
            if type == "text/plain" {
                if part.textTruncated { return unparsed(record, .tooLong) }
                if part.textInvalid { return unparsed(record, .notUTF8) }
                if let text = part.text { texts.append(text) }
                continue
            }
            attachments.append(attachment(part, media: Self.media(type)))
        }
        let correspondent = Correspondent(tag)
        let from = record.addresses.first { $0.type == "137" }?.address
        var sender: EventSender?
        if box == 1 {
            // One correspondent: the contact's name. In a group the backup lists every
            // member's name in one string, so only the sending number is known.
            if let from, from != correspondent.address {
                sender = EventSender(writtenName: from)
            } else if correspondent.address?.contains("~") != true {
                sender = correspondent.sender
            }
        } else {
            sender = EventSender(name: Self.owner, phone: from.flatMap(EventSender.phoneNumber(in:)))
        }
        var participants: [String] = []
        for a in record.addresses {
            guard let address = a.address, address != "insert-address-token", !participants.contains(address) else {
                continue
            }
            participants.append(address)
        }
        var conversation = correspondent.conversation
        if !participants.isEmpty { conversation.participants = participants }
        let kind: EventKind =
            attachments.contains { $0.media == .contact } ? .contact : attachments.isEmpty ? .message : .media
        var event = message(
            record, kind: kind, sender: sender, text: texts.isEmpty ? nil : texts.joined(separator: "\n"),
            conversation: conversation)
        if event.kind != .unparsed { event.attachments = attachments }
        return event
    }

    private func call(_ record: SMSRecord) -> TimelineEvent {
        let tag = record.root
        guard let type = SMSValues.integer(tag, "type") else { return unparsed(record, .malformed) }
        let correspondent = Correspondent(tag, address: "number")
        let sender = type == 2 ? EventSender(name: Self.owner) : correspondent.sender
        var text = Self.callWords[Int(type)].map { $0 + " call" } ?? "Call of type \(type)"
        if let seconds = SMSValues.integer(tag, "duration"), seconds > 0 { text += " (\(seconds) seconds)" }
        return message(record, kind: .call, sender: sender, text: text, conversation: correspondent.conversation)
    }

    /// Android's `CallLog.Calls.TYPE`.
    private static let callWords: [Int: String] = [
        1: "Incoming", 2: "Outgoing", 3: "Missed", 4: "Voicemail", 5: "Rejected", 6: "Blocked",
        7: "Answered externally",
    ]

    private static func media(_ type: String) -> EventAttachment.Media {
        if type.hasPrefix("image/") { return type == "image/gif" ? .gif : .image }
        if type.hasPrefix("video/") { return .video }
        if type.hasPrefix("audio/") { return .audio }
        if type == "text/x-vcard" || type == "text/vcard" { return .contact }
        return .document
    }

    /// The bytes of an MMS attachment are base64 inside this very file, so it is no separate
    /// exhibit: `named` when the part carries data (the event's range holds it), `omitted`
    /// when the backup left it out, `linked` when the caller extracted it as an exhibit.
    private func attachment(_ part: MMSPart, media: EventAttachment.Media) -> EventAttachment {
        if let name = part.fileName, let exhibit = attachmentExhibits[name] {
            return EventAttachment(name: name, status: .linked, exhibit: exhibit, media: media)
        }
        return EventAttachment(name: part.fileName, status: part.hasData ? .named : .omitted, media: media)
    }

    /// A record with a time: `date` (Unix milliseconds, UTC) read by the clock.
    private func message(
        _ record: SMSRecord, kind: EventKind, sender: EventSender?, text: String?,
        conversation: Conversation
    ) -> TimelineEvent {
        guard let ms = SMSValues.integer(record.root, "date") else { return unparsed(record, .malformed) }
        guard let reading = clock.instant(epochMilliseconds: ms) else { return unparsed(record, .invalidDate) }
        return TimelineEvent(
            time: reading.time, localTime: reading.localTime, zone: reading.zone, platform: platform,
            conversation: conversation, sender: sender, kind: kind, text: text, source: source(record),
            parser: info)
    }

    private func unparsed(_ record: SMSRecord, _ reason: UnparsedReason) -> TimelineEvent {
        TimelineEvent(
            time: nil, localTime: nil, zone: nil, platform: platform,
            conversation: Conversation(title: nil, participants: []), sender: nil, kind: .unparsed, text: nil,
            source: source(record), parser: info, reason: reason)
    }

    private func source(_ record: SMSRecord) -> EventSource {
        EventSource(exhibit: exhibit, sha256: sha256, offset: record.offset, length: record.length, line: record.line)
    }
}

/// The other party of an SMS thread or call, as the record names it.
private struct Correspondent {
    let address: String?
    let name: String?

    init(_ tag: MarkupTag, address key: StaticString = "address") {
        address = SMSValues.string(tag, key)
        // The app writes `(Unknown)` when the number is in no contact.
        name = SMSValues.string(tag, "contact_name").flatMap { $0 == "(Unknown)" ? nil : $0 }
    }

    var sender: EventSender? {
        guard let label = name ?? address else { return nil }
        return EventSender(name: label, phone: address.flatMap(EventSender.phoneNumber(in:)))
    }

    /// Titled by the contact's name, else the number; the participants are that party and
    /// the phone's owner.
    var conversation: Conversation {
        let label = name ?? address
        return Conversation(title: label, participants: (label.map { [$0] } ?? []) + [SMSEventBuilder.owner])
    }
}
