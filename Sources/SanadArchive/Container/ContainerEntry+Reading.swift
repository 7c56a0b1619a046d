import Foundation
import SanadModel
import SanadFormat

extension ContainerEntry {
    /// Streams this entry's bytes out of the container file at `path`. The profile stores every
    /// entry, so its bytes are one stretch of the file; nothing is unpacked. Throws if the file
    /// has become shorter than the entry (it changed since it was read).
    public func forEachChunk(
        in path: String, chunkSize: Int = 1 << 20,
        _ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void
    ) throws(SanadError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError.make(errno, "open \(path)") }
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 4096)
        defer { buffer.deallocate() }
        var done: Int64 = 0
        while done < size {
            let want = Int(min(Int64(chunkSize), size - done))
            let n = pread(fd, buffer.baseAddress, want, off_t(dataOffset + done))
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw SystemError.make(errno, "read \(path)") }
            guard n > 0 else {
                throw SanadError(.ioError, "\(path) ended inside \(self.path): it changed after it was verified")
            }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            done += Int64(n)
        }
    }
}
