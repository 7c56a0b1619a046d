import CSanadOpenSSL
import SanadModel

/// Random bytes from OpenSSL's DRBG (seeded by the kernel): file keys, salts, identities.
public enum SecureRandom {
    /// `count` random bytes; throws only when OpenSSL's generator cannot be seeded.
    public static func bytes(_ count: Int) throws(SanadError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard count == 0 || RAND_priv_bytes(&out, Int32(count)) == 1 else {
            throw OpenSSLError.drain("RAND_priv_bytes")
        }
        return out
    }
}
