import CSanadOpenSSL
import Foundation
import SanadModel

/// Random access into the content of an envelope that has been read whole and whose tag held:
/// where each stretch of content lies in the file, and a copy of the cipher's state every
/// megabyte or so (GCM is a counter mode underneath: a copy taken at a content offset decrypts
/// on from there). Reading at an offset starts from the copy before it. Built by one pass that
/// also checks the tag; nothing is decrypted to disk.
///
/// The content is authenticated as it was in that pass: the file must not change afterwards
/// (`read` checks its size and time, as the container scanner does).
public final class CMSEnvelopeIndex: @unchecked Sendable {
    struct Stretch {
        let fileOffset: Int64
        let contentOffset: Int64
        let length: Int
    }

    public let contentSize: Int64
    private let fd: Int32
    private let label: String
    private let stretches: [Stretch]
    /// (stretch index, cipher state at its start), in order.
    private let checkpoints: [(Int, OpaquePointer)]
    private let fileSize: Int64
    private let fileTime: timespec
    private let lock = NSLock()
    private var cipher = [UInt8](repeating: 0, count: 1 << 20)
    /// Where the last read left off, to go on from there without starting again.
    private var cursor: (ctx: OpaquePointer, stretch: Int, within: Int, contentOffset: Int64)?

    /// Reads the envelope at `path` whole with the recipient's key; fails unless it is whole and
    /// its tag holds.
    public init(path: String, key: PrivateKey, certificate: Certificate) throws(SanadError) {
        label = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError.make(errno, "open \(path)") }
        self.fd = fd
        var st = stat()
        fstat(fd, &st)
        (fileSize, fileTime) = (Int64(st.st_size), st.st_mtim)
        var stretches: [Stretch] = []
        var checkpoints: [(Int, OpaquePointer)] = []
        let reader = CMSEnvelopeReader(key: key, certificate: certificate)
        var lastCheckpoint: Int64 = -(1 << 20)
        reader.onContent = { [unowned reader] file, content, length in
            if content - lastCheckpoint >= 1 << 20, let state = reader.cipherSnapshot() {
                checkpoints.append((stretches.count, state))
                lastCheckpoint = content
            }
            stretches.append(Stretch(fileOffset: file, contentOffset: content, length: length))
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            buffer.withUnsafeBytes { reader.feed(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        reader.finish()
        self.stretches = stretches
        self.checkpoints = checkpoints
        contentSize = reader.contentBytes
        guard reader.problem == nil, reader.opened == .authentic else {
            // Every member is set: deinit closes and frees.
            throw SanadError(
                .evidenceMismatch,
                "\(path) does not open whole with this key: " + (reader.problem ?? "\(reader.opened)"))
        }
    }

    deinit {
        close(fd)
        checkpoints.forEach { EVP_CIPHER_CTX_free($0.1) }
        if let c = cursor { EVP_CIPHER_CTX_free(c.ctx) }
    }

    /// Up to `buffer.count` bytes of content at `offset`; 0 at the end.
    public func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws(SanadError) -> Int {
        lock.lock()
        defer { lock.unlock() }
        var st = stat()
        guard fstat(fd, &st) == 0, Int64(st.st_size) == fileSize, st.st_mtim.tv_sec == fileTime.tv_sec,
            st.st_mtim.tv_nsec == fileTime.tv_nsec
        else { throw SanadError(.ioError, "\(label) changed after it was verified") }
        return try readLocked(at: offset, into: buffer)
    }

    private func readLocked(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws(SanadError) -> Int {
        guard offset < contentSize, !buffer.isEmpty else { return 0 }
        if cursor?.contentOffset != offset { try seek(offset) }
        guard var c = cursor else { return 0 }
        var done = 0
        while done < buffer.count, c.stretch < stretches.count {
            let s = stretches[c.stretch]
            let n = min(buffer.count - done, s.length - c.within, cipher.count)
            let got = cipher.withUnsafeMutableBytes {
                pread(fd, $0.baseAddress, n, off_t(s.fileOffset) + off_t(c.within))
            }
            guard got == n else { throw SanadError(.ioError, "\(label) could not be read again") }
            var out: Int32 = 0
            let ok = cipher.withUnsafeBytes { src in
                EVP_DecryptUpdate(
                    c.ctx, (buffer.baseAddress! + done).assumingMemoryBound(to: UInt8.self), &out,
                    src.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(n))
            }
            guard ok == 1, out == Int32(n) else { throw SanadError(.cryptoError, "\(label): decryption failed") }
            done += n
            c.within += n
            c.contentOffset += Int64(n)
            if c.within == s.length { (c.stretch, c.within) = (c.stretch + 1, 0) }
        }
        cursor = c
        return done
    }

    /// Puts the cursor at `offset`: from the last checkpoint at or before it, decrypting forward.
    private func seek(_ offset: Int64) throws(SanadError) {
        if let c = cursor { EVP_CIPHER_CTX_free(c.ctx) }
        cursor = nil
        let at = stretches.lastIndex { $0.contentOffset <= offset } ?? 0
        guard let (start, state) = checkpoints.last(where: { $0.0 <= at }), let ctx = EVP_CIPHER_CTX_new(),
            EVP_CIPHER_CTX_copy(ctx, state) == 1
        else { throw SanadError(.cryptoError, "\(label): no place to decrypt from") }
        cursor = (ctx, start, 0, stretches[start].contentOffset)
        var skip = offset - stretches[start].contentOffset
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { scratch.deallocate() }
        while skip > 0 {
            let n = try readLocked(
                at: offset - skip, into: UnsafeMutableRawBufferPointer(rebasing: scratch[0..<Int(min(skip, 1 << 20))]))
            guard n > 0 else { break }
            skip -= Int64(n)
        }
    }
}
