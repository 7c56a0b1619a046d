import SanadModel

/// Recognises a file from its first bytes, never from its name.
public enum FileTypeSniffer {
    /// How many leading bytes `detect` looks at.
    public static let prefixLength = 64 * 1024

    /// `prefix` is the file's first bytes; `isWhole` says whether it is the entire file,
    /// which matters for text (a multi-byte character may be cut at the end of a prefix).
    public static func detect(_ prefix: [UInt8], isWhole: Bool) -> FileType {
        if prefix.isEmpty { return .empty }
        if let t = magic(prefix) { return t }
        return text(prefix, isWhole: isWhole) ?? .unknown
    }

    private static func starts(_ p: [UInt8], _ sig: [UInt8], at offset: Int = 0) -> Bool {
        p.count >= offset + sig.count && Array(p[offset..<offset + sig.count]) == sig
    }

    private static func ascii(_ s: String) -> [UInt8] { Array(s.utf8) }

    private static func magic(_ p: [UInt8]) -> FileType? {
        if starts(p, [0xFF, 0xD8, 0xFF]) {
            return FileType(mime: "image/jpeg", label: "JPEG image", fileExtension: "jpg")
        }
        if starts(p, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            return FileType(mime: "image/png", label: "PNG image", fileExtension: "png")
        }
        if starts(p, ascii("GIF87a")) || starts(p, ascii("GIF89a")) {
            return FileType(mime: "image/gif", label: "GIF image", fileExtension: "gif")
        }
        if starts(p, ascii("RIFF")) && starts(p, ascii("WEBP"), at: 8) {
            return FileType(mime: "image/webp", label: "WebP image", fileExtension: "webp")
        }
        if starts(p, ascii("RIFF")) && starts(p, ascii("WAVE"), at: 8) {
            return FileType(mime: "audio/wav", label: "WAV audio", fileExtension: "wav")
        }
        if starts(p, ascii("ftyp"), at: 4), p.count >= 12 {
            return isoMedia(brand: String(decoding: p[8..<12], as: UTF8.self))
        }
        if starts(p, ascii("OggS")) {
            let head = Array(p.prefix(512))
            if contains(head, ascii("OpusHead")) {
                return FileType(
                    mime: "audio/ogg; codecs=opus", label: "Ogg Opus audio (voice note)", fileExtension: "opus")
            }
            return FileType(mime: "audio/ogg", label: "Ogg media", fileExtension: "ogg")
        }
        if starts(p, ascii("#!AMR")) { return FileType(mime: "audio/amr", label: "AMR audio", fileExtension: "amr") }
        if starts(p, ascii("ID3")) || (p.count > 1 && p[0] == 0xFF && p[1] & 0xE0 == 0xE0 && p[1] & 0x06 != 0) {
            return FileType(mime: "audio/mpeg", label: "MP3 audio", fileExtension: "mp3")
        }
        if starts(p, ascii("%PDF-")) {
            return FileType(mime: "application/pdf", label: "PDF document", fileExtension: "pdf")
        }
        if starts(p, [0x50, 0x4B, 0x03, 0x04]) || starts(p, [0x50, 0x4B, 0x05, 0x06]) {
            return FileType(mime: "application/zip", label: "zip archive", fileExtension: "zip")
        }
        if starts(p, ascii("SQLite format 3\u{0}")) {
            return FileType(mime: "application/vnd.sqlite3", label: "SQLite database", fileExtension: "sqlite")
        }
        if starts(p, [0x1F, 0x8B]) {
            return FileType(mime: "application/gzip", label: "gzip data", fileExtension: "gz")
        }
        if starts(p, ascii("ustar"), at: 257) {
            return FileType(mime: "application/x-tar", label: "tar archive", fileExtension: "tar")
        }
        return nil
    }

    private static func isoMedia(brand: String) -> FileType {
        switch brand {
        case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1":
            return FileType(mime: "image/heic", label: "HEIC image", fileExtension: "heic")
        case "avif", "avis": return FileType(mime: "image/avif", label: "AVIF image", fileExtension: "avif")
        case "M4A ", "M4B ": return FileType(mime: "audio/mp4", label: "MPEG-4 audio", fileExtension: "m4a")
        case "qt  ": return FileType(mime: "video/quicktime", label: "QuickTime video", fileExtension: "mov")
        case "3gp4", "3gp5", "3gp6", "3ge6", "3gg6":
            return FileType(mime: "video/3gpp", label: "3GPP video", fileExtension: "3gp")
        default: return FileType(mime: "video/mp4", label: "MPEG-4 video", fileExtension: "mp4")
        }
    }

    private static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard hay.count >= needle.count else { return false }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && Array(hay[i..<i + needle.count]) == needle
        {
            return true
        }
        return false
    }

    private static func text(_ p: [UInt8], isWhole: Bool) -> FileType? {
        if starts(p, [0xFF, 0xFE]) || starts(p, [0xFE, 0xFF]) {
            return FileType(mime: "text/plain; charset=utf-16", label: "UTF-16 text", fileExtension: "txt")
        }
        var body = p
        if starts(body, [0xEF, 0xBB, 0xBF]) { body.removeFirst(3) }
        if body.contains(0) { return nil }
        // A prefix may end inside a multi-byte character: drop up to three trailing bytes.
        var valid = String(validating: body, as: UTF8.self) != nil
        if !valid, !isWhole {
            for cut in 1...3 where body.count > cut {
                if String(validating: body.dropLast(cut), as: UTF8.self) != nil { valid = true; break }
            }
        }
        guard valid else { return nil }
        let first = body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if (first == UInt8(ascii: "{") || first == UInt8(ascii: "[")) && looksLikeJSON(body, isWhole: isWhole) {
            return FileType(mime: "application/json", label: "JSON document", fileExtension: "json")
        }
        if first == UInt8(ascii: "<") {
            let head = String(decoding: body.prefix(512), as: UTF8.self).lowercased()
            if head.contains("<!doctype html") || head.contains("<html") {
                return FileType(mime: "text/html", label: "HTML document", fileExtension: "html")
            }
            return FileType(mime: "application/xml", label: "XML document", fileExtension: "xml")
        }
        return FileType(mime: "text/plain; charset=utf-8", label: "plain text", fileExtension: "txt")
    }

    /// Parses as JSON; a prefix may only fail by running out of bytes. (A WhatsApp iOS chat
    /// starts with `[01/03/2026, …` and must stay text.)
    private static func looksLikeJSON(_ body: [UInt8], isWhole: Bool) -> Bool {
        do {
            _ = try JSONParser.parse(body, maxDepth: 512)
            return true
        } catch {
            return !isWhole && error.offset >= body.count - 4
        }
    }
}
