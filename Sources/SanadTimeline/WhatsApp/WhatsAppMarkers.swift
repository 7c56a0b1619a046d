/// The notices WhatsApp writes in place of content, by language. Each string was checked
/// against several independent parsers of real exports; a language is listed only where we
/// are confident of its wording, because a wrong entry would misreport what someone wrote.
/// A notice missing here is read as text: the event stays correct, only its `kind` is `message`.
enum WhatsAppMarkers {
    /// Android, exported without media: the whole first line.
    static let mediaOmitted: Set<String> = [
        "<Media omitted>",  // en
        "<تم استبعاد الوسائط>",  // ar
        "<Multimedia omitido>",  // es
        "<Medien ausgeschlossen>",  // de
        "<Médias omis>",  // fr
    ]

    /// Android, exported with media: `IMG-20220318-WA0001.jpg (file attached)`.
    static let fileAttachedSuffixes: [String] = [
        " (file attached)",  // en
        " (الملف مرفق)", " (ملف مرفق)",  // ar
        " (archivo adjunto)",  // es
        " (Datei angehängt)",  // de
        " (fichier joint)",  // fr
    ]

    /// iOS, exported with media: `<attached: 00000035-PHOTO-2022-03-18-14-56-01.jpg>`.
    /// Only the English wording is listed: we could not confirm the localised ones.
    static let attachedPrefixes: [String] = ["<attached: "]

    /// iOS, exported without media: the whole first line, with the kind of media it names.
    static let typedOmitted: [String: EventAttachment.Media] = [
        "image omitted": .image, "video omitted": .video, "audio omitted": .audio, "sticker omitted": .sticker,
        "GIF omitted": .gif, "document omitted": .document, "Contact card omitted": .contact,
        "imagen omitida": .image, "video omitido": .video, "audio omitido": .audio, "sticker omitido": .sticker,
        "GIF omitido": .gif, "documento omitido": .document,
        "Bild weggelassen": .image, "Video weggelassen": .video, "Audio weggelassen": .audio,
        "Sticker weggelassen": .sticker, "GIF weggelassen": .gif, "Dokument weggelassen": .document,
        "image absente": .image, "vidéo absente": .video,
    ]

    /// iOS names an omitted document: `Report.pdf • 3 pages document omitted`.
    static let namedDocumentOmittedSuffix = " document omitted"

    /// The whole text of a deleted message, with or without a final full stop.
    static let deleted: Set<String> = withOptionalStop([
        "This message was deleted", "You deleted this message",
        "تم حذف هذه الرسالة", "لقد حذفت هذه الرسالة", "حذفت هذه الرسالة",
        "Se eliminó este mensaje", "Eliminaste este mensaje", "Este mensaje fue eliminado",
        "Diese Nachricht wurde gelöscht", "Du hast diese Nachricht gelöscht",
        "Ce message a été supprimé", "Vous avez supprimé ce message",
    ])

    /// Appended after an edited message, with or without a full stop inside the brackets.
    static let edited: [String] = [
        "This message was edited", "تم تعديل هذه الرسالة", "Se editó este mensaje",
        "Diese Nachricht wurde bearbeitet", "Ce message a été modifié",
    ].flatMap { ["<\($0)>", "<\($0).>"] }

    /// iOS call notices (English only).
    static let calls: Set<String> = ["Missed voice call", "Missed video call"]

    /// `location: https://maps.google.com/?q=…` (compared in lower case).
    static let locationPrefix = "location: http"

    /// Android polls begin with this line.
    static let pollLine = "POLL:"

    private static func withOptionalStop(_ phrases: [String]) -> Set<String> {
        Set(phrases.flatMap { [$0, $0 + "."] })
    }

    /// Whether a first line is one of the notices above, which iOS also marks with U+200E:
    /// an iOS text that starts with U+200E and is none of these is a system notice.
    static func isKnownNotice(firstLine: ArraySlice<UInt8>) -> Bool {
        let line = Array(firstLine)
        return Bytes.isWholeNotice(line) || line == Bytes.pollLine || line.hasSuffix(Bytes.namedDocumentOmitted)
            || Bytes.attachedPrefixes.contains { line.hasPrefix($0) && line.last == UInt8(ascii: ">") }
            || Bytes.fileAttachedSuffixes.contains { line.hasSuffix($0) }
            || line.prefix(Bytes.locationPrefix.count).map(asciiLower) == Bytes.locationPrefix
            || Bytes.edited.contains { line.hasSuffix($0) }
    }

    static func asciiLower(_ b: UInt8) -> UInt8 { (0x41...0x5A).contains(b) ? b + 0x20 : b }

    /// The tables as UTF-8, for exact byte comparison: no Unicode equivalence is applied to
    /// evidence.
    enum Bytes {
        static let mediaOmitted = Set(WhatsAppMarkers.mediaOmitted.map { Array($0.utf8) })
        static let fileAttachedSuffixes = WhatsAppMarkers.fileAttachedSuffixes.map { Array($0.utf8) }
        static let attachedPrefixes = WhatsAppMarkers.attachedPrefixes.map { Array($0.utf8) }
        static let typedOmitted = Dictionary(
            uniqueKeysWithValues: WhatsAppMarkers.typedOmitted.map { (Array($0.key.utf8), $0.value) })
        static let namedDocumentOmitted = Array(WhatsAppMarkers.namedDocumentOmittedSuffix.utf8)
        static let deleted = Set(WhatsAppMarkers.deleted.map { Array($0.utf8) })
        static let edited = WhatsAppMarkers.edited.map { Array($0.utf8) }
        static let calls = Set(WhatsAppMarkers.calls.map { Array($0.utf8) })
        static let locationPrefix = Array(WhatsAppMarkers.locationPrefix.utf8)
        static let pollLine = Array(WhatsAppMarkers.pollLine.utf8)
        /// No whole-line notice is longer: longer texts are not hashed to look them up.
        static let longestWhole =
            (mediaOmitted.map(\.count) + typedOmitted.keys.map(\.count) + deleted.map(\.count)
            + calls.map(\.count)).max()!

        static func isWholeNotice(_ line: [UInt8]) -> Bool {
            line.count <= longestWhole
                && (mediaOmitted.contains(line) || typedOmitted[line] != nil || deleted.contains(line)
                    || calls.contains(line))
        }
    }

    /// The kind of media a WhatsApp file name shows, from its extension or its naming scheme.
    static func media(ofFile name: String) -> EventAttachment.Media? {
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "jpg", "jpeg", "png", "heic", "heif": return .image
        case "webp": return .sticker
        case "gif": return .gif
        case "mp4", "mov", "3gp", "mkv", "avi": return .video
        case "opus", "ogg", "m4a", "mp3", "aac", "amr", "wav": return .audio
        case "vcf": return .contact
        case "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "zip", "csv": return .document
        default: return nil
        }
    }
}

extension Array where Element == UInt8 {
    func hasPrefix(_ p: [UInt8]) -> Bool { count >= p.count && self[0..<p.count].elementsEqual(p) }
    func hasSuffix(_ p: [UInt8]) -> Bool { count >= p.count && self[(count - p.count)...].elementsEqual(p) }
}
