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
        // Confirmed on one chat exported from iOS in each language (Tests/Fixtures/REAL-SOURCES.md,
        // starkdmi/whats_json `test/data/languages/*_ios.txt`), aligned line by line with the
        // English export of the same chat.
        "audio omis": .audio, "sticker omis": .sticker, "GIF retiré": .gif,  // fr
        "Kontaktkarte ausgelassen": .contact,  // de
        "Video omitido": .video, "Tarjeta de contacto omitida": .contact,  // es
        "obrázek vynechán": .image, "video vynecháno": .video, "zvukový soubor vynechán": .audio,  // cs
        "Vizitka vynechána": .contact, "nálepka vynechána": .sticker, "GIF vynechán": .gif,
        "फ़ोटो हटाई गई": .image, "वीडियो छोड़ा गया": .video, "ऑडियो हटाई गयी": .audio,  // hi
        "कॉन्टैक्ट कार्ड छोड़ा गया": .contact, "स्टिकर छोड़ा गया": .sticker, "GIF छोड़ा गया": .gif,
        "gambar tidak disertakan": .image, "video tidak disertakan": .video, "audio tidak disertakan": .audio,  // id
        "Kartu kontak tidak disertakan": .contact, "stiker tidak disertakan": .sticker,
        "GIF tidak disertakan": .gif,
        "immagine omessa": .image, "video omesso": .video, "audio omesso": .audio,  // it
        "Scheda contatto omessa": .contact, "sticker non incluso": .sticker, "GIF esclusa": .gif,
        "画像は含まれていません": .image, "ビデオは含まれていません": .video, "音声は含まれていません": .audio,  // ja
        "連絡先カードを省略": .contact, "スタンプは含まれていません": .sticker, "GIFは含まれていません": .gif,
        "imagem não revelada": .image, "vídeo não revelado": .video, "ficheiro de áudio não revelado": .audio,  // pt-PT
        "Contacto não revelado": .contact, "sticker não revelado": .sticker, "GIF não revelada": .gif,
        "изображение отсутствует": .image, "видео отсутствует": .video, "аудиофайл отсутствует": .audio,  // ru
        "Карточка контакта отсутствует": .contact, "стикер не добавлен": .sticker, "GIF отсутствует": .gif,
        "ไม่มีรูปภาพ": .image, "วิดีโอถูกลบ": .video, "ไม่มีไฟล์เสียง": .audio,  // th
        "บัตรรายชื่อที่ละเว้น": .contact, "ไม่มีสติกเกอร์": .sticker, "ละเว้น GIF": .gif,
        "зображення відсутнє": .image, "відео відсутнє": .video, "аудіо відсутнє": .audio,  // uk
        "Картка контакту відсутня": .contact, "Наклейку не додано": .sticker, "GIF-анімацію пропущено": .gif,
        "đã bỏ qua hình ảnh": .image, "đã bỏ video": .video, "bỏ qua tệp âm thanh": .audio,  // vi
        "Bỏ qua thẻ liên lạc": .contact, "đã bỏ sticker": .sticker, "Đã bỏ qua ảnh GIF": .gif,
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
        // iOS, confirmed as the media notices above.
        "Tuto zprávu jste smazal/a", "Tato zpráva byla smazána",  // cs
        "आपने यह मैसेज डिलीट किया", "यह मैसेज डिलीट कर दिया गया है",  // hi
        "Anda menghapus pesan ini", "Pesan ini dihapus",  // id
        "Hai eliminato questo messaggio", "Questo messaggio è stato eliminato",  // it
        "このメッセージを削除しました。", "このメッセージは削除されました。",  // ja (its own full stop)
        "Apagou esta mensagem", "Esta mensagem foi apagada",  // pt-PT
        "Вы удалили данное сообщение", "Данное сообщение удалено",  // ru
        "คุณได้ลบข้อความนี้", "ข้อความนี้ถูกลบแล้ว",  // th
        "Ви видалили це повідомлення", "Це повідомлення було видалено",  // uk
        "Bạn đã xoá tin nhắn này", "Tin nhắn này đã bị xóa",  // vi
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

    /// The same in the languages confirmed as the media notices above (compared exactly).
    static let localizedLocationPrefixes: [String] = [
        "Standort", "Ubicación", "Localisation", "Poloha", "लोकेशन", "Lokasi", "Posizione", "位置情報",
        "Localização", "Местоположение", "ตำแหน่งที่ตั้ง", "Розташування", "Vị trí",
    ].map { $0 + ": http" }

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
            || isLocation(line)
            || Bytes.edited.contains { line.hasSuffix($0) }
    }

    static func asciiLower(_ b: UInt8) -> UInt8 { (0x41...0x5A).contains(b) ? b + 0x20 : b }

    /// A shared location: `Location: https://…` in any listed language.
    static func isLocation(_ line: [UInt8]) -> Bool {
        line.prefix(Bytes.locationPrefix.count).map(asciiLower) == Bytes.locationPrefix
            || Bytes.localizedLocationPrefixes.contains { line.hasPrefix($0) }
    }

    /// The tables as UTF-8, for exact byte comparison: no Unicode equivalence is applied to
    /// evidence.
    enum Bytes {
        static let mediaOmitted = Set(WhatsAppMarkers.mediaOmitted.map { Array($0.utf8) })
        static let fileAttachedSuffixes = WhatsAppMarkers.fileAttachedSuffixes.map { Array($0.utf8) }
        static let attachedPrefixes = WhatsAppMarkers.attachedPrefixes.map { Array($0.utf8) }
        static let typedOmitted = Dictionary(
            WhatsAppMarkers.typedOmitted.flatMap { key, media in spellings(key).map { ($0, media) } },
            uniquingKeysWith: { a, _ in a })
        static let namedDocumentOmitted = Array(WhatsAppMarkers.namedDocumentOmittedSuffix.utf8)
        static let deleted = Set(WhatsAppMarkers.deleted.flatMap(spellings))
        static let edited = WhatsAppMarkers.edited.map { Array($0.utf8) }
        static let calls = Set(WhatsAppMarkers.calls.map { Array($0.utf8) })
        static let locationPrefix = Array(WhatsAppMarkers.locationPrefix.utf8)
        static let localizedLocationPrefixes = WhatsAppMarkers.localizedLocationPrefixes.map { Array($0.utf8) }
        static let pollLine = Array(WhatsAppMarkers.pollLine.utf8)
        /// No whole-line notice is longer: longer texts are not hashed to look them up.
        static let longestWhole =
            (mediaOmitted.map(\.count) + typedOmitted.keys.map(\.count) + deleted.map(\.count)
            + calls.map(\.count)).max()!

        /// A phrase's UTF-8 as written, and with each Devanagari letter + nukta (U+093C) as the
        /// one code point WhatsApp's Hindi writes (ड़ U+095C): Swift's strings compare them as
        /// equal, the bytes of evidence do not, and Unicode's composition leaves them apart.
        static func spellings(_ phrase: String) -> [[UInt8]] {
            let composed: [UInt32: UInt32] = [
                0x0915: 0x0958, 0x0916: 0x0959, 0x0917: 0x095A, 0x091C: 0x095B, 0x0921: 0x095C, 0x0922: 0x095D,
                0x092B: 0x095E, 0x092F: 0x095F,
            ]
            var out = String.UnicodeScalarView()
            var pending: Unicode.Scalar?
            for u in phrase.unicodeScalars {
                if let p = pending, u.value == 0x093C, let c = composed[p.value].flatMap(Unicode.Scalar.init) {
                    out.append(c)
                    pending = nil
                    continue
                }
                if let p = pending { out.append(p) }
                pending = u
            }
            if let p = pending { out.append(p) }
            let original = Array(phrase.utf8)
            let other = Array(String(out).utf8)
            return other == original ? [original] : [original, other]
        }

        /// Length, first and last byte of every whole-line notice: most lines of a chat differ
        /// from all of them there, and are never hashed whole (a file has a million lines).
        static let shapes: Set<Int> = Set(
            (Array(mediaOmitted) + Array(typedOmitted.keys) + Array(deleted) + Array(calls)).map(shape))

        static func shape(_ line: [UInt8]) -> Int {
            line.count << 16 | Int(line.first ?? 0) << 8 | Int(line.last ?? 0)
        }

        /// Whether `line` could be a whole-line notice: the cheap test before the lookup.
        static func mayBeWhole(_ line: [UInt8]) -> Bool {
            line.count <= longestWhole && shapes.contains(shape(line))
        }

        static func isWholeNotice(_ line: [UInt8]) -> Bool {
            mayBeWhole(line)
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
