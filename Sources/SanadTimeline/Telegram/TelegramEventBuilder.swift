import SanadModel

/// Reads one block of a Telegram HTML page as an event (docs/TIMELINE.md §9).
///
/// A `joined` message (one that follows another from the same sender within 15 minutes)
/// has no `from_name`: its sender is inherited from the message before it, as the page shows
/// it. A forwarded message joined the same way inherits who it was forwarded from.
struct TelegramEventBuilder {
    let exhibit: String?
    let sha256: String
    let platform: Platform
    let conversation: Conversation
    let attachmentExhibits: [String: String]
    private var clock: EventClock
    private var previousSender: EventSender?
    private var previousForwardedFrom: String?
    private let info = ParserInfo(name: TelegramHTMLParser.name, version: TelegramHTMLParser.version)

    init(context: ParseContext, survey: TelegramHTMLSurvey) {
        exhibit = context.exhibit
        sha256 = survey.sha256
        platform = context.platform ?? TelegramHTMLParser.platform
        conversation = Conversation(title: survey.title, participants: survey.participants)
        attachmentExhibits = context.attachmentExhibits
        clock = EventClock(declared: context.zone)
    }

    mutating func event(_ block: TelegramBlock) -> TimelineEvent {
        guard block.role == .message, !block.broken else {
            return unparsed(block, block.role == .container ? .container : .malformed)
        }
        if block.isService {
            // The exporter's day headings (`message-1`, `message-2`…) restate the next message's date.
            if block.id?.hasPrefix("message-") == true { return unparsed(block, .container) }
            previousSender = nil
            guard let text = Self.text(block.serviceText) else { return unparsed(block, .notUTF8) }
            return TimelineEvent(
                time: nil, localTime: nil, zone: nil, platform: platform, conversation: conversation,
                sender: nil, kind: .system, text: text, source: source(block), parser: info)
        }
        guard let raw = block.dateTitle else { return unparsed(block, .malformed) }
        guard let title = TelegramDateTitle(raw) else { return unparsed(block, .invalidDate) }
        let reading =
            title.offsetSeconds.map { clock.local(title.local, statedOffsetSeconds: $0) } ?? clock.local(title.local)
        var sender: EventSender?
        if let name = block.fromName {
            guard let written = Self.name(name) else { return unparsed(block, .notUTF8) }
            sender = EventSender(writtenName: written)
        } else if block.isJoined {
            sender = previousSender
        }
        previousSender = sender
        var forwardedFrom: String?
        if block.forwarded {
            forwardedFrom = block.forwardedName.flatMap(Self.name) ?? previousForwardedFrom
        }
        previousForwardedFrom = forwardedFrom
        var text: String?
        if let raw = block.text {
            guard let decoded = Self.text(raw) else { return unparsed(block, .notUTF8) }
            text = decoded
        }
        var event = TimelineEvent(
            time: reading.time, localTime: reading.localTime, zone: reading.zone, platform: platform,
            conversation: conversation, sender: sender, kind: .message, text: text,
            replyTo: block.replyTo, forwardedFrom: forwardedFrom, source: source(block), parser: info)
        for media in block.media { read(media, into: &event) }
        return event
    }

    /// What a media block adds: an attachment, or the kind and text of a call, location,
    /// contact or poll.
    private func read(_ media: TelegramHTMLMedia, into event: inout TimelineEvent) {
        let title = Self.text(media.title) ?? "", status = Self.text(media.status) ?? ""
        let description = Self.text(media.description) ?? ""
        func details(_ parts: [String]) -> String? {
            let kept = parts.filter { !$0.isEmpty }
            return kept.isEmpty ? nil : kept.joined(separator: "\n")
        }
        switch media.className {
        case "media_call":
            event.kind = .call
            event.text = event.text ?? details([status])
            return
        case "media_location", "media_live_location", "media_venue":
            event.kind = .location
            event.text = event.text ?? details([title, description, status, media.link ?? ""])
            return
        case "media_poll":
            event.kind = .poll
            event.text = details(media.lines.compactMap { Self.text($0) })
            return
        case "media_game", "media_invoice":
            event.text = event.text ?? details([title, description, status])
            return
        default:
            break
        }
        let kind: EventAttachment.Media
        switch media.className {
        case "photo_wrap": kind = .image
        case "video_file_wrap": kind = .video
        case "animated_wrap": kind = .gif
        case "sticker_wrap": kind = .sticker
        case "media_photo": kind = title == "Sticker" ? .sticker : .image
        case "media_video": kind = title == "Animation" ? .gif : .video
        case "media_voice_message", "media_audio_file": kind = .audio
        case "media_contact": kind = .contact
        default: kind = .document
        }
        var attachment: EventAttachment
        if let link = media.link {
            attachment =
                attachmentExhibits[link].map { EventAttachment(name: link, status: .linked, exhibit: $0, media: kind) }
                ?? EventAttachment(name: link, status: .named, media: kind)
        } else {
            // Not in the export: the exporter's settings left it out (its description says so),
            // or Telegram could not give it. A file keeps the name in the title.
            attachment = EventAttachment(
                name: media.className == "media_file" && !title.isEmpty ? title : nil,
                status: .omitted, media: kind)
        }
        event.attachments.append(attachment)
        if kind == .contact {
            event.kind = .contact
            event.text = event.text ?? details([title, status])
        } else if event.kind == .message {
            event.kind = .media
        }
    }

    /// The exporter writes a block's text between a line break after the start tag and a line
    /// break and indentation before the end tag; `SerializeString` writes every line break of
    /// the text itself as `<br>`. Only those two framing breaks are dropped.
    static func text(_ raw: [UInt8]?) -> String? {
        guard var raw else { return nil }
        if raw.first == 0x0A { raw.removeFirst() }
        if let lf = raw.lastIndex(of: 0x0A), raw[(lf + 1)...].allSatisfy({ $0 == 0x20 }) { raw.removeSubrange(lf...) }
        return MarkupText.string(raw)
    }

    /// A name as the page writes it, without the framing and the space the exporter puts
    /// after a first name when there is no last name.
    static func name(_ raw: [UInt8]) -> String? {
        text(raw)?.trimmingSpaces
    }

    private func unparsed(_ block: TelegramBlock, _ reason: UnparsedReason) -> TimelineEvent {
        TimelineEvent(
            time: nil, localTime: nil, zone: nil, platform: platform, conversation: conversation, sender: nil,
            kind: .unparsed, text: nil, source: source(block), parser: info, reason: reason)
    }

    private func source(_ block: TelegramBlock) -> EventSource {
        EventSource(exhibit: exhibit, sha256: sha256, offset: block.offset, length: block.length, line: block.line)
    }
}
