import SanadModel

/// What a parser is told about the file it reads, besides its bytes: everything the case
/// knows about the item (docs/TIMELINE.md §7).
public struct ParseContext: Sendable {
    /// The exhibit the file is, written into every event's `source`; nil outside a case.
    public var exhibit: String?
    /// The file's original name (`WhatsApp Chat with Omar.txt`, `Screenshot_20220318-145600.png`):
    /// a chat title or a time can come from it, and the event says so.
    public var fileName: String?
    /// The original file's modification time as recorded at ingest (RFC 3339 UTC): the last
    /// resort for a photo's time, and flagged as weak when used.
    public var fileModified: String?
    /// The platform the collector declared at ingest (`--source-platform`), if any.
    public var platform: Platform?
    /// The zone for local times the source does not place: the phone's zone declared at ingest
    /// (`sanad add --timezone`) or the investigator's default (`sanad timeline --timezone`).
    public var zone: DeclaredZone?
    /// The date order for a source that writes dates without saying which (WhatsApp).
    public var dateOrder: DateOrder?
    /// Whether `dateOrder` was declared for the item at ingest (or amended), rather than given
    /// to this reading: events then say `declared`, not `given`.
    public var dateOrderDeclared = false
    /// Files the export carries, by the name the export uses for them, and the exhibit that
    /// holds each (`E0003`, or `E0003.12` for member 12 of zip E0003).
    public var attachmentExhibits: [String: String]

    public init(
        exhibit: String? = nil, fileName: String? = nil, fileModified: String? = nil, platform: Platform? = nil,
        zone: DeclaredZone? = nil, dateOrder: DateOrder? = nil, attachmentExhibits: [String: String] = [:]
    ) {
        self.exhibit = exhibit
        self.fileName = fileName
        self.fileModified = fileModified
        self.platform = platform
        self.zone = zone
        self.dateOrder = dateOrder
        self.attachmentExhibits = attachmentExhibits
    }
}
