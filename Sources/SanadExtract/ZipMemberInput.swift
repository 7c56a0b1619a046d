import SanadArchive
import SanadModel
import SanadTimeline

/// A member of a zip original (`E0003.2`), read out of the stored zip through libarchive.
/// Members are numbered by their order among the zip's non-folder entries, as at ingest
/// (docs/WORKSPACE.md §4); the path must match too.
public struct ZipMemberInput: ByteInput {
    public let zipPath: String
    public let memberPath: String
    public let index: Int
    public let limit: Int64
    public let label: String

    public init(zipPath: String, memberPath: String, index: Int, limit: Int64, label: String) {
        self.zipPath = zipPath
        self.memberPath = memberPath
        self.index = index
        self.limit = limit
        self.label = label
    }

    public func forEachChunk(_ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void) throws(SanadError) {
        let reader = try ArchiveReader(path: zipPath, formats: .zip)
        var n = 0
        while let entry = try reader.nextEntry() {
            if entry.kind == .directory { continue }
            n += 1
            guard n == index else { continue }
            guard entry.path == memberPath, entry.kind == .file else {
                throw SanadError(.evidenceMismatch, "\(label): member \(index) of the zip is not \(memberPath) as recorded at ingest")
            }
            do {
                try reader.readData(limit: limit) { chunk in try body(chunk) }
            } catch let e as SanadError {
                throw e
            } catch {
                throw SanadError(.internalError, "\(error)")
            }
            return
        }
        throw SanadError(.evidenceMismatch, "\(label): the zip has no member \(index) (\(memberPath))")
    }
}
