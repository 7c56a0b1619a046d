import CSanadSystem
import Foundation
import SanadCrypto
import SanadModel
import SanadFormat

/// What one pass over a container found.
public struct ContainerScan: Sendable {
    public var format: ContainerFormat?
    /// Every entry, in file order (all of them only when `violation` is nil).
    public var entries: [ContainerEntry]
    public var violation: ContainerViolation?
    /// Bytes read.
    public var size: Int64
    /// SHA-256 of the whole file; nil when reading stopped at a violation.
    public var sha256: String?
    /// A regular file, which a second reader can read again; false for a pipe or device.
    public var isRegularFile: Bool
}

/// Reads a container once, front to back, and checks it against the profile while it hashes
/// it, on two threads: one adds every byte to the file's SHA-256, the calling thread parses the
/// same bytes, checks CRC-32s and hands entry data to `sink`. Nothing is written anywhere.
///
/// A regular file is read through a sliding memory map (8 MiB at a time per thread), so no byte
/// is copied: hashing an archive twice (the file, and each payload file) costs two SHA-256
/// streams on two cores and nothing more. A pipe, FIFO or device is read into a ring of blocks
/// instead. Either way memory stays at a few windows whatever the size.
public enum ContainerScanner {
    public static let blockSize = 1 << 20
    static let slots = 8
    /// A mapped file is read in windows of this size, at most six at a time.
    static let windowSize = 2 << 20
    /// The exit code (docs/EXIT-CODES.md, I/O) of a process whose mapped archive vanished under
    /// it (a truncated file, a USB stick pulled out): a clear error instead of a SIGBUS crash.
    public static let vanishedExitCode: Int32 = 5

    /// Throws only when the file cannot be opened or read; a file that is not a sealed
    /// container comes back with a `violation`.
    /// Fills the buffer with the stream's next bytes: how many (0 at its end), or -1 with
    /// `errno` set.
    public typealias StreamRead = (UnsafeMutableRawBufferPointer) -> Int

    /// Scans a stream that is no file (an archive being decrypted, say), read once.
    public static func scan(
        stream: @escaping StreamRead, label: String, sink: ContainerEntrySink?
    ) throws(SanadError) -> ContainerScan {
        let ring = try BlockRing(fd: -1, label: label, mappedSize: nil, source: stream)
        var result = try drain(ring, driver: ParserDriver(sink: sink, deferCRC: false), size: nil)
        result.isRegularFile = false
        return result
    }

    public static func scan(path: String, sink: ContainerEntrySink?) throws(SanadError) -> ContainerScan {
        let fd = open(path, O_RDONLY | O_CLOEXEC | csanad_o_noatime())
        let fallback = fd < 0 && errno == EPERM ? open(path, O_RDONLY | O_CLOEXEC) : fd
        guard fallback >= 0 else {
            let err = errno
            throw SanadError(
                err == ENOENT ? .pathNotFound : .pathUnreadable,
                "cannot open \(path): \(String(cString: strerror(err)))")
        }
        defer { close(fallback) }
        var st = stat()
        let regular = fstat(fallback, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
        var result: ContainerScan
        if regular, st.st_size > 0 {
            let driver = ParserDriver(sink: sink, deferCRC: true)
            result = try scanMapped(fd: fallback, size: Int64(st.st_size), label: path, driver: driver)
            var after = stat()
            guard fstat(fallback, &after) == 0, after.st_size == st.st_size, after.st_mtim.tv_sec == st.st_mtim.tv_sec,
                after.st_mtim.tv_nsec == st.st_mtim.tv_nsec
            else {
                throw SanadError(
                    .ioError, "\(path) changed while it was read", hint: "Verify a copy that nothing is writing to.")
            }
        } else {
            result = try scanStream(fd: fallback, label: path, driver: ParserDriver(sink: sink, deferCRC: false))
        }
        result.isRegularFile = regular
        return result
    }

    /// The file is mapped window by window on the hashing thread, which hands each window to
    /// the parsing thread and adds it to the file's digest; a window is unmapped once both are
    /// done with it. Each page is mapped once and never copied.
    private static func scanMapped(
        fd: Int32, size: Int64, label: String, driver: ParserDriver
    ) throws(SanadError) -> ContainerScan {
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        let ring = try BlockRing(fd: fd, label: label, mappedSize: size)
        return try drain(ring, driver: driver, size: size)
    }

    /// A pipe or device: one thread reads blocks into a ring and hashes them, the caller parses.
    private static func scanStream(fd: Int32, label: String, driver: ParserDriver) throws(SanadError) -> ContainerScan {
        let ring = try BlockRing(fd: fd, label: label, mappedSize: nil)
        return try drain(ring, driver: driver, size: nil)
    }

    private static func drain(_ ring: BlockRing, driver: ParserDriver, size: Int64?) throws(SanadError) -> ContainerScan
    {
        ring.startReading()
        while let (block, offset, slot) = ring.next() {
            if !driver.feed(block) { ring.stop() }
            ring.leave()
            if let worker = driver.crcWorker {
                worker.take(offset: offset, bytes: block) { ring.done(with: slot) }
            } else {
                ring.done(with: slot)
            }
        }
        if let failure = ring.failure {
            driver.abandon()
            throw failure
        }
        var result = try driver.finish()
        result.size = size ?? ring.bytesRead
        if !ring.stopped { result.sha256 = ring.digest.finalizeHex() }
        return result
    }
}
