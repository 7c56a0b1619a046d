import Foundation
import SanadModel

/// Files in the age v1 format (C2SP age), built on OpenSSL 3's primitives, so that the `age`
/// tool opens what Sanad writes and Sanad opens what `age` writes: X25519 recipients (`age1…`),
/// scrypt passphrases, HKDF-SHA256, ChaCha20-Poly1305 in 64 KiB chunks. Groundwork for the
/// encrypted workspace (issue 13). This form works on whole buffers; `AgeWriter` and
/// `AgeReader` stream and read ranges (docs/AGE.md).
public enum AgeFile {
    static let chunkSize = AgePayload.chunkSize

    /// A recipient's `age1…` string for an X25519 public key.
    public static func recipientString(_ publicKey: [UInt8]) -> String { Bech32.encode(hrp: "age", data: publicKey) }

    /// An identity's `AGE-SECRET-KEY-1…` string (upper case, as age writes it).
    public static func identityString(_ key: X25519KeyPair) -> String {
        Bech32.encode(hrp: "age-secret-key-", data: key.privateKey).uppercased()
    }

    /// The X25519 public key of an `age1…` string.
    public static func recipient(_ text: String) throws(SanadError) -> [UInt8] {
        guard let (hrp, data) = Bech32.decode(text), hrp == "age", data.count == 32, text == text.lowercased() else {
            throw SanadError(.usage, "'\(text)' is not an age X25519 recipient (age1…)")
        }
        return data
    }

    /// The key pair of an `AGE-SECRET-KEY-1…` string.
    public static func identity(_ text: String) throws(SanadError) -> X25519KeyPair {
        guard let (hrp, data) = Bech32.decode(text), hrp == "age-secret-key-", data.count == 32 else {
            throw SanadError(.usage, "not an age X25519 identity (AGE-SECRET-KEY-1…)")
        }
        return try X25519KeyPair(privateKey: data)
    }

    // MARK: Writing

    /// `plaintext` encrypted to each X25519 recipient.
    public static func encrypt(_ plaintext: [UInt8], to recipients: [[UInt8]]) throws(SanadError) -> [UInt8] {
        guard !recipients.isEmpty else { throw SanadError(.usage, "no recipient to encrypt to") }
        let fileKey = try SecretBytes.random(16)
        var stanzas: [[UInt8]] = []
        for r in recipients { stanzas.append(try AgeHeader.x25519Stanza(fileKey: fileKey, recipient: r)) }
        return try assemble(fileKey: fileKey, stanzas: stanzas, plaintext: plaintext)
    }

    /// `plaintext` encrypted with a passphrase (scrypt, work factor 2^`logN`; age's default 18).
    public static func encrypt(
        _ plaintext: [UInt8], passphrase: [UInt8], logN: Int = 18
    ) throws(SanadError)
        -> [UInt8]
    {
        let fileKey = try SecretBytes.random(16)
        let stanza = try AgeHeader.scryptStanza(fileKey: fileKey, passphrase: passphrase, logN: logN)
        return try assemble(fileKey: fileKey, stanzas: [stanza], plaintext: plaintext)
    }

    private static func assemble(
        fileKey: SecretBytes, stanzas: [[UInt8]], plaintext: [UInt8]
    ) throws(SanadError)
        -> [UInt8]
    {
        var header = AgeHeader.intro
        for s in stanzas { header += s }
        header += Array("---".utf8)
        header += try AgeHeader.closing(header: header, fileKey: fileKey)
        let nonce = try SecretBytes.randomArray(16)
        return header + nonce + (try payload(plaintext, fileKey: fileKey, nonce: nonce, seal: true))
    }

    // MARK: Reading

    /// The plaintext of an age file, opened with one of `identities` (X25519) or, for a scrypt
    /// file, `passphrase`. Throws `evidence-mismatch` for a changed file or a wrong key, and
    /// `usage` for a file that is not age v1.
    public static func decrypt(
        _ file: [UInt8], identities: [X25519KeyPair] = [], passphrase: [UInt8]? = nil, maxLogN: Int = 22
    ) throws(SanadError) -> [UInt8] {
        try TypedBytes.read(file) { (bytes) throws(SanadError) in
            let header = try AgeHeader.parse(bytes)
            let fileKey = try header.fileKey(identities: identities, passphrase: passphrase, maxLogN: maxLogN)
            try header.checkMAC(bytes, fileKey: fileKey)
            guard file.count >= header.end + 16 else { throw malformed("the payload's nonce is missing or short") }
            let nonce = Array(file[header.end..<header.end + 16])
            return try payload(Array(file[(header.end + 16)...]), fileKey: fileKey, nonce: nonce, seal: false)
        }
    }

    /// The STREAM construction: ChaCha20-Poly1305 chunks of 64 KiB under a key derived from the
    /// file key and the nonce, each with a big-endian counter and a last-chunk flag.
    private static func payload(
        _ input: [UInt8], fileKey: SecretBytes, nonce: [UInt8], seal: Bool
    ) throws(SanadError)
        -> [UInt8]
    {
        let key = try AgeHeader.payloadKey(fileKey: fileKey, nonce: nonce)
        let context = try ChaChaPoly.Context(key: key, encrypting: seal)
        guard seal || AgePayload.plaintextLength(payload: Int64(input.count)) != nil else {
            throw AgePayload.impossibleLength(Int64(input.count), label: "the file")
        }
        let step = seal ? chunkSize : AgePayload.sealedChunkSize
        let chunks = max(1, (input.count + step - 1) / step)
        var out = [UInt8](repeating: 0, count: seal ? input.count + chunks * 16 : input.count - chunks * 16)
        try TypedBytes.read(input) { (src) throws(SanadError) in
            try TypedBytes.write(&out) { (dst) throws(SanadError) in
                for i in 0..<chunks {
                    let from = i * step
                    let count = min(step, input.count - from)
                    let at = dst.baseAddress! + i * (seal ? AgePayload.sealedChunkSize : chunkSize)
                    if seal {
                        let from = src.baseAddress.map { $0 + from } ?? UnsafeRawPointer(at)
                        try AgePayload.Nonce(counter: UInt64(i), last: i == chunks - 1).withPointer {
                            (nonce) throws(SanadError) in try context.seal(from, count: count, nonce: nonce, into: at)
                        }
                    } else {
                        try AgePayload.openChunk(
                            context, src.baseAddress! + from, sealed: count, index: UInt64(i), of: UInt64(chunks),
                            into: at, label: "the file")
                    }
                }
            }
        }
        return out
    }

    static func malformed(_ what: String) -> SanadError {
        SanadError(.usage, "not a well-formed age file: \(what)")
    }
}
