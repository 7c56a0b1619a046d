import CSanadOpenSSL
import Foundation
import SanadModel

/// Random access to the plaintext of an age v1 file, by `pread` on a file descriptor: the
/// header is read and checked once (stanzas, file key, MAC), and each read then decrypts only
/// the 64 KiB chunks it covers, keeping the last one so that small sequential reads decrypt
/// each chunk once. Every chunk is authenticated before a byte of it is returned.
///
/// The file's length fixes the chunk structure: the final chunk is the one ending at the end of
/// file, and it alone must carry the last-chunk flag. A file cut at a chunk boundary or with
/// chunks appended is therefore refused, but only when its end is read: a reader that wants
/// assurance about the whole file reads it to the end (`forEachChunk(_:)`). A length no chunk
/// structure can give is refused at once.
///
/// The reader does not own `fd`: the caller keeps it open while the reader is used and closes
/// it afterwards. Not for use from two threads at once.
public final class AgeReader {
    /// The longest header read: above Sanad's own largest (a 32 MiB padding, 43.7 MB of text),
    /// and a bound on what a hostile file can make the reader hold in memory.
    public static let maximumHeaderLength = 64 << 20

    /// How many bytes of plaintext the file holds.
    public let plaintextSize: Int64
    /// The file's name in errors ("evidence/0003.age").
    public let label: String

    private let fd: Int32
    /// Where the first chunk starts: past the header and the payload's 16-byte nonce.
    private let payloadStart: Int64
    private let chunkCount: Int64
    private let context: ChaChaPoly.Context
    /// One sealed chunk as read from the file.
    private let sealed: UnsafeMutableRawBufferPointer
    /// The plaintext of chunk `cachedChunk` (-1: none).
    private let cache: UnsafeMutableRawBufferPointer
    private var cachedChunk: Int64 = -1
    private let fileKey: SecretBytes
    /// The header's `sanad-bind` stanzas (normally none or one).
    private let bindings: [AgeHeader.Stanza]

    /// Opens the file with the first X25519 stanza one of `identities` unwraps. Throws `usage`
    /// for a file that is not a well-formed age v1 file (or mixes a scrypt stanza with others),
    /// `evidence-mismatch` when no identity opens it, its header MAC does not match or its
    /// length is impossible, and `io-error` when it cannot be read.
    public convenience init(fd: Int32, identities: [X25519KeyPair], label: String) throws(SanadError) {
        try self.init(fd: fd, label: label) { (header) throws(SanadError) in
            try header.fileKey(identities: identities, passphrase: nil, maxLogN: 22)
        }
    }

    /// Opens a passphrase (scrypt) file; a work factor above 2^`maxLogN` is refused (`usage`)
    /// before any work.
    public convenience init(fd: Int32, passphrase: [UInt8], maxLogN: Int = 22, label: String) throws(SanadError) {
        try self.init(fd: fd, label: label) { (header) throws(SanadError) in
            try header.fileKey(identities: [], passphrase: passphrase, maxLogN: maxLogN)
        }
    }

    private init(
        fd: Int32, label: String, unwrap: (AgeHeader) throws(SanadError) -> SecretBytes
    ) throws(SanadError) {
        self.fd = fd
        self.label = label
        let size = try Self.fileSize(fd, label: label)
        let (bytes, header) = try Self.readHeader(fd, size: size, label: label)
        let fileKey = try unwrap(header)
        try TypedBytes.read(bytes) { (b) throws(SanadError) in try header.checkMAC(b, fileKey: fileKey) }
        self.fileKey = fileKey
        bindings = header.stanzas.filter { $0.args[0] == AgeBinding.stanzaType }
        var nonce = [UInt8](repeating: 0, count: 16)
        guard size >= Int64(header.end + 16),
            try Self.readFully(fd, into: &nonce, at: Int64(header.end), label: label) == 16
        else { throw AgeFile.malformed("the payload's nonce is missing or short") }
        payloadStart = Int64(header.end + 16)
        guard let plaintext = AgePayload.plaintextLength(payload: size - payloadStart) else {
            throw AgePayload.impossibleLength(size - payloadStart, label: label)
        }
        plaintextSize = plaintext
        chunkCount = AgePayload.chunkCount(plaintext: plaintext)
        context = try ChaChaPoly.Context(
            key: try AgeHeader.payloadKey(fileKey: fileKey, nonce: nonce), encrypting: false)
        sealed = ChunkBuffers.shared.take()
        cache = ChunkBuffers.shared.take()
    }

