import Foundation
import SanadCustody
import SanadModel

/// Writes a whole file so that readers see either the old state or the new one:
/// temporary file in the same filesystem, fsync, rename, fsync of the folder.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o444, tmpDir: String) throws(SanadError) {
        let tmp = "\(tmpDir)/.\((path as NSString).lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SystemError.make(errno, "create \(tmp)") }
        var ok = false
        defer {
            if !ok { unlink(tmp) }
        }
        do {
            defer { close(fd) }
            try writeAll(fd, bytes, what: path)
            guard fchmod(fd, mode) == 0 else { throw SystemError.make(errno, "chmod \(tmp)") }
            guard fsync(fd) == 0 else { throw SystemError.make(errno, "fsync \(tmp)") }
        }
        guard rename(tmp, path) == 0 else { throw SystemError.make(errno, "rename into \(path)") }
        ok = true
        syncDirectory((path as NSString).deletingLastPathComponent)
    }

    public static func writeAll(_ fd: Int32, _ bytes: [UInt8], what: String) throws(SanadError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError.make(errno, "write \(what)")
            }
            done += n
        }
    }

    /// Makes a rename or link in `dir` durable. Failure is harmless on filesystems without directory fsync.
    public static func syncDirectory(_ dir: String) {
        let fd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}
