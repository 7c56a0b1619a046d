import CSanadOpenSSL
import SanadModel

/// The keys of an age header: wrapping the file key for a recipient, unwrapping it with an
/// identity or a passphrase, the header MAC and the payload key. Every key lives in a
/// `SecretBytes`, wiped when released.
extension AgeHeader {
    private static let x25519Label = Array("age-encryption.org/v1/X25519".utf8)
    private static let scryptLabel = Array("age-encryption.org/v1/scrypt".utf8)
    private static let zeroNonce = [UInt8](repeating: 0, count: 12)

    // MARK: Writing

    /// An X25519 stanza wrapping `fileKey` for `recipient` (a 32-byte public key).
    static func x25519Stanza(fileKey: SecretBytes, recipient: [UInt8]) throws(SanadError) -> [UInt8] {
        guard recipient.count == 32 else { throw SanadError(.usage, "an X25519 recipient has 32 bytes") }
        let ephemeral = try X25519KeyPair()
        let share = ephemeral.publicKey
        let secret = try ephemeral.secret(with: recipient)
        let wrap = try KeyDerivation.hkdfSHA256(key: secret, salt: share + recipient, info: x25519Label, length: 32)
        return stanza(["X25519", String(decoding: encodeBase64(share), as: UTF8.self)], try seal(fileKey, wrap))
    }

    /// A scrypt stanza wrapping `fileKey` with `passphrase` at work factor 2^`logN`.
    static func scryptStanza(fileKey: SecretBytes, passphrase: [UInt8], logN: Int) throws(SanadError) -> [UInt8] {
        let salt = try SecretBytes.randomArray(16)
        var derived = try KeyDerivation.scrypt(password: passphrase, salt: scryptLabel + salt, logN: logN, length: 32)
        let wrap = SecretBytes(taking: &derived)
        let args = ["scrypt", String(decoding: encodeBase64(salt), as: UTF8.self), String(logN)]
        return stanza(args, try seal(fileKey, wrap))
    }

    private static func seal(_ fileKey: SecretBytes, _ wrap: SecretBytes) throws(SanadError) -> [UInt8] {
        var body = [UInt8](repeating: 0, count: fileKey.count + ChaChaPoly.tagLength)
        let context = try ChaChaPoly.Context(key: wrap, encrypting: true)
        try TypedBytes.write(&body) { (out) throws(SanadError) in
            try fileKey.withBytes { (key) throws(SanadError) in
                try context.seal(key.baseAddress!, count: key.count, nonce: zeroNonce, into: out.baseAddress!)
            }
        }
        return body
    }

    /// The end of the closing line for `header` (which ends with `---`): a space, the MAC, a newline.
    static func closing(header: [UInt8], fileKey: SecretBytes) throws(SanadError) -> [UInt8] {
        let found = try TypedBytes.read(header) { (h) throws(SanadError) -> [UInt8] in try mac(h, fileKey: fileKey) }
        return [0x20] + encodeBase64(found) + [0x0A]
    }

    private static func mac(_ covered: UnsafeRawBufferPointer, fileKey: SecretBytes) throws(SanadError) -> [UInt8] {
        let key = try KeyDerivation.hkdfSHA256(key: fileKey, salt: [], info: Array("header".utf8), length: 32)
        return try KeyDerivation.hmacSHA256(key: key, data: covered)
    }

    /// The payload key: HKDF-SHA256 of the file key, salted with the payload's 16-byte nonce.
    static func payloadKey(fileKey: SecretBytes, nonce: [UInt8]) throws(SanadError) -> SecretBytes {
        try KeyDerivation.hkdfSHA256(key: fileKey, salt: nonce, info: Array("payload".utf8), length: 32)
    }

    // MARK: Reading

