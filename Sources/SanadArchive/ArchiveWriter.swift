import CSanadArchive
import CSanadArchiveShims
import CSanadSystem
import Dispatch
import Foundation
import SanadCrypto
import SanadModel
import SanadFormat
import SanadIO

/// Takes the archive's bytes in place of its file, in order, on the writer's output thread (an
/// envelope that encrypts them on their way to disk).
public protocol ArchiveOutputFilter: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws(SanadError)
}

/// Writes a zip (entries stored, not compressed) or a pax tar through libarchive, byte for byte
/// reproducibly: fixed entry order is the caller's, and every entry gets the same time, owner
/// and mode. The output is hashed (SHA-256) in the same pass as it is written.
public final class ArchiveWriter {
    public enum Format: String, Sendable { case zip, tar }
    static let blockSize = 1 << 20

    /// Receives libarchive's output blocks. Each block is copied into a small ring, then hashed
    /// on one thread and written on another, so neither the archive's own SHA-256 nor the wait
    /// for the disk holds up the thread that feeds libarchive (which, during a seal, is also
    /// re-checking every payload file). Whole blocks go to disk directly (`DirectFileWriter`).
    private final class Output {
        static let slots = 6
        let file: DirectFileWriter
        let digest: MessageDigest
        let hashQueue = DispatchQueue(label: "sanad.archive-hash")
        let writeQueue = DispatchQueue(label: "sanad.archive-write")
        // Raised from 0 in init: disposing of a semaphore below its initial value traps.
        let free = DispatchSemaphore(value: 0)
        var buffers: [UnsafeMutableRawBufferPointer] = []
        var next = 0
        private let lock = NSLock()
        /// Per slot, how many of its two jobs (hash, write) are still running. Both queues run in
        /// order, so slots finish in the order they were filled and the ring reuses them in turn.
        private var busy = [Int](repeating: 0, count: slots)
        private var firstFailure: SanadError?
        /// The first write error, set by the write thread.
        var failure: SanadError? {
            get { lock.lock(); defer { lock.unlock() }; return firstFailure }
            set { lock.lock(); defer { lock.unlock() }; if firstFailure == nil { firstFailure = newValue } }
        }
        /// When set, blocks go here instead of to the file.
        var filter: ArchiveOutputFilter?
        var bytes: Int64 { filter == nil ? file.offset : accepted }

        init(fd: Int32, blockSize: Int, direct: Bool) throws(SanadError) {
            file = DirectFileWriter(fd: fd, label: "the archive", direct: direct)
            for _ in 0..<Self.slots { free.signal() }
            digest = try MessageDigest(.sha256)
            buffers = (0..<Self.slots).map { _ in
                UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: DirectFileWriter.alignment)
            }
        }

        deinit {
            // An abandoned archive (a seal stopped by an error) can hold the slot it was filling;
            // libdispatch traps when a semaphore dies below its starting value, so give it back.
            if current != nil { free.signal() }
            buffers.forEach { $0.deallocate() }
        }

        /// The slot being filled and how much of it is.
        private var current: Int?
        private var fill = 0

        /// Called by libarchive with every piece of output, straight through (libarchive does no
        /// blocking of its own, so a payload chunk is copied once, here, not twice). Pieces are
        /// gathered into aligned blocks of `blockSize`; each full block is queued at once.
        /// Bytes libarchive has handed over so far (whether or not they are on disk yet).
        private(set) var accepted: Int64 = 0

        func accept(_ piece: UnsafeRawPointer, _ len: Int) -> Int {
            if failure != nil { return -1 }
            accepted += Int64(len)
            var done = 0
            while done < len {
                let slot: Int
                if let c = current {
                    slot = c
                } else {
                    free.wait()
                    slot = next % Self.slots
                    next += 1
                    current = slot
                    fill = 0
                }
                let buf = buffers[slot]
                let n = min(buf.count - fill, len - done)
                (buf.baseAddress! + fill).copyMemory(from: piece + done, byteCount: n)
                fill += n
                done += n
                if fill == buf.count { queue(slot, fill) }
            }
            return len
        }

        /// Queues whatever the current slot holds (the archive's last, short block).
        func flush() {
            if let slot = current, fill > 0 { queue(slot, fill) }
        }

