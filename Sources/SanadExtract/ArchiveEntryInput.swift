import SanadArchive
import SanadModel
import SanadTimeline
import SanadFormat

/// One file inside a sealed zip or tar, read straight out of the container each time its bytes
/// are asked for, from where the verifier found it: the container profile stores every entry,
/// so its bytes are one stretch of the file. Nothing is unpacked to disk.
public struct ArchiveEntryInput: ByteInput {
    public let archivePath: String
    public let entry: ContainerEntry
    public let label: String

    public init(archivePath: String, entry: ContainerEntry, label: String) {
        self.archivePath = archivePath
        self.entry = entry
        self.label = label
    }

    public func forEachChunk(_ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void) throws(SanadError) {
        try entry.forEachChunk(in: archivePath, body)
    }
}