    deinit {
        ChunkBuffers.shared.give(cache)  // wiped there
        ChunkBuffers.shared.give(sealed)
    }

    /// Whether the header's `sanad-bind` stanza ties this file to `digest` (a SHA-256) under
    /// `key` (see `AgeBinding`). True says only that the plaintext has that digest as long as
    /// every chunk authenticates: the caller still reads the file to its end.
    public func isBound(key: [UInt8], digest: [UInt8]) -> Bool {
        AgeBinding.matches(bindings, key: key, fileKey: fileKey, digest: digest)
    }

    // MARK: Reading

    /// Decrypts up to `buffer.count` bytes from `offset` into `buffer`, and returns how many:
    /// fewer only at the end of the plaintext, and 0 at or past it.
    public func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws(SanadError) -> Int {
        guard offset >= 0 else { throw SanadError(.usage, "a negative offset into \(label)") }
        guard offset < plaintextSize, let base = buffer.baseAddress else { return 0 }
        let end = offset + min(Int64(buffer.count), plaintextSize - offset)
        var position = offset
        while position < end {
            let index = position / Int64(AgePayload.chunkSize)
            let within = Int(position - index * Int64(AgePayload.chunkSize))
            let take = Int(min(end - position, Int64(AgePayload.chunkSize - within)))
            let into = base + Int(position - offset)
            if within == 0, take == chunkLength(index), index != cachedChunk {
                // A whole chunk the caller wants: straight into their buffer, not the cache.
                try decrypt(index, into: into)
            } else {
                try load(index)
                into.copyMemory(from: cache.baseAddress! + within, byteCount: take)
            }
            position += Int64(take)
        }
        return Int(end - offset)
    }

    /// Calls `body` with the plaintext of `[from, to)` (clipped to the file), chunk by chunk:
    /// the memory is valid only during the call. A throw from `body` stops the walk.
    public func forEachChunk(
        from: Int64, to: Int64, _ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void
    ) throws(SanadError) {
        guard from >= 0 else { throw SanadError(.usage, "a negative offset into \(label)") }
        let end = min(to, plaintextSize)
        var position = from
        while position < end {
            let index = position / Int64(AgePayload.chunkSize)
            let within = Int(position - index * Int64(AgePayload.chunkSize))
            let take = Int(min(end - position, Int64(chunkLength(index) - within)))
            try load(index)
            try body(UnsafeRawBufferPointer(start: cache.baseAddress! + within, count: take))
            position += Int64(take)
        }
    }

    /// The whole plaintext, chunk by chunk, to the end: the read that authenticates the whole
    /// file, its length included (a file cut at a chunk boundary fails on its last chunk).
    public func forEachChunk(_ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void) throws(SanadError) {
        if plaintextSize == 0 {
            try load(0)  // the one empty chunk still authenticates, and must be marked last
            return
        }
        try forEachChunk(from: 0, to: plaintextSize, body)
    }

    // MARK: Chunks

    private func chunkLength(_ index: Int64) -> Int {
        index == chunkCount - 1 ? Int(plaintextSize - index * Int64(AgePayload.chunkSize)) : AgePayload.chunkSize
    }

    private func load(_ index: Int64) throws(SanadError) {
        guard index != cachedChunk else { return }
        cachedChunk = -1
        try decrypt(index, into: cache.baseAddress!)
        cachedChunk = index
    }

    /// Reads chunk `index` and opens it into `output` (`chunkLength(index)` bytes).
    private func decrypt(_ index: Int64, into output: UnsafeMutableRawPointer) throws(SanadError) {
        let length = chunkLength(index) + AgePayload.tagLength
        let at = payloadStart + index * Int64(AgePayload.sealedChunkSize)
        let into = UnsafeMutableRawBufferPointer(rebasing: sealed[0..<length])
        let got = try Self.readFully(fd, into: into, at: at, label: label)
        guard got == length else {
            throw SanadError(
                .ioError, "\(label) became shorter while it was read (chunk \(index + 1))",
                hint: "Check that nothing else writes to the file.")
        }
        try AgePayload.openChunk(
            context, sealed.baseAddress!, sealed: length, index: UInt64(index), of: UInt64(chunkCount), into: output,
            label: label)
    }
}
