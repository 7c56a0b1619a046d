import CSanadShims
import Foundation
import SanadModel

/// Where the copier writes. A seam: tests replace it to simulate a full disk.
public protocol ByteSink {
    func write(_ bytes: UnsafeRawBufferPointer) throws(SanadError)
}

/// Writes to a file descriptor, retrying short writes; ENOSPC becomes `diskFull`.
///
/// With a `WritebackWindow`, each chunk starts its way to disk as soon as it is written, and
/// pages a few MiB behind are waited for and dropped, across files, so a long ingest streams to
/// disk instead of piling up dirty pages that the commit's syncfs would have to flush at once.
/// Copies of zips stay cached, because the member scan reads them again at once.
public final class FileDescriptorSink: ByteSink {
    public let fd: Int32
    public let label: String
    private let window: WritebackWindow?
    private var handle: WritebackWindow.Handle?
    private var offset: Int64 = 0
    private var keepCached = false

    public init(fd: Int32, label: String, window: WritebackWindow? = nil) {
        self.fd = fd
        self.label = label
        self.window = window
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
        if let window {
            if handle == nil { handle = window.handle(for: fd) }
            if let handle { window.written(handle, offset: offset, length: Int64(bytes.count), drop: !keepCached) }
        }
        offset += Int64(bytes.count)
    }
}
