import SanadModel
import SanadTimeline
import SanadWorkspace

/// A stored original read by the timeline's parsers: any range, decrypting only the 64 KiB
/// chunks it covers when the workspace is encrypted. Opened afresh for each read, so that two
/// cores can read two halves.
public struct StoredFileInput: RangedByteInput {
    public let store: CaseStore
    public let rel: String
    public let label: String

    public init(store: CaseStore, rel: String, label: String) {
        self.store = store
        self.rel = rel
        self.label = label
    }

    public func byteCount() throws(SanadError) -> Int64 { try store.openOriginal(rel).size }

    public func forEachChunk(_ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void) throws(SanadError) {
        try forEachChunk(from: 0, to: .max, body)
    }

    public func forEachChunk(
        from: Int64, to: Int64, _ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void
    ) throws(SanadError) {
        try store.openOriginal(rel).forEachChunk(from: from, to: to, body)
    }
}
