import Foundation
import SanadModel

/// A file read with read(2) in fixed chunks: memory stays constant whatever its size.
public struct FileInput: RangedByteInput {
    public static let chunkSize = 1 << 20

    public let path: String
    public let label: String

    /// `label` names the file in messages (an exhibit number rather than a storage path).
    public init(path: String, label: String? = nil) {
        self.path = path
        self.label = label ?? path
    }

    public func forEachChunk(_ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void) throws(SanadError) {
        try forEachChunk(from: 0, to: .max, body)
    }

    public func byteCount() throws(SanadError) -> Int64 {
        let fd = try openFile()
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw SystemError.make(errno, "stat \(path)") }
        return Int64(info.st_size)
    }

    public func forEachChunk(
        from: Int64, to: Int64, _ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void
    ) throws(SanadError) {
        let fd = try openFile()
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var position = from
        while position < to {
            let want = Int(min(Int64(buffer.count), to - position))
            let n = pread(fd, buffer.baseAddress!, want, off_t(position))
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError.make(errno, "read \(path)")
            }
            if n == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            position += Int64(n)
        }
    }

    private func openFile() throws(SanadError) -> Int32 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let err = errno
            switch err {
            case ENOENT, ENOTDIR: throw SanadError(.pathNotFound, "\(path) does not exist")
            case EACCES, EPERM: throw SanadError(.pathUnreadable, "\(path) cannot be read: permission denied")
            default: throw SystemError.make(err, "open \(path)")
            }
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            throw SystemError.make(errno, "stat \(path)")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw SanadError(.pathUnreadable, "\(path) is not a regular file")
        }
        return fd
    }
}
