import Foundation
import SanadModel

/// The one loop that writes a buffer to a file descriptor: short writes continue where they
/// stopped and EINTR is retried, so a signal or a pipe never loses bytes.
public enum FileOutput {
    /// Writes every byte unless an error stops it; returns how many were written and the error.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> (written: Int, error: Int32?) {
        var done = 0
        while done < bytes.count {
            let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                return (done, errno)
            }
            done += n
        }
        return (done, nil)
    }

    /// Writes every byte, or throws (ENOSPC as `diskFull`) naming `what`.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8], what: String) throws(SanadError) {
        let result = bytes.withUnsafeBytes { writeAll(fd, $0) }
        if let error = result.error { throw SystemError.make(error, "write \(what)") }
    }
}
