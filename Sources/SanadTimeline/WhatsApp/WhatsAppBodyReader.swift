import Foundation

/// What an event's text says once the export's own notices are taken out of it.
struct WhatsAppBody: Equatable {
    var kind: EventKind
    var text: String?
    var attachments: [EventAttachment]
}

/// Reads the text after `Name: ` (docs/TIMELINE.md §6). Notices are structure, not words:
/// they become the kind and the attachments, and `text` keeps only what the sender wrote.
enum WhatsAppBodyReader {
    typealias Bytes = WhatsAppMarkers.Bytes

    /// `body` is valid UTF-8 with the format marks removed. `exhibits` maps file names the
    /// export carries to their exhibit numbers.
    static func read(_ body: [UInt8], exhibits: [String: String]) -> WhatsAppBody {
        if Bytes.mayBeWhole(body), Bytes.deleted.contains(body) {
            return WhatsAppBody(kind: .deleted, text: nil, attachments: [])
        }
        var text = body
        var edited = false
        if let marker = Bytes.edited.first(where: { text.hasSuffix($0) }) {
            text.removeLast(marker.count)
            if text.last == 0x20 { text.removeLast() }
            edited = true
        }
        let (first, caption) = splitFirstLine(text)
        if let attachment = attachment(Array(first), exhibits: exhibits) {
            let kind: EventKind = edited ? .edited : attachment.media == .contact ? .contact : .media
            return WhatsAppBody(kind: kind, text: caption.map(string), attachments: [attachment])
        }
        let kind: EventKind
        if edited {
            kind = .edited
        } else if first.count <= Bytes.longestWhole, Bytes.mayBeWhole(Array(first)), Bytes.calls.contains(Array(first))
        {
            kind = .call
        } else if WhatsAppMarkers.isLocation(Array(first)) {
            kind = .location
        } else if Array(first) == Bytes.pollLine {
            kind = .poll
        } else {
            kind = .message
        }
        return WhatsAppBody(kind: kind, text: string(text[...]), attachments: [])
    }

    /// The first line without its line break, and what follows the break (nil if none).
    static func splitFirstLine(_ text: [UInt8]) -> (ArraySlice<UInt8>, ArraySlice<UInt8>?) {
        guard let lf = text.firstIndex(of: 0x0A) else { return (text[...], nil) }
        let end = lf > 0 && text[lf - 1] == 0x0D ? lf - 1 : lf
        return (text[..<end], text[(lf + 1)...])
    }

    private static func attachment(_ line: [UInt8], exhibits: [String: String]) -> EventAttachment? {
        if Bytes.mayBeWhole(line) {
            if Bytes.mediaOmitted.contains(line) { return EventAttachment(name: nil, status: .omitted) }
            if let media = Bytes.typedOmitted[line] {
                return EventAttachment(name: nil, status: .omitted, media: media)
            }
        }
        for prefix in Bytes.attachedPrefixes where line.hasPrefix(prefix) && line.last == UInt8(ascii: ">") {
            let name = line[prefix.count..<(line.count - 1)]
            if !name.isEmpty { return carried(string(name), exhibits: exhibits) }
        }
        for suffix in Bytes.fileAttachedSuffixes where line.hasSuffix(suffix) && line.count > suffix.count {
            return carried(string(line[..<(line.count - suffix.count)]), exhibits: exhibits)
        }
        if line.hasSuffix(Bytes.namedDocumentOmitted), line.count > Bytes.namedDocumentOmitted.count {
            // `Report.pdf • 3 pages document omitted`: the name is before the bullet.
            let described = string(line[..<(line.count - Bytes.namedDocumentOmitted.count)])
            let name = described.components(separatedBy: " • ").first ?? described
            return EventAttachment(name: name, status: .omitted, media: .document)
        }
        return nil
    }

    private static func carried(_ name: String, exhibits: [String: String]) -> EventAttachment {
        let media = WhatsAppMarkers.media(ofFile: name)
        if let exhibit = exhibits[name] {
            return EventAttachment(name: name, status: .linked, exhibit: exhibit, media: media)
        }
        return EventAttachment(name: name, status: .named, media: media)
    }

    static func string(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
}
