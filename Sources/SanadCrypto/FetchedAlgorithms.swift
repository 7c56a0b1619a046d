import CSanadOpenSSL
import Foundation

/// Algorithms fetched once from OpenSSL 3's default provider. Every implicit fetch (a legacy
/// `EVP_PKEY_CTX_new_id`, `EVP_Q_mac`, `EVP_chacha20_poly1305()` given to an init) looks the
/// name up under a lock, which costs more than the work for a small input: an encrypted `add`
/// of 1,000 photos does a dozen key derivations and MACs per photo.
enum FetchedAlgorithms {
    nonisolated(unsafe) static let hkdf: OpaquePointer? = EVP_KDF_fetch(nil, "HKDF", nil)
    nonisolated(unsafe) static let hmac: OpaquePointer? = EVP_MAC_fetch(nil, "HMAC", nil)
    nonisolated(unsafe) static let chacha20Poly1305: OpaquePointer? = EVP_CIPHER_fetch(nil, "ChaCha20-Poly1305", nil)

    /// OSSL_PARAM names, as C strings that live as long as the process: a parameter keeps the
    /// pointer, so a Swift literal's temporary C string would not do.
    nonisolated(unsafe) static let digestName = UnsafePointer(strdup("digest")!)
    nonisolated(unsafe) static let keyName = UnsafePointer(strdup("key")!)
    nonisolated(unsafe) static let saltName = UnsafePointer(strdup("salt")!)
    nonisolated(unsafe) static let infoName = UnsafePointer(strdup("info")!)
}
