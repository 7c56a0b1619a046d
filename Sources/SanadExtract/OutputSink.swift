import Foundation
import SanadArchive
import SanadModel
import SanadWorkspace

/// Where a rendered timeline goes: standard output, or a file that appears under its name only
/// once complete (temporary file in the same folder, fsync, rename). Writes are gathered into
/// 1 MiB blocks; into a regular file (standard output redirected to one included) whole blocks
/// bypass the page cache (`DirectBlockWriter`), since a large timeline is hundreds of MiB that
/// would cost more to cache than to write. Blocks are written on a thread of their own while
/// the next one fills.
public final class OutputSink {
    private let fd: Int32
    private let finalPath: String?
    private let tempPath: String?
    private let writer: DirectBlockWriter
    private var committed = false

    /// Standard output. Direct writes need its position to be block-aligned (`> file` starts at
    /// 0); O_DIRECT is turned off again when done, since the descriptor outlives Sanad.
    public init() {
        fd = 1
        finalPath = nil
        tempPath = nil
        let position = lseek(1, 0, SEEK_CUR)
        let flags = fcntl(1, F_GETFL)
        let direct = position >= 0 && Int64(position) % Int64(DirectFileWriter.alignment) == 0 && flags >= 0 && flags & O_APPEND == 0
        writer = DirectBlockWriter(fd: 1, label: "standard output", direct: direct, offset: max(0, Int64(position)), background: true)
    }

    /// A new file at `path`, mode 0600: a timeline is as sensitive as the evidence.
    public init(path: String) throws(SanadError) {
        let dir = (path as NSString).deletingLastPathComponent
        let tmp = "\(dir.isEmpty ? "." : dir)/.\((path as NSString).lastPathComponent).\(getpid()).partial"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SystemError.make(errno, "create \(tmp)") }
        self.fd = fd
        finalPath = path
        tempPath = tmp
        writer = DirectBlockWriter(fd: fd, label: path, background: true)
    }

    deinit {
        writer.waitForWrites()
        writer.file.release()
        if let tempPath {
            close(fd)
            if !committed { unlink(tempPath) }
        }
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
        guard let finalPath, let tempPath else { return }
        guard fsync(fd) == 0 else { throw SystemError.make(errno, "fsync \(tempPath)") }
        guard rename(tempPath, finalPath) == 0 else { throw SystemError.make(errno, "rename into \(finalPath)") }
        committed = true
        AtomicFile.syncDirectory((finalPath as NSString).deletingLastPathComponent)
    }
}
