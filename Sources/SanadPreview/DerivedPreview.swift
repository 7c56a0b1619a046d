import SanadCustody
import SanadModel
import SanadWorkspace

/// A preview as the case holds it: what `sanad preview` reports, whether it made it just now or
/// found it already made.
public struct DerivedPreview: Sendable {
    public let item: String
    /// False when the log already committed a preview of this item: nothing was written.
    public let created: Bool
    /// The custody entry that commits it.
    public let seq: Int64
    /// `derived/E0003/preview.png`, and its record `derived/E0003/preview.json`.
    public let path: String
    public let recordPath: String
    public let sha256: String
    public let size: Int64
    public let sourceSHA256: String
    /// The preview's own size (≤ 24 × 24), when made in this run; 0 when it was found.
    public let width: Int
    public let height: Int

    public static let fileName = "preview.png"
    public static let recordName = "preview.json"

    init(found record: DerivedRecord) {
        let png = record.files.first { $0.role == "preview" }
        item = record.source
        created = false
        seq = record.seq
        path = png?.path ?? ""
        recordPath = record.files.first { $0.role == "record" }?.path ?? ""
        sha256 = png?.sha256 ?? ""
        size = png?.size ?? 0
        sourceSHA256 = record.sourceSHA256
        width = 0
        height = 0
    }

    init(made item: String, seq: Int64, png: [UInt8], sha256: String, source: String, rendered: RenderedPreview) {
        self.item = item
        created = true
        self.seq = seq
        path = CaseStore.derivedPath(item: item, name: Self.fileName)
        recordPath = CaseStore.derivedPath(item: item, name: Self.recordName)
        self.sha256 = sha256
        size = Int64(png.count)
        sourceSHA256 = source
        width = rendered.width
        height = rendered.height
    }
}
