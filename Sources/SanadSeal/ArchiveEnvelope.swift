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
    private let output: DirectBlockWriter
    private let writer: CMSEnvelopeWriter

    init(recipients: [Certificate], output fd: Int32) throws(SanadError) {
        writer = try CMSEnvelopeWriter(recipients: recipients, contentLength: nil)
        // Gathered into aligned blocks and written past the page cache, as the plain archive is.
        output = DirectBlockWriter(fd: fd, label: "the archive's envelope")
        try emit(writer.layout.header[...])
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(SanadError) { try writer.update(bytes, put) }

    private func put(_ bytes: UnsafeRawBufferPointer) throws(SanadError) { try output.append(bytes) }

    private func emit(_ bytes: ArraySlice<UInt8>) throws(SanadError) { try Sealer.withBytes(bytes, put) }

    /// Ends the envelope once the archive is finished: its size. (Its SHA-256 is not computed:
    /// the archive's, inside, is what the seal covers and prints, and the envelope's tag
    /// authenticates every byte around it.)
    func finish() throws(SanadError) -> Int64 {
        try writer.finish(put)
        try output.flush()
        return output.count
    }
}
