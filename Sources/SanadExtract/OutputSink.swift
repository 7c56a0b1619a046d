import Foundation
import SanadArchive
import SanadModel
import SanadIO

/// Where a rendered timeline goes: standard output, or a file that appears under its name only
/// once complete (temporary file in the same folder, fsync, rename). Writes are gathered into
/// 1 MiB blocks; into a regular file (standard output redirected to one included) whole blocks
/// bypass the page cache (`DirectBlockWriter`), since a large timeline is hundreds of MiB that
/// would cost more to cache than to write. Blocks are written on a thread of their own while
/// the next one fills.
public final class OutputSink {
    private let fd: Int32
    /// The file being written, for `-o`; nil for standard output.
    private let output: AtomicOutput?
    private let writer: DirectBlockWriter
    /// Whether an existing file at the path may be replaced.
    private let replacing: Bool

    /// Standard output. Direct writes need its position to be block-aligned (`> file` starts at
    /// 0); O_DIRECT is turned off again when done, since the descriptor outlives Sanad.
    public init() {
        fd = 1
        output = nil
        replacing = false
        let position = lseek(1, 0, SEEK_CUR)
        let flags = fcntl(1, F_GETFL)
        let direct =
            position >= 0 && Int64(position) % Int64(DirectFileWriter.alignment) == 0 && flags >= 0
            && flags & O_APPEND == 0
        writer = DirectBlockWriter(
            fd: 1, label: "standard output", direct: direct, offset: max(0, Int64(position)), background: true)
    }

    /// A new file at `path`, mode 0600: a timeline is as sensitive as the evidence.
    public init(path: String, replacing: Bool = false) throws(SanadError) {
        let output = try AtomicOutput(path: path, replacing: replacing)
        self.replacing = replacing
        self.output = output
        fd = output.fd
        writer = DirectBlockWriter(fd: output.fd, label: path, background: true)
    }

    deinit {
        // Every write is done before the file is closed (and, if never committed, removed).
        writer.waitForWrites()
        writer.file.release()
    }

    public func write(_ bytes: [UInt8]) throws(SanadError) {
        try translated { () throws(SanadError) in try writer.append(bytes) }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(SanadError) {
        try translated { () throws(SanadError) in try writer.append(bytes) }
    }

    public func write(_ s: String) throws(SanadError) {
        try write(Array(s.utf8))
    }

    /// Writes out what is gathered. After this, the rest goes through the page cache: call it
    /// at the end (`commit` does).
    public func flush() throws(SanadError) {
        try translated { () throws(SanadError) in try writer.flush() }
        writer.file.release()
    }

    private func translated(_ body: () throws(SanadError) -> Void) throws(SanadError) {
        do {
            try body()
        } catch {
            if error.code == .ioError, errno == EPIPE { throw SanadError(.ioError, "standard output was closed") }
            throw error
        }
    }

    /// Flushes, and for a file makes it durable and gives it its name.
    public func commit() throws(SanadError) {
        try flush()
        try output?.commit(mode: 0o600, replacing: replacing)
    }
}
