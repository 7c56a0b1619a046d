import SanadModel

/// What a Signal text record says, before it is placed in the file: the part of an event a
/// format reader decides (docs/TIMELINE.md §8).
struct RecordReading {
    enum Time {
        /// A wall-clock time with no zone (signal-export).
        case local(LocalDateTime)
        /// A wall-clock time with the UTC offset the export states (sigtop).
        case stated(LocalDateTime, offsetSeconds: Int)
    }

    var time: Time?
    /// Where the time came from, when it is not the export's usual time of the message.
    var timeFrom: TimeSource?
    var sender: EventSender?
    var kind: EventKind
    var text: String?
    var attachments: [EventAttachment] = []
    /// Set for `unparsed` records.
    var reason: UnparsedReason?
    /// The conversation's name, when the record states it (sigtop's `Conversation:` heading).
    var title: String?

    static func unparsed(_ reason: UnparsedReason, text: String?) -> RecordReading {
        RecordReading(time: nil, sender: nil, kind: .unparsed, text: text, reason: reason)
    }
}

/// Reads the records of one line-based Signal export format.
protocol RecordReader {
    /// Whether a line begins a record, given the line after it and its 1-based number (docs/TIMELINE.md §8).
    static func starts(_ line: [UInt8], next: [UInt8]?, number: Int) -> LineRecordAssembler.Start?
    /// `exhibits`: the files the export carries, by the name it uses for them.
    static func read(_ record: LineRecordAssembler.Record, exhibits: [String: String]) -> RecordReading
}

/// Text helpers shared by the Signal readers.
enum SignalText {
    /// The bytes as text with the format marks of docs/TIMELINE.md §4 removed, or nil when they
    /// are not UTF-8.
    static func exact(_ bytes: [UInt8]) -> String? {
        guard String(validating: bytes, as: UTF8.self) != nil else { return nil }
        var out: [UInt8] = []
        bytes.withUnsafeBytes { FormatMarks.appendStripped($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// An unreadable record's exact text, without the empty line that ends every message.
    static func recordText(_ record: LineRecordAssembler.Record) -> String? {
        var r = record
        if r.lines.count > 1, r.lines.last?.isEmpty == true {
            r.lines.removeLast()
            r.breaks.removeLast()
        }
        return exact(r.joinedBytes)
    }

    /// The kind of media a MIME type or a file name's extension names; nil when unknown.
    static func media(contentType: String?, fileName: String?) -> EventAttachment.Media? {
        if let type = contentType?.lowercased(), !type.isEmpty {
            if type == "image/gif" { return .gif }
            if type.hasPrefix("image/") { return .image }
            if type.hasPrefix("video/") { return .video }
            if type.hasPrefix("audio/") { return .audio }
            if type == "text/vcard" || type == "text/x-vcard" { return .contact }
            if type.hasPrefix("application/") || type.hasPrefix("text/") { return .document }
            return nil
        }
        guard let name = fileName, let dot = name.lastIndex(of: ".") else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "gif": return .gif
        case "png", "jpg", "jpeg", "tif", "tiff", "webp", "apng", "svg", "heic": return .image
        case "mp4", "mov", "mkv", "mpeg", "webm", "qt": return .video
        case "m4a", "aac", "mp3", "ogg", "opus", "wav", "flac": return .audio
        case "vcf": return .contact
        case "pdf", "txt", "doc", "docx", "xls", "xlsx", "zip": return .document
        default: return nil
        }
    }

    /// An attachment the export names: linked when the caller gave its exhibit.
    static func attachment(name: String?, media: EventAttachment.Media?, exhibits: [String: String]) -> EventAttachment
    {
        if let name, let exhibit = exhibits[name] {
            return EventAttachment(name: name, status: .linked, exhibit: exhibit, media: media)
        }
        return EventAttachment(name: name, status: .named, media: media)
    }
}
