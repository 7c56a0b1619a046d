import Foundation
import SanadArchive
import SanadCrypto
import SanadIO
import SanadModel

/// `seal --encrypt-archive-to`: the sealed archive, block by block as the archive writer makes
/// it, goes into an envelope for the recipients (a chunked `CMSEnvelopeWriter`, docs/FORMAT.md
/// §2.3) on the writer's output thread, and only the envelope is written to `output`. The
/// plaintext archive is never on disk; in memory, a block at a time.
final class ArchiveEnvelope: ArchiveOutputFilter {
    private let output: DirectFileWriter
    private let writer: CMSEnvelopeWriter
    private let digest: MessageDigest

    init(recipients: [Certificate], output fd: Int32) throws(SanadError) {
        writer = try CMSEnvelopeWriter(recipients: recipients, contentLength: nil)
        digest = try MessageDigest(.sha256)
        output = DirectFileWriter(fd: fd, label: "the archive's envelope", direct: false)
        try emit(writer.layout.header[...])
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(SanadError) { try writer.update(bytes, put) }

    private func put(_ bytes: UnsafeRawBufferPointer) throws(SanadError) {
        digest.update(bytes)
        _ = try output.write(bytes)
    }

    private func emit(_ bytes: ArraySlice<UInt8>) throws(SanadError) { try Sealer.withBytes(bytes, put) }

    /// Ends the envelope once the archive is finished: its size and SHA-256.
    func finish() throws(SanadError) -> (size: Int64, sha256: String) {
        try writer.finish(put)
        return (output.offset, digest.finalizeHex())
    }
}
