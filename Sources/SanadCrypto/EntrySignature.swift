import CSanadOpenSSL
import CSanadOpenSSLShims
import SanadModel

/// A signature over a short message with SHA-256, as a custody entry's `sig` carries it
/// (docs/CUSTODY.md §4): ECDSA P-256, deterministic (RFC 6979) so that the same entry and key
/// give the same bytes; or RSA-PSS (salt length 32) for an imported RSA key, which cannot be
/// deterministic. Any other key is refused before anything is written.
public enum EntrySignature {
    public enum Algorithm: String, Sendable, CaseIterable {
        case ecdsaP256SHA256 = "ecdsa-p256-sha256"
        case rsaPSSSHA256 = "rsa-pss-sha256"
    }

    /// The algorithm a key signs entries with, or why it cannot.
    public static func algorithm(for key: PrivateKey) throws(SanadError) -> Algorithm {
        try algorithm(of: key.pkey, what: "the key")
    }

    /// The algorithm a certificate's key verifies, or nil for a key Sanad does not sign entries with.
    public static func algorithm(of certificate: Certificate) -> Algorithm? {
        guard let pub = X509_get0_pubkey(certificate.x509) else { return nil }
        return try? algorithm(of: pub, what: "")
    }

    private static func algorithm(of pkey: OpaquePointer, what: String) throws(SanadError) -> Algorithm {
        if EVP_PKEY_is_a(pkey, "RSA") == 1 { return .rsaPSSSHA256 }
        if EVP_PKEY_is_a(pkey, "EC") == 1 {
            var name = [CChar](repeating: 0, count: 64)
            var len = 0
            if EVP_PKEY_get_group_name(pkey, &name, name.count, &len) == 1 {
                let curve = String(decoding: name.prefix(len).map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if curve == "prime256v1" || curve == "P-256" { return .ecdsaP256SHA256 }
            }
        }
        throw SanadError(
            .badKey, "\(what) is neither an ECDSA P-256 nor an RSA key; custody entries cannot be signed with it",
            hint: "Make a key with 'sanad key new', or import an ECDSA P-256 or RSA key.")
    }

    /// Signs `message` (SHA-256): a DER ECDSA-Sig-Value, or the RSA-PSS signature bytes.
    public static func sign(_ message: [UInt8], key: PrivateKey) throws(SanadError) -> [UInt8] {
        switch try algorithm(for: key) {
        case .ecdsaP256SHA256: return try key.deterministicSignature(message)
        case .rsaPSSSHA256:
            guard let ctx = EVP_MD_CTX_new() else { throw OpenSSLError.drain("EVP_MD_CTX_new") }
            defer { EVP_MD_CTX_free(ctx) }
            var pctx: OpaquePointer?
            guard EVP_DigestSignInit(ctx, &pctx, EVP_sha256(), nil, key.pkey) == 1, let pctx, usePSS(pctx) else {
                throw OpenSSLError.drain("RSA-PSS signing")
            }
            return try PrivateKey.digestSign(ctx, message)
        }
    }

    /// Whether `signature` is `algorithm`'s signature of `message` by `certificate`'s key. A
    /// certificate whose key is not of that algorithm never verifies. Safe to call from several
    /// threads with the same certificate.
    public static func verify(
        _ signature: [UInt8], message: [UInt8], certificate: Certificate, algorithm: Algorithm
    ) -> Bool {
        guard self.algorithm(of: certificate) == algorithm, let pub = X509_get0_pubkey(certificate.x509),
            let ctx = EVP_MD_CTX_new()
        else { return false }
        defer {
            EVP_MD_CTX_free(ctx)
            ERR_clear_error()
        }
        var pctx: OpaquePointer?
        guard EVP_DigestVerifyInit(ctx, &pctx, EVP_sha256(), nil, pub) == 1, let pctx else { return false }
        if algorithm == .rsaPSSSHA256, !usePSS(pctx) { return false }
        return EVP_DigestVerify(ctx, signature, signature.count, message, message.count) == 1
    }

    /// PSS with MGF1-SHA-256 and a 32-byte salt: what `openssl dgst -sigopt rsa_padding_mode:pss
    /// -sigopt rsa_pss_saltlen:32` uses.
    private static func usePSS(_ pctx: OpaquePointer) -> Bool {
        EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1
            && EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32) == 1
    }
}
