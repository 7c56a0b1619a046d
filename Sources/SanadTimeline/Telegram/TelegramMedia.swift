import SanadModel

/// The files a Telegram message names (docs/TIMELINE.md §8.3): `photo`, `file` with its
/// `media_type`, `contact_vcard`. A path is relative to the export folder
/// (`photos/photo_1@18-03-2022_14-56-01.jpg`); a value in parentheses is Telegram saying it
/// left the file out: `(File not included. Change data exporting settings to download.)`,
/// `(File exceeds maximum size. …)`, `(File unavailable, please try again later)`.
enum TelegramMedia {
    static func attachments(_ m: JSONMembers, exhibits: [String: String]) -> [EventAttachment] {
        var out: [EventAttachment] = []
        if let photo = m["photo"]?.stringValue {
            out.append(attachment(photo, fileName: nil, media: .image, exhibits: exhibits))
        }
        if let file = m["file"]?.stringValue {
            out.append(attachment(file, fileName: m["file_name"]?.stringValue, media: media(m), exhibits: exhibits))
        }
        if let vcard = m["contact_vcard"]?.stringValue {
            out.append(attachment(vcard, fileName: nil, media: .contact, exhibits: exhibits))
        }
        return out
    }

    /// `media_type` as Telegram Desktop writes it; a file without one is a document.
    static func media(_ m: JSONMembers) -> EventAttachment.Media {
        switch m["media_type"]?.stringValue {
        case "sticker": return .sticker
        case "video_message", "video_file": return .video
        case "voice_message", "audio_file": return .audio
        case "animation": return .gif
        default: return .document
        }
    }

    private static func attachment(
        _ value: String, fileName: String?, media: EventAttachment.Media,
        exhibits: [String: String]
    ) -> EventAttachment {
        if value.hasPrefix("(") {
            return EventAttachment(name: fileName, status: .omitted, media: media)
        }
        if let exhibit = exhibits[value] {
            return EventAttachment(name: value, status: .linked, exhibit: exhibit, media: media)
        }
        return EventAttachment(name: value, status: .named, media: media)
    }
}
