import CSanadOpenSSL
import SanadModel

/// Encrypts a stream to X25519 recipients in the age v1 format, as the `age` tool would: the
/// header at once, then 64 KiB chunks sealed as they fill. A full chunk is held back until more
/// data arrives (or `finish`), because only then is it known not to be the last one, which the
/// nonce must say. One cipher context and one chunk buffer serve the whole stream, and a write
/// of more than a chunk is sealed straight from the caller's memory. Not for two threads.
///
/// With `expectedPlaintextSize`, the header carries a `sanad-pad` stanza (see `AgePadding`)
/// that makes the file exactly `AgeFile.encryptedLength(plaintext:recipients:padded: true)`
/// long, and the writer refuses to write more or to finish with fewer bytes than promised
/// (the output is then not a valid file, and the caller discards it).
public final class AgeWriter {
    public typealias Output = (UnsafeRawBufferPointer) throws(SanadError) -> Void

    private let output: Output
    private let context: ChaChaPoly.Context
    /// The pending plaintext (up to one chunk), sealed in place: one chunk and its tag.
    private let buffer: UnsafeMutableRawBufferPointer
    private var pending = 0
    private var counter: UInt64 = 0
    private var written: Int64 = 0
    private let expected: Int64?
    private var state = State.open
    private let fileKey: SecretBytes
    /// The header up to its closing `---`, kept only when it has a `sanad-bind` stanza to patch.
    private let bindableHeader: [UInt8]?

    private enum State { case open, finished, failed }

    /// Writes the header and the payload nonce through `output`. Throws `usage` for no
    /// recipient or a recipient that is not a 32-byte X25519 key, or a negative expected size.
    public convenience init(
        recipients: [[UInt8]], expectedPlaintextSize: Int64?, output: @escaping Output
    ) throws(SanadError) {
        try self.init(
            recipients: recipients, expectedPlaintextSize: expectedPlaintextSize, padding: nil, bindable: false,
            output: output)
    }

    /// With `bindable`, the header ends with a `sanad-bind` stanza of zeros that
    /// `finish(binding:)` fills in (see `AgeBinding`); the file's length counts it
    /// (`AgeFile.encryptedLength(…, bound: true)`).
    public convenience init(
        recipients: [[UInt8]], expectedPlaintextSize: Int64?, bindable: Bool, output: @escaping Output
    ) throws(SanadError) {
        try self.init(
            recipients: recipients, expectedPlaintextSize: expectedPlaintextSize, padding: nil, bindable: bindable,
            output: output)
    }

    /// `padding`: a padding stanza of that many bytes beyond the smallest, whatever the size
    /// (for tests of how large a stanza age accepts); nil pads to `expectedPlaintextSize`, if any.
    init(
        recipients: [[UInt8]], expectedPlaintextSize: Int64?, padding: Int64?, bindable: Bool = false,
        output: @escaping Output
    ) throws(SanadError) {
        guard !recipients.isEmpty else { throw SanadError(.usage, "no recipient to encrypt to") }
        guard (expectedPlaintextSize ?? 0) >= 0 else { throw SanadError(.usage, "a negative expected size") }
        let fileKey = try SecretBytes.random(16)
        var header = AgeHeader.intro
        for r in recipients { header += try AgeHeader.x25519Stanza(fileKey: fileKey, recipient: r) }
        let binding = bindable ? AgeBinding.placeholder : []
        if let padding {
            header += AgePadding.stanza(extra: padding)
        } else if let expectedPlaintextSize {
            let unpadded =
                Int64(header.count + binding.count + AgePadding.minimumStanzaLength + 48 + 16)
                + AgePayload.payloadLength(plaintext: expectedPlaintextSize)
            header += AgePadding.stanza(extra: AgeFile.paddedLength(unpadded) - unpadded)
        }
        header += binding
        header += Array("---".utf8)
        bindableHeader = bindable ? header : nil
        self.fileKey = fileKey
        header += try AgeHeader.closing(header: header, fileKey: fileKey)
        let nonce = try SecretBytes.randomArray(16)
        context = try ChaChaPoly.Context(
            key: try AgeHeader.payloadKey(fileKey: fileKey, nonce: nonce), encrypting: true)
        buffer = ChunkBuffers.shared.take()
        expected = expectedPlaintextSize
        self.output = output
        header += nonce
        try TypedBytes.read(header) { (h) throws(SanadError) in try output(h) }
    }

