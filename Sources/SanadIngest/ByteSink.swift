import Foundation
import SanadCustody
import SanadModel

/// Where the copier writes. A seam: tests replace it to simulate a full disk.
public protocol ByteSink {
    func write(_ bytes: UnsafeRawBufferPointer) throws(SanadError)
}

/// Writes to a file descriptor, retrying short writes; ENOSPC becomes `diskFull`.
public struct FileDescriptorSink: ByteSink {
    public let fd: Int32
    public let label: String

    public init(fd: Int32, label: String) {
        self.fd = fd
        self.label = label
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(SanadError) {
        var done = 0
        while done < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError.make(errno, "write \(label)")
            }
            done += n
        }
    }
}
