import Foundation
import SanadModel

/// Writes a small file whole (a case file, a key): `AtomicOutput` with its temporary file in
/// `tmpDir` (the workspace's own, so a leftover is found and removed by recovery), replacing
/// what was there.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o444, tmpDir: String) throws(SanadError)
    {
        let out = try AtomicOutput(path: path, replacing: true, temporaryFolder: tmpDir)
        try FileOutput.writeAll(out.fd, bytes, what: path)
        try out.commit(mode: mode, replacing: true)
    }

    /// Makes a rename or link in `dir` durable. Failure is harmless on filesystems without directory fsync.
    public static func syncDirectory(_ dir: String) {
        let fd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}
