import SanadArchive
import SanadModel
import SanadTimeline

/// One file inside a zip or tar, read as a stream straight out of the container each time its
/// bytes are asked for: nothing is unpacked to disk. Other entries' data is skipped, not read.
public struct ArchiveEntryInput: ByteInput {
    public let archivePath: String
    /// The entry's path as the container stores it.
    public let entryPath: String
    /// Which file entry with that path, counting from 1; zips can hold a name twice.
    public let occurrence: Int
    /// The most bytes the entry may give before it is treated as a bomb.
    public let limit: Int64
    public let formats: ArchiveReader.Formats
    public let label: String

    public init(archivePath: String, entryPath: String, occurrence: Int = 1, limit: Int64, formats: ArchiveReader.Formats = .zipOrTar,
                label: String) {
        self.archivePath = archivePath
        self.entryPath = entryPath
        self.occurrence = occurrence
        self.limit = limit
        self.formats = formats
        self.label = label
    }

    public func forEachChunk(_ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void) throws(SanadError) {
        let reader = try ArchiveReader(path: archivePath, formats: formats)
        var seen = 0
        while let entry = try reader.nextEntry() {
            guard entry.kind == .file, entry.path == entryPath else { continue }
            seen += 1
            guard seen == occurrence else { continue }
            do {
                try reader.readData(limit: limit) { chunk in try body(chunk) }
            } catch let e as SanadError {
                throw e
            } catch {
                throw SanadError(.internalError, "\(error)")
            }
            return
        }
        throw SanadError(.archiveCorrupt, "\(label): \(entryPath) is not in \(archivePath)")
    }
}