        private func queue(_ slot: Int, _ len: Int) {
            current = nil
            let chunk = UnsafeRawBufferPointer(rebasing: buffers[slot][0..<len])
            lock.lock()
            busy[slot] = 2
            lock.unlock()
            hashQueue.async { [self] in
                digest.update(chunk)
                WorkProgress.shared.add(chunk.count)
                done(slot)
            }
            writeQueue.async { [self] in
                defer { done(slot) }
                guard failure == nil else { return }
                do throws(SanadError) {
                    if let filter {
                        try filter.write(chunk)
                        return
                    }
                    let offset = file.offset
                    if try !file.write(chunk) {
                        // Through the page cache: stream it to disk as it grows instead of leaving
                        // it all to the final fsync.
                        _ = csanad_stream_writeback(file.fd, offset, Int64(len), 8 << 20, 1)
                    }
                } catch {
                    failure = error
                }
            }
        }

        private func done(_ slot: Int) {
            lock.lock()
            busy[slot] -= 1
            let free = busy[slot] == 0
            lock.unlock()
            if free { self.free.signal() }
        }

        /// Waits until every queued block is written and hashed.
        func drain() {
            hashQueue.sync {}
            writeQueue.sync {}
        }
    }

    private let archive: OpaquePointer
    private let output: Output
    private let mtime: Int64
    private let format: Format
    private var entries: UInt64 = 0
    private var closed = false

    /// `fd` must be open for writing; the caller closes it. `mtime` is every entry's time. With a
    /// `filter`, the archive's bytes go to it instead of `fd` (the size and SHA-256 `finish`
    /// returns are still the archive's).
    public init(fd: Int32, format: Format, mtime: Int64, filter: ArchiveOutputFilter? = nil) throws(SanadError) {
        csanad_set_utf8_locale()
        // Zip stores DOS local times: pin the zone so the bytes do not depend on the machine's TZ.
        setenv("TZ", "UTC", 1)
        tzset()
        guard let a = archive_write_new() else { throw SanadError(.internalError, "archive_write_new failed") }
        archive = a
        // A filter writes the file itself: the descriptor's flags are left alone.
        output = try Output(fd: fd, blockSize: Self.blockSize, direct: filter == nil)
        output.filter = filter
        self.mtime = mtime
        self.format = format
        let ok: Int32
        switch format {
        case .zip:
            ok =
                archive_write_set_format_zip(a) == ARCHIVE_OK
                ? archive_write_set_format_option(a, "zip", "compression", "store") : ARCHIVE_FATAL
        case .tar:
            ok = archive_write_set_format_pax_restricted(a)
        }
        // No blocking in libarchive (`Output` makes 1 MiB blocks itself, with one copy fewer),
        // hence no padding after the last entry either.
        guard ok == ARCHIVE_OK, archive_write_add_filter_none(a) == ARCHIVE_OK,
            archive_write_set_bytes_per_block(a, 0) == ARCHIVE_OK
        else { throw SanadError(.internalError, "cannot set up the \(format.rawValue) writer: \(errorText)") }
        let context = Unmanaged.passUnretained(output).toOpaque()
        let rc = archive_write_open2(
            a, context, nil,
            { _, ctx, buf, len in
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

    private var errorText: String { String(cString: csanad_archive_error(archive)) }

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
        // What the container profile (docs/FORMAT.md §8) allows, checked before anything is
        // written: an archive verify would refuse must never be made.
        let time = mtime ?? self.mtime
        guard (ZipLayout.earliestTime...ZipLayout.latestTime).contains(time) else {
            throw SanadError(
                .usage,
                "the time \(time) is outside what a sealed archive's entries can hold (1980-01-01 to 2038-01-19)",
                hint: "Check the computer's clock, or give --time.")
        }
        if format == .zip, let why = ZipLayout.ambiguousValue(size: UInt64(size), offset: UInt64(output.accepted)) {
            throw SanadError(
                .archiveUnsafe, "\(path) would be written with \(why), which zip readers take differently",
                hint: "Seal with --format tar instead.")
        }
        entries += 1
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
        guard archive_write_data(archive, bytes.baseAddress, bytes.count) == bytes.count else {
            throw fail("write data")
        }
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
        let directory = output.accepted
        guard archive_write_close(archive) == ARCHIVE_OK else { throw fail("finish the archive") }
        if format == .zip {
            let end: Int64 = output.accepted - directory > 0 ? 22 : 0
            let zip64: Int64 = (directory > 0xFFFF_FFFF || entries > 0xFFFF) ? 76 : 0
            let size = output.accepted - directory - end - zip64
            if let why = ZipLayout.ambiguousValue(offset: UInt64(directory), entries: entries)
                ?? ZipLayout.ambiguousValue(size: UInt64(max(size, 0)))
            {
                throw SanadError(
                    .archiveUnsafe, "the zip's central directory would have \(why), which zip readers take differently",
                    hint: "Seal with --format tar instead.")
            }
        }
        output.flush()
        output.drain()
        if let failure = output.failure { throw failure }
        return (output.bytes, output.digest.finalizeHex())
    }
}
