import CSanadShims
import Foundation
import SanadModel

/// Where the copier writes. A seam: tests replace it to simulate a full disk.
public protocol ByteSink {
    func write(_ bytes: UnsafeRawBufferPointer) throws(SanadError)
}

/// Writes to a file descriptor, retrying short writes; ENOSPC becomes `diskFull`.
///
/// It also starts writeback of each chunk as soon as it is written and waits for the data a few
/// chunks behind, so a long copy streams to disk instead of piling up dirty pages that the
/// commit's syncfs would then have to flush all at once. Copies of zips stay cached, because
/// the member scan reads them again at once.
public final class FileDescriptorSink: ByteSink {
    public static let writebackWindow: Int64 = 8 << 20
    public let fd: Int32
    public let label: String
    private var offset: Int64 = 0
    private var keepCached = false

    public init(fd: Int32, label: String) {
        self.fd = fd
        self.label = label
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(SanadError) {
        if offset == 0, bytes.count >= 4, bytes[0] == 0x50, bytes[1] == 0x4B, bytes[2] == 0x03, bytes[3] == 0x04 {
            keepCached = true
        }
        var done = 0
        while done < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError.make(errno, "write \(label)")
            }
            done += n
        }
        // Only large files benefit; a small file is flushed by the batch's syncfs.
        if offset > 0 || bytes.count >= 1 << 20 {
            _ = csanad_stream_writeback(fd, offset, Int64(bytes.count), Self.writebackWindow, keepCached ? 0 : 1)
        }
        offset += Int64(bytes.count)
    }
}
