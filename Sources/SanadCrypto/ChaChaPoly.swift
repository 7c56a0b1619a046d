import CSanadOpenSSL
import SanadModel

/// ChaCha20-Poly1305 (RFC 8439) from OpenSSL 3: the AEAD of the age format's stanzas and
/// payload chunks (groundwork for the encrypted workspace, issue 13).
public enum ChaChaPoly {
    public static let tagLength = 16

    /// `plaintext` sealed under a 32-byte `key` and 12-byte `nonce`: ciphertext, then the tag.
    public static func seal(
        _ plaintext: [UInt8], key: [UInt8], nonce: [UInt8], aad: [UInt8] = []
    ) throws(SanadError) -> [UInt8] {
        try run(plaintext, key: key, nonce: nonce, aad: aad, encrypt: true)
    }

    /// The plaintext of `sealed` (ciphertext and tag); throws `evidence-mismatch` when the tag
    /// does not verify: the bytes were changed, or the key or nonce is not the one they were
    /// sealed with.
    public static func open(
        _ sealed: [UInt8], key: [UInt8], nonce: [UInt8], aad: [UInt8] = []
    ) throws(SanadError) -> [UInt8] {
        guard sealed.count >= tagLength else { throw SanadError(.evidenceMismatch, "sealed data shorter than its tag") }
        return try run(sealed, key: key, nonce: nonce, aad: aad, encrypt: false)
    }

    private static func run(
        _ input: [UInt8], key: [UInt8], nonce: [UInt8], aad: [UInt8], encrypt: Bool
    ) throws(SanadError) -> [UInt8] {
        guard key.count == 32, nonce.count == 12 else {
            throw SanadError(.internalError, "ChaCha20-Poly1305 needs a 32-byte key and a 12-byte nonce")
        }
        guard let ctx = EVP_CIPHER_CTX_new() else { throw OpenSSLError.drain("cipher context") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        let body = encrypt ? input : Array(input.dropLast(tagLength))
        var out = [UInt8](repeating: 0, count: body.count + tagLength)
        var n: Int32 = 0
        var ok =
            EVP_CipherInit_ex(ctx, FetchedAlgorithms.chacha20Poly1305, nil, key, nonce, encrypt ? 1 : 0) == 1
            && (aad.isEmpty || EVP_CipherUpdate(ctx, nil, &n, aad, Int32(aad.count)) == 1)
        if ok, !body.isEmpty {
            ok =
                out.withUnsafeMutableBufferPointer {
                    EVP_CipherUpdate(ctx, $0.baseAddress, &n, body, Int32(body.count))
                }
                == 1
        }
        if ok, !encrypt {
            var tag = Array(input.suffix(tagLength))
            ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, Int32(tagLength), &tag) == 1
        }
        var tail: Int32 = 0
        let finished =
            ok
            && out.withUnsafeMutableBufferPointer { EVP_CipherFinal_ex(ctx, $0.baseAddress! + body.count, &tail) } == 1
        guard finished else {
            if !encrypt { throw SanadError(.evidenceMismatch, "the data or its key is not the one it was sealed with") }
            throw OpenSSLError.drain("ChaCha20-Poly1305")
        }
        if encrypt {
            var tag = [UInt8](repeating: 0, count: tagLength)
            guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, Int32(tagLength), &tag) == 1 else {
                throw OpenSSLError.drain("ChaCha20-Poly1305 tag")
            }
            out.replaceSubrange(body.count..., with: tag)
            return out
        }
        return Array(out.prefix(body.count))
    }
}
