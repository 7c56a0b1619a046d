import Foundation
import SanadCrypto
import SanadIO
import SanadModel

/// Derived files an encrypted workspace keeps only encrypted (the search index's image): age
/// files to the workspace's recipient, written through a temporary file, fsync and rename.
extension CaseStore {
    /// Writes `bytes` encrypted to `path` (absolute), replacing what is there.
    public func writeSealed(_ bytes: UnsafeRawBufferPointer, to path: String) throws(SanadError) {
        let key = try requireKey()
        let out = try AtomicOutput(path: path, replacing: true, temporaryFolder: workspace.tmpDir)
        do {
            let fd = out.fd
            let writer = try AgeWriter(
                recipients: [key.recipient], expectedPlaintextSize: Int64(bytes.count),
                output: { (chunk: UnsafeRawBufferPointer) throws(SanadError) in
                    let r = FileOutput.writeAll(fd, chunk)
                    if let e = r.error { throw SystemError.make(e, "write \(path)") }
                })
            try writer.write(bytes)
            try writer.finish()
            try out.commit(mode: 0o600, replacing: true)
        } catch {
            out.discard()
            throw error
        }
    }

    /// The plaintext size of the sealed file at `path`, and a function that decrypts it into a
    /// buffer of that size (memory the caller owns: nothing is written anywhere).
    public func readSealed(
        _ path: String
    ) throws(SanadError) -> (
        size: Int, fill: (UnsafeMutableRawBufferPointer) throws(SanadError) -> Void
    ) {
        let key = try requireKey()
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError.make(errno, "open \(path)") }
        let file = try StoredFile(fd: fd, label: (path as NSString).lastPathComponent, key: key)
        let size = Int(file.size)
        return (
            size,
            { (buffer: UnsafeMutableRawBufferPointer) throws(SanadError) in
                var offset = 0
                try file.forEachChunk { chunk throws(SanadError) in
                    guard offset + chunk.count <= buffer.count else {
                        throw SanadError(.internalError, "\(file.label) grew while it was read")
                    }
                    UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<offset + chunk.count]).copyMemory(
                        from: chunk)
                    offset += chunk.count
                }
            }
        )
    }
}
