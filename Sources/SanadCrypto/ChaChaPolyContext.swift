import CSanadOpenSSL
import SanadModel

extension ChaChaPoly {
    /// One ChaCha20-Poly1305 cipher context keyed once and reused for every message under that
    /// key: the payload chunks of an age file. Each call sets only the nonce, and seals or opens
    /// between raw buffers, so that a 64 KiB chunk costs no allocation and no key schedule.
    /// `EVP_CIPHER_CTX_free` wipes the key in `deinit`. Not for use from two threads at once.
    final class Context {
        private let ctx: OpaquePointer
        private let encrypting: Bool

        /// A context that seals (`encrypting`) or opens under a 32-byte `key`.
        init(key: SecretBytes, encrypting: Bool) throws(SanadError) {
            guard key.count == 32 else { throw SanadError(.internalError, "ChaCha20-Poly1305 needs a 32-byte key") }
            guard let ctx = EVP_CIPHER_CTX_new() else { throw OpenSSLError.drain("cipher context") }
            let keyed = key.withBytes {
                EVP_CipherInit_ex(ctx, FetchedAlgorithms.chacha20Poly1305, nil, $0.baseAddress, nil, encrypting ? 1 : 0)
            }
            guard keyed == 1 else {
                EVP_CIPHER_CTX_free(ctx)
                throw OpenSSLError.drain("ChaCha20-Poly1305 key")
            }
            self.ctx = ctx
            self.encrypting = encrypting
        }

        deinit { EVP_CIPHER_CTX_free(ctx) }

        /// Seals `count` bytes at `input` under the 12-byte `nonce` into `output`, which takes
        /// `count + tagLength` bytes: the ciphertext, then the tag. `output` may equal `input`.
        func seal(
            _ input: UnsafeRawPointer, count: Int, nonce: UnsafeRawPointer, into output: UnsafeMutableRawPointer
        ) throws(SanadError) {
            precondition(encrypting, "a context made for opening cannot seal")
            var n: Int32 = 0
            let out = output.assumingMemoryBound(to: UInt8.self)
            let ok =
                EVP_CipherInit_ex(ctx, nil, nil, nil, nonce.assumingMemoryBound(to: UInt8.self), -1) == 1
                && (count == 0
                    || EVP_CipherUpdate(ctx, out, &n, input.assumingMemoryBound(to: UInt8.self), Int32(count)) == 1)
                && EVP_CipherFinal_ex(ctx, out + count, &n) == 1
                && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, Int32(tagLength), output + count) == 1
            guard ok else { throw OpenSSLError.drain("ChaCha20-Poly1305") }
        }

        /// Opens `count` sealed bytes at `input` (ciphertext, then the tag; `count` ≥ `tagLength`)
        /// under `nonce` into `output` (`count - tagLength` bytes; may equal `input`). False when
        /// the tag does not verify: `output` then holds bytes that must not be used.
        func open(
            _ input: UnsafeRawPointer, count: Int, nonce: UnsafeRawPointer, into output: UnsafeMutableRawPointer
        ) -> Bool {
            precondition(!encrypting && count >= tagLength, "opening needs a context made for it and a whole tag")
            let body = count - tagLength
            var n: Int32 = 0
            let out = output.assumingMemoryBound(to: UInt8.self)
            let tag = UnsafeMutableRawPointer(mutating: input + body)
            let ok =
                EVP_CipherInit_ex(ctx, nil, nil, nil, nonce.assumingMemoryBound(to: UInt8.self), -1) == 1
                && (body == 0
                    || EVP_CipherUpdate(ctx, out, &n, input.assumingMemoryBound(to: UInt8.self), Int32(body)) == 1)
                && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, Int32(tagLength), tag) == 1
                && EVP_CipherFinal_ex(ctx, out + body, &n) == 1
            if !ok { ERR_clear_error() }
            return ok
        }
    }
}
