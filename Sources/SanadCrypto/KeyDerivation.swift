import CSanadOpenSSL
import SanadModel

/// The key derivations and the MAC of the age format (C2SP age v1), from OpenSSL 3:
/// HKDF-SHA256 (RFC 5869), scrypt (RFC 7914) and HMAC-SHA256 (RFC 2104). Groundwork for the
/// encrypted workspace (issue 13); nothing here touches the disk.
public enum KeyDerivation {
    /// HKDF-SHA256 of `key` with `salt` and `info`, `length` bytes (at most 255 × 32).
    public static func hkdfSHA256(
        key: [UInt8], salt: [UInt8], info: [UInt8], length: Int
    ) throws(SanadError)
        -> [UInt8]
    {
        guard length > 0, length <= 255 * 32 else { throw SanadError(.internalError, "HKDF length \(length)") }
        var out = [UInt8](repeating: 0, count: length)
        let ok = key.withUnsafeBytes { k in
            out.withUnsafeMutableBytes { o in hkdf(key: k, salt: salt, info: info, into: o) }
        }
        guard ok else { throw OpenSSLError.drain("HKDF-SHA256") }
        return out
    }

    /// HKDF-SHA256 into a secret's own memory (no array copy of the key is left behind).
    static func hkdfSHA256(
        key: SecretBytes, salt: [UInt8], info: [UInt8], length: Int
    ) throws(SanadError) -> SecretBytes {
        let out = SecretBytes(count: length)
        let ok = key.withBytes { k in out.withMutableBytes { o in hkdf(key: k, salt: salt, info: info, into: o) } }
        guard length <= 255 * 32, ok else {
            throw OpenSSLError.drain("HKDF-SHA256")
        }
        return out
    }

    private static func hkdf(
        key: UnsafeRawBufferPointer, salt: [UInt8], info: [UInt8], into out: UnsafeMutableRawBufferPointer
    ) -> Bool {
        guard let kdf = FetchedAlgorithms.hkdf, let ctx = EVP_KDF_CTX_new(kdf) else { return false }
        defer { EVP_KDF_CTX_free(ctx) }
        var digest = Array("SHA256".utf8CString)
        // OSSL_PARAM takes `void *`; OpenSSL only reads these, so the key is not copied.
        let k = UnsafeMutableRawPointer(mutating: key.baseAddress)
        return digest.withUnsafeMutableBufferPointer { d in
            salt.withUnsafeBytes { s in
                info.withUnsafeBytes { i in
                    // An empty salt is HKDF's default (HashLen zeros: the same HMAC key); an
                    // empty info is none.
                    var params = [
                        OSSL_PARAM_construct_utf8_string(FetchedAlgorithms.digestName, d.baseAddress, 0),
                        OSSL_PARAM_construct_octet_string(FetchedAlgorithms.keyName, k, key.count),
                    ]
                    if !s.isEmpty {
                        let p = UnsafeMutableRawPointer(mutating: s.baseAddress)
                        params.append(OSSL_PARAM_construct_octet_string(FetchedAlgorithms.saltName, p, s.count))
                    }
                    if !i.isEmpty {
                        let p = UnsafeMutableRawPointer(mutating: i.baseAddress)
                        params.append(OSSL_PARAM_construct_octet_string(FetchedAlgorithms.infoName, p, i.count))
                    }
                    params.append(OSSL_PARAM_construct_end())
                    let base = out.baseAddress?.assumingMemoryBound(to: UInt8.self)
                    return EVP_KDF_derive(ctx, base, out.count, params) == 1
                }
            }
        }
    }

    /// scrypt of `password` with `salt`, cost N = 2^`logN`, r = 8, p = 1 (age's parameters unless
    /// given), `length` bytes. Memory is bounded by OpenSSL's own limit, raised to what N needs.
    public static func scrypt(
        password: [UInt8], salt: [UInt8], logN: Int, r: UInt64 = 8, p: UInt64 = 1, length: Int
    ) throws(SanadError) -> [UInt8] {
        guard (1...30).contains(logN) else { throw SanadError(.usage, "scrypt work factor 2^\(logN) is out of range") }
        let n = UInt64(1) << UInt64(logN)
        let memory = 128 * r * (n + p + 2) + (1 << 20)
        var out = [UInt8](repeating: 0, count: length)
        let ok = password.withUnsafeBufferPointer { pw in
            salt.withUnsafeBufferPointer { s in
                out.withUnsafeMutableBufferPointer { o in
                    let pwc = UnsafeRawPointer(pw.baseAddress)?.assumingMemoryBound(to: CChar.self)
                    return EVP_PBE_scrypt(pwc, pw.count, s.baseAddress, s.count, n, r, p, memory, o.baseAddress, length)
                }
            }
        }
        guard ok == 1 else { throw OpenSSLError.drain("scrypt") }
        return out
    }

    /// HMAC-SHA256 of `data` under `key`.
    public static func hmacSHA256(key: [UInt8], data: [UInt8]) throws(SanadError) -> [UInt8] {
        guard let out = key.withUnsafeBytes({ k in data.withUnsafeBytes { d in hmac(key: k, data: d) } }) else {
            throw OpenSSLError.drain("HMAC-SHA256")
        }
        return out
    }

    /// HMAC-SHA256 under a key held in raw memory (a `SecretBytes`).
    static func hmacSHA256(key: SecretBytes, data: UnsafeRawBufferPointer) throws(SanadError) -> [UInt8] {
        guard let out = key.withBytes({ hmac(key: $0, data: data) }) else { throw OpenSSLError.drain("HMAC-SHA256") }
        return out
    }

    private static func hmac(key: UnsafeRawBufferPointer, data: UnsafeRawBufferPointer) -> [UInt8]? {
        guard let mac = FetchedAlgorithms.hmac, let ctx = EVP_MAC_CTX_new(mac) else { return nil }
        defer { EVP_MAC_CTX_free(ctx) }
        var digest = Array("SHA256".utf8CString)
        var out = [UInt8](repeating: 0, count: 32)
        var outLength = 0
        let ok = digest.withUnsafeMutableBufferPointer { d in
            let params = [
                OSSL_PARAM_construct_utf8_string(FetchedAlgorithms.digestName, d.baseAddress, 0),
                OSSL_PARAM_construct_end(),
            ]
            return EVP_MAC_init(ctx, key.baseAddress?.assumingMemoryBound(to: UInt8.self), key.count, params) == 1
                && EVP_MAC_update(ctx, data.baseAddress?.assumingMemoryBound(to: UInt8.self), data.count) == 1
                && out.withUnsafeMutableBufferPointer { EVP_MAC_final(ctx, $0.baseAddress, &outLength, 32) } == 1
        }
        return ok && outLength == 32 ? out : nil
    }
}
