import CSanadSystem
import Foundation
import SanadCrypto
import SanadModel

/// The key of an encrypted workspace, once unlocked: its X25519 identity, and the keys derived
/// from it for names and for the pending batch. Held in memory only; derived keys are wiped
/// when it is released (the identity's private key lives in OpenSSL, which clears it on free).
public final class WorkspaceKey: @unchecked Sendable {
    public let identity: X25519KeyPair
    /// The `age1…` recipient every stored file is encrypted to.
    public let recipient: [UInt8]
    private var nameKey: [UInt8]
    private var recordKey: [UInt8]
    /// Binds a stored original's age file key to its SHA-256 (`AgeBinding`, WORKSPACE.md §7.2).
    private(set) var bindingKey: [UInt8]

    public init(identity: X25519KeyPair) throws(SanadError) {
        self.identity = identity
        recipient = identity.publicKey
        var secret = identity.privateKey
        defer { secret.withUnsafeMutableBytes { csanad_wipe($0.baseAddress, $0.count) } }
        let salt = Array("sanad-workspace/v2".utf8)
        nameKey = try KeyDerivation.hkdfSHA256(key: secret, salt: salt, info: Array("object names".utf8), length: 32)
        recordKey = try KeyDerivation.hkdfSHA256(key: secret, salt: salt, info: Array("tmp records".utf8), length: 32)
        bindingKey = try KeyDerivation.hkdfSHA256(
            key: secret, salt: salt, info: Array("object bindings".utf8), length: 32)
    }

    /// A new random key.
    public static func generate() throws(SanadError) -> WorkspaceKey { try WorkspaceKey(identity: X25519KeyPair()) }

    deinit {
        nameKey.withUnsafeMutableBytes { csanad_wipe($0.baseAddress, $0.count) }
        recordKey.withUnsafeMutableBytes { csanad_wipe($0.baseAddress, $0.count) }
        bindingKey.withUnsafeMutableBytes { csanad_wipe($0.baseAddress, $0.count) }
    }

    public var recipientString: String { AgeFile.recipientString(recipient) }

    /// The name a stored original gets: HMAC-SHA256 of its SHA-256 under a key only the
    /// identity's holder can derive, so that someone holding a leaked image cannot confirm
    /// from the folder listing that the case contains it.
    public func objectName(sha256: String) throws(SanadError) -> String {
        let mac = try KeyDerivation.hmacSHA256(key: nameKey, data: Array(sha256.utf8))
        return Hex.encode(mac)
    }

    /// Bytes sealed for a temporary record (the pending batch): ChaCha20-Poly1305 under a key
    /// derived from the identity, a random nonce first.
    public func sealRecord(_ plaintext: [UInt8]) throws(SanadError) -> [UInt8] {
        let nonce = try SecureRandom.bytes(12)
        return nonce + (try ChaChaPoly.seal(plaintext, key: recordKey, nonce: nonce))
    }

    /// The plaintext of `sealRecord`'s output, or nil when it does not authenticate.
    public func openRecord(_ sealed: [UInt8]) -> [UInt8]? {
        guard sealed.count >= 12 + ChaChaPoly.tagLength else { return nil }
        return try? ChaChaPoly.open(Array(sealed[12...]), key: recordKey, nonce: Array(sealed[..<12]))
    }

    // MARK: The identity file

    /// The identity as age-keygen writes it, so that `age -d -i` reads it once decrypted.
    public func identityText(created: String) -> [UInt8] {
        Array("# created: \(created)\n# public key: \(recipientString)\n\(AgeFile.identityString(identity))\n".utf8)
    }

    /// The key in an identity text (age-keygen's format: comments, then one `AGE-SECRET-KEY-1…`).
    public static func parse(identityText text: [UInt8]) throws(SanadError) -> WorkspaceKey {
        let lines = String(decoding: text, as: UTF8.self).split(whereSeparator: \.isNewline)
        guard let line = lines.first(where: { $0.hasPrefix("AGE-SECRET-KEY-1") }) else {
            throw SanadError(.workspaceDamaged, "the workspace identity holds no AGE-SECRET-KEY-1 line")
        }
        return try WorkspaceKey(identity: AgeFile.identity(String(line)))
    }

    /// The identity file: the identity text encrypted with the passphrase (age, scrypt).
    public func identityFile(passphrase: [UInt8], created: String, logN: Int) throws(SanadError) -> [UInt8] {
        var text = identityText(created: created)
        defer { text.withUnsafeMutableBytes { csanad_wipe($0.baseAddress, $0.count) } }
        return try AgeFile.encrypt(text, passphrase: passphrase, logN: logN)
    }

    /// Opens an identity file with the passphrase; a wrong one is `wrong-passphrase`.
    public static func unlock(identityFile: [UInt8], passphrase: [UInt8]) throws(SanadError) -> WorkspaceKey {
        var text: [UInt8]
        do { text = try AgeFile.decrypt(identityFile, passphrase: passphrase) } catch {
            if error.code == .evidenceMismatch {
                throw SanadError(
                    .wrongPassphrase, "the passphrase does not open this workspace",
                    hint: "Check the keyboard layout (Arabic or Latin) and Caps Lock, and try again.")
            }
            throw error
        }
        defer { text.withUnsafeMutableBytes { csanad_wipe($0.baseAddress, $0.count) } }
        return try parse(identityText: text)
    }
}
