import SanadModel

/// The payload of an age file (C2SP age, "Payload"): STREAM over ChaCha20-Poly1305, chunks of
/// 64 KiB of plaintext each sealed with a nonce of an 11-byte big-endian counter and a flag byte
/// that is 1 on the last chunk only. Only the last chunk may be shorter, and it is empty only
/// when it is the only one. So a payload's length alone says how many chunks there are and how
/// long the last one is, and which one must carry the flag: the one that ends at the end of file.
enum AgePayload {
    static let chunkSize = 64 << 10
    static let tagLength = ChaChaPoly.tagLength
    static let sealedChunkSize = chunkSize + tagLength

    /// The 12-byte nonce of a chunk, kept inline (a tuple, not an array): the per-chunk loops
    /// allocate nothing.
    struct Nonce {
        private var raw: (UInt32, UInt32, UInt32) = (0, 0, 0)

        init(counter: UInt64, last: Bool) {
            withUnsafeMutableBytes(of: &raw) { n in
                for k in 0..<8 { n[10 - k] = UInt8(truncatingIfNeeded: counter >> (8 * UInt64(k))) }
                n[11] = last ? 1 : 0
            }
        }

        func withPointer<R, E: Error>(_ body: (UnsafeRawPointer) throws(E) -> R) throws(E) -> R {
            var copy = raw
            return try withUnsafeBytes(of: &copy) { (p) throws(E) -> R in try body(p.baseAddress!) }
        }
    }

    /// How many chunks a plaintext of `plaintext` bytes takes (at least one).
    static func chunkCount(plaintext: Int64) -> Int64 { max(1, (plaintext + Int64(chunkSize) - 1) / Int64(chunkSize)) }

    /// The sealed length of a plaintext of `plaintext` bytes.
    static func payloadLength(plaintext: Int64) -> Int64 { plaintext + chunkCount(plaintext: plaintext) * 16 }

    /// The plaintext length of a sealed payload of `payload` bytes, or nil when no chunk
    /// structure gives that length: shorter than one tag, or a last chunk of 1 to 16 bytes
    /// after full ones (a cut tag, or an empty last chunk, which only an empty file has).
    static func plaintextLength(payload: Int64) -> Int64? {
        guard payload >= Int64(tagLength) else { return nil }
        let sealed = Int64(sealedChunkSize)
        let full = payload / sealed
        let rest = payload % sealed
        if rest == 0 { return full * Int64(chunkSize) }
        guard rest > Int64(tagLength) || payload == Int64(tagLength) else { return nil }
        return full * Int64(chunkSize) + rest - Int64(tagLength)
    }

    /// Opens chunk `index` of `count` (`sealed` bytes at `input`) into `output`, with the
    /// last-chunk flag set exactly on the chunk that ends the payload.
    static func openChunk(
        _ context: ChaChaPoly.Context, _ input: UnsafeRawPointer, sealed: Int, index: UInt64, of count: UInt64,
        into output: UnsafeMutableRawPointer, label: String
    ) throws(SanadError) {
        let last = index == count - 1
        func open(_ flag: Bool) -> Bool {
            Nonce(counter: index, last: flag).withPointer {
                context.open(input, count: sealed, nonce: $0, into: output)
            }
        }
        guard !open(last) else { return }
        let other = open(!last)
        output.initializeMemory(as: UInt8.self, repeating: 0, count: sealed - tagLength)
        throw chunkFailure(index, of: count, label: label, opensWithOtherFlag: other)
    }

    static func impossibleLength(_ payload: Int64, label: String) -> SanadError {
        SanadError(
            .evidenceMismatch,
            "\(label) was cut or extended: its payload of \(payload) bytes is no whole number of sealed chunks",
            hint: "The file is damaged or was tampered with; use another copy.")
    }

    /// Why chunk `index` of `count` did not open, when opening it with the other last-chunk flag
    /// tells more: a last chunk that opens as a middle one means the file was cut at a chunk
    /// boundary; a middle chunk that opens as a last one means chunks were appended after the end.
    static func chunkFailure(
        _ index: UInt64, of count: UInt64, label: String, opensWithOtherFlag: Bool = false
    ) -> SanadError {
        let last = index == count - 1
        let why: String
        switch (last, opensWithOtherFlag) {
        case (true, true): why = "the file was cut short at a chunk boundary (its last chunk is not marked last)"
        case (false, true): why = "data was appended after the file's end (a chunk marked last is followed by more)"
        default: why = "the chunk was changed, or the key is not the file's"
        }
        return SanadError(
            .evidenceMismatch, "\(label): chunk \(index + 1) of \(count) does not authenticate: \(why)",
            hint: "The file is damaged or was tampered with; use another copy.")
    }
}
