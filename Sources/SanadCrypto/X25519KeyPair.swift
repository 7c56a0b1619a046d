import CSanadOpenSSL
import SanadModel

/// An X25519 key pair (RFC 7748) from OpenSSL 3: the recipient and identity keys of the age
/// format (groundwork for the encrypted workspace, issue 13). The private key stays in the
/// OpenSSL object, which frees it in `deinit`.
public final class X25519KeyPair {
    private let key: OpaquePointer

    /// A new random key pair.
    public init() throws(SanadError) {
        guard let ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_X25519, nil) else { throw OpenSSLError.drain("X25519 context") }
        defer { EVP_PKEY_CTX_free(ctx) }
        var pkey: OpaquePointer?
        guard EVP_PKEY_keygen_init(ctx) == 1, EVP_PKEY_keygen(ctx, &pkey) == 1, let pkey else {
            throw OpenSSLError.drain("X25519 key generation")
        }
        key = pkey
    }

    /// The pair of a 32-byte private key.
    public init(privateKey: [UInt8]) throws(SanadError) {
        guard privateKey.count == 32 else { throw SanadError(.usage, "an X25519 private key has 32 bytes") }
        guard
            let pkey = privateKey.withUnsafeBufferPointer({
                EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nil, $0.baseAddress, 32)
            })
        else { throw OpenSSLError.drain("X25519 private key") }
        key = pkey
    }

    deinit { EVP_PKEY_free(key) }

    public var publicKey: [UInt8] { Self.raw(key, EVP_PKEY_get_raw_public_key) }

    /// The private key's 32 bytes, for storing it (wrapped) and nowhere else.
    public var privateKey: [UInt8] { Self.raw(key, EVP_PKEY_get_raw_private_key) }

    /// The shared secret with `peer`'s public key. Throws for a low-order point (an all-zero
    /// secret), which RFC 7748 §6.1 and age both refuse.
    public func sharedSecret(with peer: [UInt8]) throws(SanadError) -> [UInt8] {
        let secret = try secret(with: peer)
        return secret.withBytes { [UInt8]($0) }
    }

    /// The shared secret in memory that is wiped when it is released.
    func secret(with peer: [UInt8]) throws(SanadError) -> SecretBytes {
        guard peer.count == 32,
            let peerKey = peer.withUnsafeBufferPointer({
                EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nil, $0.baseAddress, 32)
            })
        else { throw SanadError(.usage, "an X25519 public key has 32 bytes") }
        defer { EVP_PKEY_free(peerKey) }
        guard let ctx = EVP_PKEY_CTX_new(key, nil) else { throw OpenSSLError.drain("X25519 derive context") }
        defer { EVP_PKEY_CTX_free(ctx) }
        let secret = SecretBytes(count: 32)
        var length = 32
        guard EVP_PKEY_derive_init(ctx) == 1, EVP_PKEY_derive_set_peer(ctx, peerKey) == 1,
            secret.withMutableBytes({
                EVP_PKEY_derive(ctx, $0.baseAddress?.assumingMemoryBound(to: UInt8.self), &length)
            })
                == 1,
            length == 32, secret.withBytes({ $0.contains(where: { $0 != 0 }) })
        else { throw OpenSSLError.drain("X25519 key agreement") }
        return secret
    }

    private static func raw(
        _ key: OpaquePointer, _ get: (OpaquePointer?, UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<Int>?) -> Int32
    ) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length = 32
        _ = out.withUnsafeMutableBufferPointer { get(key, $0.baseAddress, &length) }
        return out
    }
}
