import SanadArchive
import SanadModel
import SanadTimeline
import SanadFormat
import SanadIO

/// A member of a zip original (`E0003.2`), read out of the stored zip through libarchive.
/// Members are numbered by their order among the zip's non-folder entries, as at ingest
/// (docs/WORKSPACE.md §4); the path must match too.
///
/// The zip is a stored file, or an entry of a sealed archive (`outerEntry`, read where the
/// verifier found it). Either way libarchive reads it through its central directory, as at
/// ingest, so the members are numbered as they were then; nothing is unpacked.
public struct ZipMemberInput: ByteInput {
    public let zipPath: String
    /// When set, the zip is read through it (a stored original decrypted on the fly).
    public let source: RandomAccessSource?
    /// When set, `zipPath` is a sealed archive and the zip is this entry of it.
    public let outerEntry: ContainerEntry?
    public let memberPath: String
    public let index: Int
    public let limit: Int64
    public let label: String

    public init(
        zipPath: String, outerEntry: ContainerEntry? = nil, memberPath: String, index: Int, limit: Int64, label: String
    ) {
        self.zipPath = zipPath
        self.source = nil
        self.outerEntry = outerEntry
        self.memberPath = memberPath
        self.index = index
        self.limit = limit
        self.label = label
    }

    public init(source: RandomAccessSource, memberPath: String, index: Int, limit: Int64, label: String) {
        zipPath = source.label
        self.source = source
        outerEntry = nil
        self.memberPath = memberPath
        self.index = index
        self.limit = limit
        self.label = label
    }

    public func forEachChunk(_ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void) throws(SanadError) {
        let reader =
            if let source {
                try ArchiveReader(source: source, formats: .zip)
            } else if let outerEntry {
                try ArchiveReader(path: zipPath, offset: outerEntry.dataOffset, size: outerEntry.size, formats: .zip)
            } else {
                try ArchiveReader(path: zipPath, formats: .zip)
            }
        var n = 0
        while let entry = try reader.nextEntry() {
            if entry.kind == .directory { continue }
            n += 1
            guard n == index else { continue }
            guard entry.path == memberPath, entry.kind == .file else {
                throw SanadError(
                    .evidenceMismatch, "\(label): member \(index) of the zip is not \(memberPath) as recorded at ingest"
                )
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
