import CSanadArchive
import CSanadShims
import Dispatch
import Foundation
import SanadCrypto
import SanadModel

/// Writes a zip (entries stored, not compressed) or a pax tar through libarchive, byte for byte
/// reproducibly: fixed entry order is the caller's, and every entry gets the same time, owner
/// and mode. The output is hashed (SHA-256) in the same pass as it is written.
public final class ArchiveWriter {
    public enum Format: String, Sendable { case zip, tar }
    static let blockSize = 1 << 20

    /// Receives libarchive's output blocks. Each block is copied into a small ring and written
    /// and hashed on a second thread, so the archive's own SHA-256 costs no time on the thread
    /// that feeds libarchive (which, during a seal, is also re-hashing every payload file).
    private final class Output {
        static let slots = 3
        let fd: Int32
        let digest: MessageDigest
        let queue = DispatchQueue(label: "sanad.archive-output")
        let free = DispatchSemaphore(value: slots)
        var buffers: [UnsafeMutableRawBufferPointer] = []
        var next = 0
        private let lock = NSLock()
        private var firstFailure: SanadError?
        /// The first write error, set by the output thread.
        var failure: SanadError? {
            get { lock.lock(); defer { lock.unlock() }; return firstFailure }
            set { lock.lock(); defer { lock.unlock() }; if firstFailure == nil { firstFailure = newValue } }
        }
        var bytes: Int64 = 0