    /// The file key from the first stanza that one of `identities` or `passphrase` opens.
    /// A malformed stanza met on the way is `usage` (age's "header failure"); no stanza opening
    /// is `evidence-mismatch`, as is a MAC that does not match (`checkMAC`). Unknown stanza types
    /// (age's grease, Sanad's `sanad-pad`) are skipped. A scrypt stanza must be the only one.
    func fileKey(
        identities: [X25519KeyPair], passphrase: [UInt8]?, maxLogN: Int
    ) throws(SanadError) -> SecretBytes {
        if stanzas.count > 1, stanzas.contains(where: { $0.args[0] == "scrypt" }) {
            throw AgeFile.malformed("a scrypt stanza beside another (the age spec allows it only alone)")
        }
        for s in stanzas {
            let key: SecretBytes?
            switch s.args[0] {
            case "X25519": key = try Self.openX25519(s, identities: identities)
            case "scrypt": key = try Self.openScrypt(s, passphrase: passphrase, maxLogN: maxLogN)
            default: continue
            }
            if let key { return key }
        }
        throw SanadError(
            .evidenceMismatch, "none of the keys given opens this file (no stanza matches)",
            hint: "Check that the identity or passphrase is the one the file was encrypted to.")
    }

    private static func openX25519(_ s: Stanza, identities: [X25519KeyPair]) throws(SanadError) -> SecretBytes? {
        guard s.args.count == 2, let share = decodeBase64(Array(s.args[1].utf8)), share.count == 32,
            s.body.count == 32
        else { throw AgeFile.malformed("an X25519 stanza") }
        for id in identities {
            let secret: SecretBytes
            do { secret = try id.secret(with: share) } catch {
                throw AgeFile.malformed("an X25519 stanza whose share is a low-order point")
            }
            let wrap = try KeyDerivation.hkdfSHA256(
                key: secret, salt: share + id.publicKey, info: x25519Label, length: 32)
            if let key = try open(s.body, wrap) { return key }
        }
        return nil
    }

    private static func openScrypt(
        _ s: Stanza, passphrase: [UInt8]?, maxLogN: Int
    ) throws(SanadError) -> SecretBytes? {
        // Only a passphrase reads a scrypt stanza (as in age, where identities skip it).
        guard let passphrase else { return nil }
        guard s.args.count == 3, let salt = decodeBase64(Array(s.args[1].utf8)), salt.count == 16,
            let logN = Int(s.args[2]), String(logN) == s.args[2], logN > 0, s.body.count == 32
        else { throw AgeFile.malformed("a scrypt stanza") }
        guard logN <= maxLogN else {
            throw SanadError(.usage, "the file's scrypt work factor 2^\(logN) is above the limit 2^\(maxLogN)")
        }
        var derived = try KeyDerivation.scrypt(password: passphrase, salt: scryptLabel + salt, logN: logN, length: 32)
        return try open(s.body, SecretBytes(taking: &derived))
    }

    /// The 16-byte file key in a stanza body, or nil when `wrap` does not open it.
    private static func open(_ body: [UInt8], _ wrap: SecretBytes) throws(SanadError) -> SecretBytes? {
        let key = SecretBytes(count: body.count - ChaChaPoly.tagLength)
        let context = try ChaChaPoly.Context(key: wrap, encrypting: false)
        let opened = body.withUnsafeBytes { sealed in
            key.withMutableBytes {
                context.open(sealed.baseAddress!, count: sealed.count, nonce: zeroNonce, into: $0.baseAddress!)
            }
        }
        return opened ? key : nil
    }

    /// Throws `evidence-mismatch` unless the MAC of the header's first `macCovered` bytes of
    /// `file` under `fileKey` is the one the closing line carries.
    func checkMAC(_ file: UnsafeRawBufferPointer, fileKey: SecretBytes) throws(SanadError) {
        let found = try Self.mac(UnsafeRawBufferPointer(rebasing: file[..<macCovered]), fileKey: fileKey)
        guard found.count == mac.count, CRYPTO_memcmp(found, mac, mac.count) == 0 else {
            throw SanadError(
                .evidenceMismatch, "the file's header was changed (its MAC does not match)",
                hint: "The file is damaged or was tampered with; use another copy.")
        }
    }
}
