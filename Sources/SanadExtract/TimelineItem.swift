import SanadModel
import SanadTimeline

/// One file of a case that a timeline may be read from: an original, or a member of a zip
/// original (`E0003.2`), with what the case recorded about it at ingest.
public struct TimelineItem: Sendable, Equatable {
    /// `E0001`, or `E0003.2` for a zip member.
    public var exhibit: String
    /// SHA-256 recorded at ingest (or in the sealed manifest): the parser's own digest of the
    /// bytes it read must equal it.
    public var sha256: String
    public var size: Int64
    /// The original file name (or the member's path inside its zip).
    public var originalName: String?
    /// The original's modification time recorded at ingest (RFC 3339 UTC).
    public var fileModified: String?
    /// `--source-platform` given at ingest.
    public var platform: Platform?
    /// `--timezone` given at ingest: the phone's zone.
    public var timezone: String?
    /// The zone was corrected after ingest (`sanad amend`).
    public var timezoneAmended = false
    /// The date order declared at ingest (`--date-order`, or as `--locale` implies).
    public var dateOrder: DateOrder?
    /// MIME type detected from the content at ingest.
    public var mediaType: String?
    /// For a zip original: its members, by exhibit number.
    public var members: [Member]
    /// 1, 2, 3…: the item's place in exhibit order, which breaks ties between sources.
    public var ordinal: Int
    /// Files an export read from this item may name, and the exhibits that hold them: for a
    /// chat inside a zip, the zip's other members.
    public var attachmentExhibits: [String: String] = [:]
    /// For a zip member, the zip's exhibit.
    public var parent: String?
    /// Where a sealed archive holds the bytes (`data/E0001/original.txt`); for a zip member,
    /// its zip's.
    public var payloadPath: String?
    /// Why the item is sensitive (`SensitiveMark`), or nil: its content is then shown only on
    /// request (`--reveal-sensitive`). A zip's members share their zip's declaration.
    public var sensitiveReason: String?

    public struct Member: Sendable, Equatable {
        public var exhibit: String
        public var path: String
        public var sha256: String?
        public var size: Int64
        public var isFile: Bool
    }

    /// The exhibit that holds each file the item's export may name, for linking attachments:
    /// a zip's members by their base name and by their path.
    public var memberExhibits: [String: String] {
        var map: [String: String] = [:]
        for m in members where m.isFile {
            map[m.path] = m.exhibit
            let base = m.path.split(separator: "/").last.map(String.init) ?? m.path
            if map[base] == nil { map[base] = m.exhibit }
        }
        return map
    }

    /// Reads the facts from an item file (`items/E0001.json`, docs/WORKSPACE.md §3).
    public init(metadata m: JSONValue, ordinal: Int) throws(SanadError) {
        guard let id = m["id"]?.stringValue, let sha = m["digests"]?["sha256"]?.stringValue else {
            throw SanadError(.workspaceDamaged, "an item file lacks its id or SHA-256")
        }
        exhibit = id
        sha256 = sha
        size = m["size"]?.intValue ?? 0
        originalName = m["original"]?["name"]?.stringValue
        fileModified = m["original"]?["times"]?["modified"]?.stringValue
        platform = m["collection"]?["platform"]?.stringValue.flatMap(Platform.init(rawValue:))
        timezone = m["collection"]?["timezone"]?.stringValue
        timezoneAmended = m["amended_fields"]?.arrayValue?.contains(.string("timezone")) == true
        dateOrder = m["collection"]?["date_order"]?.stringValue.flatMap(DateOrder.init(rawValue:))
        mediaType = m["type"]?["mime"]?.stringValue
        members = (m["members"]?.arrayValue ?? []).compactMap { j in
            guard let mid = j["id"]?.stringValue, let path = j["member_path"]?.stringValue else { return nil }
            return Member(
                exhibit: mid, path: path, sha256: j["digests"]?["sha256"]?.stringValue, size: j["size"]?.intValue ?? 0,
                isFile: j["entry_kind"]?.stringValue == "file")
        }
        self.ordinal = ordinal
    }

    /// The members of this zip that may be chat exports (text, JSON, HTML, XML), as items of
    /// their own whose attachments link to their sibling members. Media members are not read
    /// on their own: the chat that names them links them.
    public func chatMembers(metadata m: JSONValue) -> [TimelineItem] {
        let siblings = memberExhibits
        return (m["members"]?.arrayValue ?? []).compactMap { j -> TimelineItem? in
            guard j["entry_kind"]?.stringValue == "file", let id = j["id"]?.stringValue,
                let path = j["member_path"]?.stringValue,
                let sha = j["digests"]?["sha256"]?.stringValue, let mime = j["type"]?["mime"]?.stringValue,
                mime.hasPrefix("text/") || mime == "application/json" || mime.hasSuffix("xml")
            else { return nil }
            var item = self
            item.exhibit = id
            item.sha256 = sha
            item.size = j["size"]?.intValue ?? 0
            item.originalName = path
            item.fileModified = nil
            item.mediaType = mime
            item.members = []
            item.attachmentExhibits = siblings
            item.parent = exhibit
            return item
        }
    }
}