        init(fd: Int32, blockSize: Int) throws(SanadError) {
            self.fd = fd
            digest = try MessageDigest(.sha256)
            buffers = (0..<Self.slots).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 4096) }
        }

        deinit { buffers.forEach { $0.deallocate() } }

        /// Called by libarchive with a full block; returns at once with the block queued.
        func accept(_ block: UnsafeRawPointer, _ len: Int) -> Int {
            if failure != nil { return -1 }
            free.wait()
            // Blocks are at most `blockSize`; a larger one (never seen) gets a bigger slot.
            let slot = next % Self.slots
            next += 1
            if buffers[slot].count < len {
                buffers[slot].deallocate()
                buffers[slot] = UnsafeMutableRawBufferPointer.allocate(byteCount: len, alignment: 4096)
            }
            let buf = buffers[slot]
            buf.copyMemory(from: UnsafeRawBufferPointer(start: block, count: len))
            let chunk = UnsafeRawBufferPointer(rebasing: buf[0..<len])
            queue.async { [self] in
                defer { free.signal() }
                guard failure == nil else { return }
                var done = 0
                while done < len {
                    let n = write(fd, chunk.baseAddress! + done, len - done)
                    if n < 0 {
                        if errno == EINTR { continue }
                        failure = SystemError.make(errno, "write the archive")
                        return
                    }
                    done += n
                }
                digest.update(chunk)
                // Stream the archive to disk as it grows instead of leaving it all to the final fsync.
                _ = csanad_stream_writeback(fd, bytes, Int64(len), 8 << 20, 1)
                bytes += Int64(len)
            }
            return len
        }

        /// Waits until every queued block is written and hashed.
        func drain() { queue.sync {} }
    }

    private let archive: OpaquePointer
    private let output: Output
    private let mtime: Int64
    private var closed = false

    /// `fd` must be open for writing; the caller closes it. `mtime` is every entry's time.
    public init(fd: Int32, format: Format, mtime: Int64) throws(SanadError) {
        csanad_set_utf8_locale()
        // Zip stores DOS local times: pin the zone so the bytes do not depend on the machine's TZ.
        setenv("TZ", "UTC", 1)
        tzset()
        guard let a = archive_write_new() else { throw SanadError(.internalError, "archive_write_new failed") }
        archive = a
        output = try Output(fd: fd, blockSize: Self.blockSize)
        self.mtime = mtime
        let ok: Int32
        switch format {
        case .zip:
            ok = archive_write_set_format_zip(a) == ARCHIVE_OK ? archive_write_set_format_option(a, "zip", "compression", "store") : ARCHIVE_FATAL
        case .tar:
            ok = archive_write_set_format_pax_restricted(a)
        }
        // 1 MiB output blocks: fewer write(2) calls, and writeback works on whole megabytes.
        guard ok == ARCHIVE_OK, archive_write_add_filter_none(a) == ARCHIVE_OK,
              archive_write_set_bytes_per_block(a, Int32(Self.blockSize)) == ARCHIVE_OK,
              archive_write_set_bytes_in_last_block(a, 1) == ARCHIVE_OK
        else { throw SanadError(.internalError, "cannot set up the \(format.rawValue) writer: \(errorText)") }
        let context = Unmanaged.passUnretained(output).toOpaque()
        let rc = archive_write_open2(a, context, nil, { _, ctx, buf, len in
            guard let buf, len > 0 else { return 0 }
            return Unmanaged<Output>.fromOpaque(ctx!).takeUnretainedValue().accept(buf, len)
        }, nil, nil)
        guard rc == ARCHIVE_OK else { throw SanadError(.ioError, "cannot start the archive: \(errorText)") }
    }

    deinit {
        if !closed { archive_write_close(archive) }
        archive_write_free(archive)
        output.drain()
    }

    private var errorText: String { String(cString: csanad_archive_error(UnsafeMutableRawPointer(archive))) }

    private func fail(_ what: String) -> SanadError {
        output.drain()
        return output.failure ?? SanadError(.ioError, "\(what): \(errorText)")
    }

    /// Starts a regular file entry of `size` bytes; feed it with `writeData`. `mtime` overrides
    /// the writer's time (a countersigned archive keeps each copied entry's time).
    public func beginFile(path: String, size: Int64, mtime: Int64? = nil) throws(SanadError) {
        try header(path: path, size: size, type: 0o100000, perm: 0o644, mtime: mtime)  // AE_IFREG
    }

    /// A folder entry (only copied from an archive that has them; Sanad writes none itself).
    public func addDirectory(path: String, mtime: Int64? = nil) throws(SanadError) {
        try header(path: path, size: 0, type: 0o040000, perm: 0o755, mtime: mtime)  // AE_IFDIR
    }

    private func header(path: String, size: Int64, type: UInt32, perm: UInt32, mtime: Int64?) throws(SanadError) {
        guard let e = archive_entry_new() else { throw SanadError(.internalError, "archive_entry_new failed") }
        defer { archive_entry_free(e) }
        archive_entry_set_pathname_utf8(e, path)
        archive_entry_set_size(e, size)
        archive_entry_set_filetype(e, type)
        archive_entry_set_perm(e, mode_t(perm))
        archive_entry_set_mtime(e, time_t(mtime ?? self.mtime), 0)
        archive_entry_set_uid(e, 0)
        archive_entry_set_gid(e, 0)
        guard archive_write_header(archive, e) == ARCHIVE_OK else { throw fail("write the header of \(path)") }
    }

    public func writeData(_ bytes: UnsafeRawBufferPointer) throws(SanadError) {
        guard !bytes.isEmpty else { return }
        guard archive_write_data(archive, bytes.baseAddress, bytes.count) == bytes.count else { throw fail("write data") }
    }

    /// A whole small file from memory.
    public func addFile(path: String, bytes: [UInt8], mtime: Int64? = nil) throws(SanadError) {
        try beginFile(path: path, size: Int64(bytes.count), mtime: mtime)
        var failure: SanadError?
        bytes.withUnsafeBytes { raw in
            do throws(SanadError) { try writeData(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Finishes the archive; returns its size and SHA-256.
    public func finish() throws(SanadError) -> (size: Int64, sha256: String) {
        closed = true
        guard archive_write_close(archive) == ARCHIVE_OK else { throw fail("finish the archive") }
        output.drain()
        if let failure = output.failure { throw failure }
        return (output.bytes, output.digest.finalizeHex())
    }
}
