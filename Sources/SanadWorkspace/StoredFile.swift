import Foundation
import SanadCrypto
import SanadIO
import SanadModel

/// A stored file open for reading, decrypted on the fly in an encrypted workspace (only the
/// 64 KiB chunks a read touches); closed when released.
public final class StoredFile: RandomAccessSource {
    public static let chunkSize = 1 << 20
    /// The file as it is on disk: the content itself, or its age ciphertext.
    public let fd: Int32
    /// The workspace-relative name, for messages.
    public let label: String
    /// The content's size (the plaintext's, when encrypted).
    public let size: Int64
    private let reader: AgeReader?
    private let bindingKey: [UInt8]?

    /// Whether `fd` reads the content itself (a plaintext workspace).
    public var isPlain: Bool { reader == nil }

    /// Takes ownership of `fd` (closed on failure too).
    init(fd: Int32, label: String) throws(SanadError) {
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            close(fd)
            throw SystemError.make(errno, "stat \(label)")
        }
        self.fd = fd
        self.label = label
        size = Int64(st.st_size)
        reader = nil
        bindingKey = nil
    }

    init(fd: Int32, label: String, key: WorkspaceKey) throws(SanadError) {
        let reader: AgeReader
        do { reader = try AgeReader(fd: fd, identities: [key.identity], label: label) } catch {
            close(fd)
            throw SanadError(
                .workspaceDamaged, "\(label) cannot be decrypted with the workspace's key: \(error.message)",
                hint: "Run 'sanad log --verify'.")
        }
        self.fd = fd
        self.label = label
        self.reader = reader
        size = reader.plaintextSize
        bindingKey = key.bindingKey
    }

    deinit { close(fd) }

    /// Whether the file's header binds it to `sha256` (hex) under the workspace key
    /// (`AgeBinding`): read to its end without an authentication failure, its content then has
    /// that digest, without hashing it again. False for a plaintext file, a file stored before
    /// bindings (or written by another program), and one whose binding names another digest.
    public func isBound(to sha256: String) -> Bool {
        guard let reader, let bindingKey, let digest = Hex.decode(sha256), digest.count == 32 else { return false }
        return reader.isBound(key: bindingKey, digest: digest)
    }

    /// Reads content bytes at `offset`; returns how many (0 at the end).
    public func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws(SanadError) -> Int {
        if let reader { return try reader.read(at: offset, into: buffer) }
        while true {
            let n = pread(fd, buffer.baseAddress, buffer.count, off_t(offset))
            if n >= 0 { return n }
            if errno != EINTR { throw SystemError.make(errno, "read \(label)") }
        }
    }

    /// Calls `body` with successive chunks of the content from `from` up to `to` (exclusive,
    /// clamped to the size). A chunk is valid only during the call.
    public func forEachChunk(
        from: Int64 = 0, to: Int64 = .max, _ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void
    ) throws(SanadError) {
        let end = min(to, size)
        guard from < end else { return }
        if let reader {
            // A long read (a seal, a digest) decrypts ahead on the other core; a short one does not.
            guard end - from > Int64(DecryptAhead.pieceSize) else {
                return try reader.forEachChunk(from: from, to: end, body)
            }
            return try DecryptAhead(reader).run(from: from, to: end, body)
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var offset = from
        while offset < end {
            let want = Int(min(Int64(buffer.count), end - offset))
            let n = try read(at: offset, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]))
            guard n > 0 else {
                throw SanadError(.workspaceDamaged, "\(label) ended before its recorded size")
            }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            offset += Int64(n)
        }
    }
}