    deinit {
        ChunkBuffers.shared.give(buffer)  // wiped there
    }

    /// Encrypts `bytes` (any length): full chunks are sealed and written once more data follows.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(SanadError) {
        try checkOpen()
        guard !bytes.isEmpty, let base = bytes.baseAddress else { return }
        if let expected, written + Int64(bytes.count) > expected {
            state = .failed
            throw SanadError(.usage, "more bytes than the \(expected) promised to the age writer")
        }
        written += Int64(bytes.count)
        var at = base
        var remaining = bytes.count
        while remaining > 0 {
            if pending == AgePayload.chunkSize {
                try seal(buffer.baseAddress!, count: pending, last: false)
                pending = 0
            }
            if pending == 0, remaining > AgePayload.chunkSize {
                // More data follows this chunk, so it is not the last: seal it where it is.
                try seal(at, count: AgePayload.chunkSize, last: false)
                at += AgePayload.chunkSize
                remaining -= AgePayload.chunkSize
                continue
            }
            let n = min(AgePayload.chunkSize - pending, remaining)
            (buffer.baseAddress! + pending).copyMemory(from: at, byteCount: n)
            pending += n
            at += n
            remaining -= n
        }
    }

    /// Seals the last chunk (empty only when nothing was written at all, as the spec requires).
    public func finish() throws(SanadError) {
        try checkOpen()
        if let expected, written != expected {
            state = .failed
            throw SanadError(.usage, "\(written) bytes written to the age writer, \(expected) promised")
        }
        try seal(buffer.baseAddress!, count: pending, last: true)
        pending = 0
        state = .finished
    }

    /// Finishes a bindable file and returns what to write over its header's last bytes, at
    /// `offset` from the start of the file: the `sanad-bind` stanza's body for `digest` (the
    /// plaintext's SHA-256) under `key`, and the closing line with the MAC of the new header.
    /// Until it is written the file opens, but is not bound.
    public func finish(bindingKey key: [UInt8], digest: [UInt8]) throws(SanadError) -> (offset: Int64, bytes: [UInt8]) {
        guard var header = bindableHeader else {
            throw SanadError(.internalError, "the age writer was not made bindable")
        }
        try finish()
        let tag = try AgeBinding.tag(key: key, fileKey: fileKey, digest: digest)
        let body = AgeHeader.encodeBase64(tag) + [0x0A]
        let at = header.count - 3 - body.count
        header.replaceSubrange(at..<(at + body.count), with: body)
        let patch = body + Array("---".utf8) + (try AgeHeader.closing(header: header, fileKey: fileKey))
        return (Int64(at), patch)
    }

    private func checkOpen() throws(SanadError) {
        switch state {
        case .open: return
        case .finished: throw SanadError(.internalError, "the age writer was used after finish")
        case .failed: throw SanadError(.internalError, "the age writer was used after it failed")
        }
    }

    /// Seals `count` bytes at `input` as the next chunk into the buffer, and writes it out.
    private func seal(_ input: UnsafeRawPointer, count: Int, last: Bool) throws(SanadError) {
        do {
            try AgePayload.Nonce(counter: counter, last: last).withPointer { (nonce) throws(SanadError) in
                try context.seal(input, count: count, nonce: nonce, into: buffer.baseAddress!)
            }
            counter += 1
            try output(UnsafeRawBufferPointer(rebasing: buffer[0..<(count + AgePayload.tagLength)]))
        } catch {
            state = .failed
            throw error
        }
    }
}
