import Foundation
import SanadModel
import SanadWorkspace

/// Where a rendered timeline goes: standard output, or a file that appears under its name only
/// once complete (temporary file in the same folder, fsync, rename). Writes are buffered.
public final class OutputSink {
    private let fd: Int32
    private let finalPath: String?
    private let tempPath: String?
    private var buffer: [UInt8] = []
    private var committed = false

    /// Standard output.
    public init() {
        fd = 1
        finalPath = nil
        tempPath = nil
        buffer.reserveCapacity(1 << 20)
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
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if let tempPath {
            close(fd)
            if !committed { unlink(tempPath) }
        }
    }

    public func write(_ bytes: [UInt8]) throws(SanadError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(SanadError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    public func write(_ s: String) throws(SanadError) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    public func flush() throws(SanadError) {
        guard !buffer.isEmpty else { return }
        do {
            try AtomicFile.writeAll(fd, buffer, what: finalPath ?? "standard output")
        } catch {
            if error.code == .ioError, errno == EPIPE { throw SanadError(.ioError, "standard output was closed") }
            throw error
        }
        buffer.removeAll(keepingCapacity: true)
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
