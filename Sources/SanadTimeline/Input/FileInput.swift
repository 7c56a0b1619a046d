import Foundation
import SanadModel

/// A file read with read(2) in fixed chunks: memory stays constant whatever its size.
public struct FileInput: ByteInput {
    public static let chunkSize = 1 << 20

    public let path: String
    public let label: String

    /// `label` names the file in messages (an exhibit number rather than a storage path).
    public init(path: String, label: String? = nil) {
        self.path = path
        self.label = label ?? path
    }

    public func forEachChunk(_ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void) throws(SanadError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let err = errno
            switch err {
            case ENOENT, ENOTDIR: throw SanadError(.pathNotFound, "\(path) does not exist")
            case EACCES, EPERM: throw SanadError(.pathUnreadable, "\(path) cannot be read: permission denied")
            default: throw SystemError.make(err, "open \(path)")
            }
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw SystemError.make(errno, "stat \(path)") }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw SanadError(.pathUnreadable, "\(path) is not a regular file")
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress!, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError.make(errno, "read \(path)")
            }
            if n == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }
}
