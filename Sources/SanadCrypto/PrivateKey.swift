import CSanadOpenSSL
import CSanadOpenSSLShims
import SanadModel

/// A signing key (ECDSA P-256, or RSA when imported). Owns its `EVP_PKEY`.
public final class PrivateKey {
    let pkey: OpaquePointer

    init(owning pkey: OpaquePointer) { self.pkey = pkey }

    deinit { EVP_PKEY_free(pkey) }

    /// A new ECDSA key on the NIST P-256 curve.
    public static func generateP256() throws(SanadError) -> PrivateKey {
        guard let ctx = EVP_PKEY_CTX_new_from_name(nil, "EC", nil) else {
            throw OpenSSLError.drain("EVP_PKEY_CTX_new_from_name")
        }
        defer { EVP_PKEY_CTX_free(ctx) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(ctx) == 1, EVP_PKEY_CTX_set_group_name(ctx, "P-256") == 1,
            EVP_PKEY_generate(ctx, &key) == 1, let key
        else { throw OpenSSLError.drain("P-256 key generation") }
        return PrivateKey(owning: key)
    }

    /// PKCS #8 PEM, encrypted with AES-256-CBC under a PBKDF2-derived key.
    public func encryptedPEM(passphrase: String) throws(SanadError) -> [UInt8] {
        guard !passphrase.isEmpty else {
            throw SanadError(
                .usage, "an empty passphrase would leave the key unprotected", hint: "Choose a passphrase.")
        }
        let out = try MemoryBIO()
        let ok = passphrase.withCString { p in
            PEM_write_bio_PKCS8PrivateKey(out.bio, pkey, EVP_aes_256_cbc(), p, Int32(strlen(p)), nil, nil)
        }
        guard ok == 1 else { throw OpenSSLError.drain("PEM_write_bio_PKCS8PrivateKey") }
        return out.bytes
    }

    /// Reads a PEM private key; an encrypted one needs its passphrase.
    public static func load(pem: [UInt8], passphrase: String?) throws(SanadError) -> PrivateKey {
        let bio = try MemoryBIO(pem)
        let encrypted = String(decoding: pem, as: UTF8.self).contains("ENCRYPTED")
        if encrypted, passphrase == nil {
            throw SanadError(
                .wrongPassphrase, "the key is encrypted and no passphrase was given",
                hint: "Type it at the prompt, or set SANAD_PASSPHRASE, or pass --passphrase-file.")
        }
        // An empty string makes OpenSSL fail instead of prompting on the terminal.
        let key = (passphrase ?? "").withCString { p in
            PEM_read_bio_PrivateKey(bio.bio, nil, nil, UnsafeMutableRawPointer(mutating: p))
        }
        guard let key else {
            _ = OpenSSLError.drain("")
            if encrypted {
                throw SanadError(
                    .wrongPassphrase, "wrong passphrase for the key (or the key file is damaged)",
                    hint: "Check the passphrase; keys are case-sensitive and have no recovery.")
            }
            throw SanadError(.badKey, "not a PEM private key", hint: "Give the .key file made by 'sanad key new'.")
        }
        return PrivateKey(owning: key)
    }

    /// A copy whose ECDSA signatures are deterministic (RFC 6979), for reproducible seals.
    func deterministicSigningKey() throws(SanadError) -> PrivateKey {
        guard let raw = csanad_deterministic_signing_key(pkey) else {
            throw OpenSSLError.drain("deterministic signing key")
        }
        return PrivateKey(owning: raw)
    }

    /// Whether `certificate` holds this key's public half.
    public func matches(_ certificate: Certificate) -> Bool {
        guard let pub = X509_get0_pubkey(certificate.x509) else { return false }
        return EVP_PKEY_eq(pkey, pub) == 1
    }
}

import Foundation

extension PrivateKey {
    /// Signs `message` with SHA-256 using the deterministic key: DER ECDSA-Sig-Value.
    /// Exposed for the RFC 6979 known-answer test.
    func deterministicSignature(_ message: [UInt8]) throws(SanadError) -> [UInt8] {
        let key = try deterministicSigningKey()
        guard let ctx = EVP_MD_CTX_new() else { throw OpenSSLError.drain("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_DigestSignInit(ctx, nil, EVP_sha256(), nil, key.pkey) == 1 else {
            throw OpenSSLError.drain("EVP_DigestSignInit")
        }
        return try Self.digestSign(ctx, message)
    }

    /// The signature of `message` from a context set up with `EVP_DigestSignInit`: its length
    /// asked first, then the bytes.
    static func digestSign(_ ctx: OpaquePointer, _ message: [UInt8]) throws(SanadError) -> [UInt8] {
        var len = 0
        guard EVP_DigestSign(ctx, nil, &len, message, message.count) == 1 else {
            throw OpenSSLError.drain("EVP_DigestSign")
        }
        var out = [UInt8](repeating: 0, count: len)
        guard EVP_DigestSign(ctx, &out, &len, message, message.count) == 1 else {
            throw OpenSSLError.drain("EVP_DigestSign")
        }
        return Array(out.prefix(len))
    }
}
