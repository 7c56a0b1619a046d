import CSanadOpenSSL
import CSanadOpenSSLShims
import SanadModel

/// The per-exhibit seeds of a seal's commitments (docs/FORMAT.md §9.2): derived from the
/// sealing key and the item, so that the same workspace, key and time seal to the same bytes,
/// and secret to anyone without the key or the archive.
///
/// `seed = HMAC-SHA256(SHA-256("sanad commitment seed key v1" ‖ DER of the private key),
///                     "sanad commitment seed v1\n" ‖ exhibit ‖ "\n" ‖ item SHA-256 hex)`
public struct CommitmentSeeds {
    private let key: [UInt8]

    public init(_ key: PrivateKey) throws(SanadError) {
        var der: UnsafeMutablePointer<UInt8>?
        var length = 0
        guard csanad_private_key_der(key.pkey, &der, &length) == 1, let der else {
            throw OpenSSLError.drain("the sealing key's DER")
        }
        defer {
            OPENSSL_cleanse(der, length)
            csanad_openssl_free(der)
        }
        let digest = try MessageDigest(.sha256)
        digest.update(Array("sanad commitment seed key v1".utf8))
        digest.update(UnsafeRawBufferPointer(start: der, count: length))
        self.key = Hex.decode(digest.finalizeHex()) ?? []
    }

    public func seed(exhibit: String, sha256: String) throws(SanadError) -> [UInt8] {
        try KeyDerivation.hmacSHA256(key: key, data: Array("sanad commitment seed v1\n\(exhibit)\n\(sha256)".utf8))
    }
}
