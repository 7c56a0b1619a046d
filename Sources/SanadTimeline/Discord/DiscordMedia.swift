import SanadModel

/// The files a DiscordChatExporter message names (docs/TIMELINE.md §15): its `attachments`
/// (`url`, `fileName`) and its `stickers` (`sourceUrl`, `name`).
///
/// Without `--media` the exporter writes Discord's CDN address (`https://cdn.discordapp.com/…`);
/// with it, the path of the downloaded copy relative to the export
/// (`general.json_Files/IMG_2041-5C1D9.jpg`, with `\` on Windows), or an absolute path when
/// the media folder lies outside the export's. Only a downloaded copy can be linked.
enum DiscordMedia {
    /// The attachments and stickers, or nil when either list has the wrong shape.
    static func attachments(_ m: JSONMembers, exhibits: [String: String]) -> [EventAttachment]? {
        var out: [EventAttachment] = []
        if let list = m["attachments"], list != .null {
            guard let items = list.arrayValue else { return nil }
            for item in items {
                guard let a = attachment(url: item["url"], name: item["fileName"], media: nil, exhibits: exhibits)
                else { return nil }
                out.append(a)
            }
        }
        if let list = m["stickers"], list != .null {
            guard let items = list.arrayValue else { return nil }
            for item in items {
                guard
                    let a = attachment(url: item["sourceUrl"], name: item["name"], media: .sticker, exhibits: exhibits)
                else { return nil }
                out.append(a)
            }
        }
        return out
    }

    /// A downloaded copy is named by its path as written, `linked` when the context maps it
    /// to an exhibit; a file left on Discord's servers is named by its `fileName` (a
    /// sticker's `name`), `named`. Nil when neither is a string.
    private static func attachment(
        url: JSONValue?, name: JSONValue?, media: EventAttachment.Media?,
        exhibits: [String: String]
    ) -> EventAttachment? {
        let url = url?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let name = name?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        guard url != nil || name != nil else { return nil }
        let kind = media ?? Self.media(ofFileName: name ?? url ?? "")
        guard let url, isLocal(url) else {
            return EventAttachment(name: name ?? url, status: .named, media: kind)
        }
        if let exhibit = exhibit(url, exhibits) {
            return EventAttachment(name: url, status: .linked, exhibit: exhibit, media: kind)
        }
        return EventAttachment(name: url, status: .named, media: kind)
    }

    /// Whether `url` is a path the exporter wrote for a downloaded copy, not a web address.
    static func isLocal(_ url: String) -> Bool {
        !(url.hasPrefix("https://") || url.hasPrefix("http://"))
    }

    /// The exhibit of a downloaded copy: by its path as written, then with Windows `\` read
    /// as `/`, then by its file name alone (the exporter puts a hash of the address in every
    /// name it downloads, `IMG_2041-5C1D9.jpg`, so a name names one file).
    static func exhibit(_ path: String, _ exhibits: [String: String]) -> String? {
        if let e = exhibits[path] { return e }
        let slashed = path.replacingOccurrences(of: "\\", with: "/")
        if let e = exhibits[slashed] { return e }
        guard let base = slashed.split(separator: "/").last.map(String.init), base != slashed else { return nil }
        return exhibits[base]
    }

    /// The kind of file by its extension; a file whose extension says nothing is a document.
    static func media(ofFileName name: String) -> EventAttachment.Media {
        let file = name.split(separator: "/").last.map(String.init) ?? name
        let path = file.split(separator: "?").first.map(String.init) ?? file
        guard let dot = path.lastIndex(of: ".") else { return .document }
        switch path[path.index(after: dot)...].lowercased() {
        case "jpg", "jpeg", "png", "webp", "bmp", "heic", "tif", "tiff": return .image
        case "gif": return .gif
        case "mp4", "webm", "mov", "mkv", "avi": return .video
        case "mp3", "ogg", "wav", "m4a", "flac", "opus", "aac": return .audio
        default: return .document
        }
    }
}
