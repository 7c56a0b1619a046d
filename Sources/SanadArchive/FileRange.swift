import CSanadArchive
import Foundation
import SanadIO
import SanadModel

/// A stretch of a file (`offset..<offset+size`) that libarchive reads as if it were a whole
/// file: reads never go past its end and seeks are relative to its start. Owns the descriptor,
/// or reads through a `RandomAccessSource` (a stored original decrypted chunk by chunk).
final class FileRange {
    private let fd: Int32
    private let source: RandomAccessSource?
    private let start: Int64
    private let size: Int64
    private var position: Int64 = 0
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)

    init(path: String, offset: Int64, size: Int64) throws(SanadError) {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError.make(errno, "open \(path)") }
        source = nil
        start = offset
        self.size = size
    }

    init(source: RandomAccessSource, offset: Int64, size: Int64) {
        fd = -1
        self.source = source
        start = offset
        self.size = size
    }

    deinit {
        if fd >= 0 { close(fd) }
        buffer.deallocate()
    }

    static func from(_ client: UnsafeMutableRawPointer) -> FileRange {
        Unmanaged<FileRange>.fromOpaque(client).takeUnretainedValue()
    }

    func read(into out: UnsafeMutablePointer<UnsafeRawPointer?>) -> la_ssize_t {
        let want = Int(min(Int64(buffer.count), size - position))
        guard want > 0 else { return 0 }
        if let source {
            let target = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want])
            guard let n = try? source.read(at: start + position, into: target) else { return -1 }
            position += Int64(n)
            out.pointee = UnsafeRawPointer(buffer.baseAddress)
            return la_ssize_t(n)
        }
        while true {
            let n = pread(fd, buffer.baseAddress, want, off_t(start + position))
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { return -1 }
            position += Int64(n)
            out.pointee = UnsafeRawPointer(buffer.baseAddress)
            return la_ssize_t(n)
        }
    }

    func seek(_ offset: la_int64_t, whence: Int32) -> la_int64_t {
        let base: Int64 =
            switch whence {
            case SEEK_SET: 0
            case SEEK_CUR: position
            case SEEK_END: size
            default: -1
            }
        let target = base + Int64(offset)
        guard base >= 0, (0...size).contains(target) else { return -1 }
        position = target
        return la_int64_t(target)
    }

    func skip(_ request: la_int64_t) -> la_int64_t {
        let n = min(Int64(request), size - position)
        guard n > 0 else { return 0 }
        position += n
        return la_int64_t(n)
    }
}
