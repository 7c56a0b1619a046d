import Foundation
import SanadModel

/// Hashes a file in one streaming pass with a fixed 1 MiB buffer: constant memory whatever its size.
public enum FileDigester {
    public static let chunkSize = 1 << 20

    public struct Result: Sendable, Equatable {
        public let digests: [DigestAlgorithm: String]
        public let size: Int64
    }

    public static func digest(path: String, algorithms: [DigestAlgorithm] = [.sha256]) throws(SanadError) -> Result {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let err = errno
            throw SanadError(
                err == ENOENT ? .pathNotFound : .pathUnreadable,
                "cannot open \(path): \(String(cString: strerror(err)))")
        }
        defer { close(fd) }
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        let set = try DigestSet(algorithms)
        let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 64)
        defer { buf.deallocate() }
        var size: Int64 = 0
        while true {
            let n = read(fd, buf.baseAddress, chunkSize)
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw SanadError(.ioError, "read \(path): \(String(cString: strerror(errno)))")
            }
            set.update(UnsafeRawBufferPointer(rebasing: buf[0..<n]))
            size += Int64(n)
            WorkProgress.shared.add(n)
        }
        return Result(digests: set.finalize(), size: size)
    }
}
