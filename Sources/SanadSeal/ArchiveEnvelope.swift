import Foundation
import SanadCrypto
import SanadIO
import SanadModel

/// `seal --encrypt-archive-to`: the sealed archive, as the archive writer makes it, goes through a
/// pipe into an envelope for the recipients (a chunked `CMSEnvelopeWriter`, docs/FORMAT.md
/// §2.3), written to `output` on a thread of its own. The plaintext archive exists only in the
/// pipe and in memory, a block at a time; the file on disk is the envelope.
final class ArchiveEnvelope: @unchecked Sendable {
    /// Where the archive writer writes.
    let writeFD: Int32
    private let readFD: Int32
    private let output: Int32
    private let writer: CMSEnvelopeWriter
    private let digest: MessageDigest
    private let done = DispatchSemaphore(value: 0)
    private var failure: SanadError?
    private var size: Int64 = 0
    private var joined = false

    init(recipients: [Certificate], output: Int32) throws(SanadError) {
        writer = try CMSEnvelopeWriter(recipients: recipients, contentLength: nil)
        digest = try MessageDigest(.sha256)
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SystemError.make(errno, "create a pipe") }
        (readFD, writeFD) = (fds[0], fds[1])
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        // A larger pipe: fewer switches between the archive writer and this thread.
        _ = fcntl(writeFD, 1031 /* F_SETPIPE_SZ */, Int32(1 << 20))
        self.output = output
        Thread.detachNewThread { [self] in
            run()
            done.signal()
        }
    }

    deinit {
        if !joined {
            close(writeFD)
            done.wait()
        }
        close(readFD)
    }

    private func run() {
        do throws(SanadError) {
            try emit(writer.layout.header[...])
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let n = buffer.withUnsafeMutableBytes { Glibc.read(readFD, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                guard n >= 0 else { throw SystemError.make(errno, "read the archive from its pipe") }
                if n == 0 { break }
                try Sealer.withBytes(buffer[0..<n]) { (b) throws(SanadError) in try writer.update(b, write) }
            }
            try writer.finish(write)
        } catch {
            failure = error
            // Keep the archive writer from waiting forever on a full pipe: the rest is discarded
            // (the seal fails with this error once the writer is done).
            var sink = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = sink.withUnsafeMutableBytes { Glibc.read(readFD, $0.baseAddress, $0.count) }
                if n > 0 || (n < 0 && errno == EINTR) { continue }
                break
            }
        }
    }

    private func write(_ bytes: UnsafeRawBufferPointer) throws(SanadError) {
        digest.update(bytes)
        size += Int64(bytes.count)
        if let e = FileOutput.writeAll(output, bytes).error {
            throw SystemError.make(e, "write the archive's envelope")
        }
    }

    private func emit(_ bytes: ArraySlice<UInt8>) throws(SanadError) { try Sealer.withBytes(bytes, write) }

    /// Ends the archive (closes the pipe) and waits for the envelope: its size and SHA-256.
    func finish() throws(SanadError) -> (size: Int64, sha256: String) {
        joined = true
        close(writeFD)
        done.wait()
        if let failure { throw failure }
        return (size, digest.finalizeHex())
    }
}
