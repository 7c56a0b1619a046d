import Foundation
import SanadModel

/// Files in the age v1 format (C2SP age), built on OpenSSL 3's primitives, so that the `age`
/// tool opens what Sanad writes and Sanad opens what `age` writes: X25519 recipients (`age1…`),
/// scrypt passphrases, HKDF-SHA256, ChaCha20-Poly1305 in 64 KiB chunks. Groundwork for the
/// encrypted workspace (issue 13): this first form works on whole buffers.
public enum AgeFile {
    static let intro = Array("age-encryption.org/v1\n".utf8)
    static let chunkSize = 64 << 10

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
        let fileKey = try random(16)
        var stanzas: [[UInt8]] = []
        for r in recipients {
            let ephemeral = try X25519KeyPair()
            let share = ephemeral.publicKey
            let wrap = try KeyDerivation.hkdfSHA256(
                key: try ephemeral.sharedSecret(with: r), salt: share + r,
                info: Array("age-encryption.org/v1/X25519".utf8), length: 32)
            let body = try ChaChaPoly.seal(fileKey, key: wrap, nonce: [UInt8](repeating: 0, count: 12))
            stanzas.append(stanza(["X25519", base64(share)], body))
        }
        return try assemble(fileKey: fileKey, stanzas: stanzas, plaintext: plaintext)
    }

    /// `plaintext` encrypted with a passphrase (scrypt, work factor 2^`logN`; age's default 18).
    public static func encrypt(
        _ plaintext: [UInt8], passphrase: [UInt8], logN: Int = 18
    ) throws(SanadError)
        -> [UInt8]
    {
        let fileKey = try random(16)
        let salt = try random(16)
        let wrap = try KeyDerivation.scrypt(
            password: passphrase, salt: Array("age-encryption.org/v1/scrypt".utf8) + salt, logN: logN, length: 32)
        let body = try ChaChaPoly.seal(fileKey, key: wrap, nonce: [UInt8](repeating: 0, count: 12))
        return try assemble(
            fileKey: fileKey, stanzas: [stanza(["scrypt", base64(salt), String(logN)], body)],
            plaintext: plaintext)
    }

    private static func stanza(_ args: [String], _ body: [UInt8]) -> [UInt8] {
        var s = Array("-> \(args.joined(separator: " "))\n".utf8)
        let text = Array(base64(body).utf8)
        var i = 0
        // Lines of 64 columns; the last is shorter (empty when the body fills whole lines).
        while i + 64 <= text.count {
            s += text[i..<i + 64] + [0x0A]
            i += 64
        }
        return s + text[i...] + [0x0A]
    }

    private static func assemble(
        fileKey: [UInt8], stanzas: [[UInt8]], plaintext: [UInt8]
    ) throws(SanadError)
        -> [UInt8]
    {
        var header = intro
        for s in stanzas { header += s }
        header += Array("---".utf8)
        let macKey = try KeyDerivation.hkdfSHA256(key: fileKey, salt: [], info: Array("header".utf8), length: 32)
        let mac = try KeyDerivation.hmacSHA256(key: macKey, data: header)
        header += Array(" \(base64(mac))\n".utf8)
        let nonce = try random(16)
        return header + nonce + (try payload(plaintext, fileKey: fileKey, nonce: nonce, seal: true))
    }

    // MARK: Reading

    /// The plaintext of an age file, opened with one of `identities` (X25519) or, for a scrypt
    /// file, `passphrase`. Throws `evidence-mismatch` for a changed file or a wrong key, and
    /// `usage` for a file that is not age v1.
    public static func decrypt(
        _ file: [UInt8], identities: [X25519KeyPair] = [], passphrase: [UInt8]? = nil, maxLogN: Int = 22
    ) throws(SanadError) -> [UInt8] {
        let (stanzas, headerEnd, mac, macEnd) = try parseHeader(file)
        var fileKey: [UInt8]?
        for s in stanzas where fileKey == nil {
            switch s.args.first {
            case "X25519":
                guard s.args.count == 2, let share = unbase64(s.args[1]), share.count == 32, s.body.count == 32 else {
                    throw malformed("an X25519 stanza")
                }
                for id in identities where fileKey == nil {
                    guard let secret = try? id.sharedSecret(with: share) else { continue }
                    let wrap = try KeyDerivation.hkdfSHA256(
                        key: secret, salt: share + id.publicKey, info: Array("age-encryption.org/v1/X25519".utf8),
                        length: 32)
                    fileKey = try? ChaChaPoly.open(s.body, key: wrap, nonce: [UInt8](repeating: 0, count: 12))
                }
            case "scrypt":
                guard stanzas.count == 1 else { throw malformed("a scrypt stanza beside another") }
                guard s.args.count == 3, let salt = unbase64(s.args[1]), salt.count == 16,
                    let logN = Int(s.args[2]), String(logN) == s.args[2], s.body.count == 32
                else { throw malformed("a scrypt stanza") }
                guard logN <= maxLogN else {
                    throw SanadError(.usage, "the file's scrypt work factor 2^\(logN) is above the limit 2^\(maxLogN)")
                }
                guard let passphrase else { continue }
                let wrap = try KeyDerivation.scrypt(
                    password: passphrase, salt: Array("age-encryption.org/v1/scrypt".utf8) + salt, logN: logN,
                    length: 32)
                fileKey = try? ChaChaPoly.open(s.body, key: wrap, nonce: [UInt8](repeating: 0, count: 12))
            default:
                continue
            }
        }
        guard let fileKey, fileKey.count == 16 else {
            throw SanadError(
                .evidenceMismatch, "none of the keys given opens this file", hint: "Check the passphrase or identity.")
        }
        let macKey = try KeyDerivation.hkdfSHA256(key: fileKey, salt: [], info: Array("header".utf8), length: 32)
        guard try KeyDerivation.hmacSHA256(key: macKey, data: Array(file[..<headerEnd])) == mac else {
            throw SanadError(.evidenceMismatch, "the file's header was changed")
        }
        guard file.count >= macEnd + 16 else { throw malformed("the payload nonce") }
        let nonce = Array(file[macEnd..<macEnd + 16])
        return try payload(Array(file[(macEnd + 16)...]), fileKey: fileKey, nonce: nonce, seal: false)
    }

    struct Stanza {
        var args: [String]
        var body: [UInt8]
    }

    /// The stanzas, where `---` ends (the MAC covers the header up to there), the MAC, and
    /// where the payload starts.
    static func parseHeader(_ file: [UInt8]) throws(SanadError) -> ([Stanza], Int, [UInt8], Int) {
        guard file.starts(with: intro) else { throw SanadError(.usage, "not an age v1 file") }
        var i = intro.count
        func line() throws(SanadError) -> [UInt8] {
            guard let nl = file[i...].firstIndex(of: 0x0A) else { throw malformed("the header") }
            defer { i = nl + 1 }
            return Array(file[i..<nl])
        }
        var stanzas: [Stanza] = []
        while true {
            let start = i
            let l = try line()
            if l.starts(with: Array("--- ".utf8)) {
                guard let mac = unbase64(String(decoding: l.dropFirst(4), as: UTF8.self)), mac.count == 32 else {
                    throw malformed("the header's MAC")
                }
                return (stanzas, start + 3, mac, i)
            }
            guard l.starts(with: Array("-> ".utf8)) else { throw malformed("a stanza") }
            let args = String(decoding: l.dropFirst(3), as: UTF8.self).split(
                separator: " ", omittingEmptySubsequences: false
            )
            .map(String.init)
            guard !args.isEmpty, args.allSatisfy({ !$0.isEmpty }) else { throw malformed("a stanza's arguments") }
            var body = ""
            while true {
                let b = try line()
                guard b.count <= 64 else { throw malformed("a stanza's body") }
                body += String(decoding: b, as: UTF8.self)
                if b.count < 64 { break }
            }
            guard let bytes = unbase64(body) else { throw malformed("a stanza's body") }
            stanzas.append(Stanza(args: args, body: bytes))
        }
    }

    /// The STREAM construction: ChaCha20-Poly1305 chunks of 64 KiB under a key derived from the
    /// file key and the nonce, each with a big-endian counter and a last-chunk flag.
    private static func payload(
        _ input: [UInt8], fileKey: [UInt8], nonce: [UInt8], seal: Bool
    ) throws(SanadError)
        -> [UInt8]
    {
        let key = try KeyDerivation.hkdfSHA256(key: fileKey, salt: nonce, info: Array("payload".utf8), length: 32)
        let step = seal ? chunkSize : chunkSize + ChaChaPoly.tagLength
        var out: [UInt8] = []
        var offset = 0
        var counter: UInt64 = 0
        repeat {
            let end = min(offset + step, input.count)
            let last = end == input.count
            var n = [UInt8](repeating: 0, count: 12)
            for k in 0..<8 { n[10 - k] = UInt8(truncatingIfNeeded: counter >> (8 * UInt64(k))) }
            n[11] = last ? 1 : 0
            let chunk = Array(input[offset..<end])
            if seal {
                out += try ChaChaPoly.seal(chunk, key: key, nonce: n)
            } else {
                // A last chunk must not be empty unless it is the only one.
                guard !(last && chunk.count == ChaChaPoly.tagLength && counter > 0) else {
                    throw malformed("the payload's last chunk")
                }
                out += try ChaChaPoly.open(chunk, key: key, nonce: n)
            }
            offset = end
            counter += 1
        } while offset < input.count
        return out
    }

    static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    /// Canonical unpadded base64, or nil.
    static func unbase64(_ text: String) -> [UInt8]? {
        guard !text.contains("=") else { return nil }
        let padded = text + String(repeating: "=", count: (4 - text.count % 4) % 4)
        guard let data = Data(base64Encoded: padded), base64([UInt8](data)) == text else { return nil }
        return [UInt8](data)
    }

    private static func random(_ count: Int) throws(SanadError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var rng = SystemRandomNumberGenerator()
        for i in out.indices { out[i] = rng.next() }
        return out
    }

    private static func malformed(_ what: String) -> SanadError {
        SanadError(.usage, "not a well-formed age file: \(what)")
    }
}
