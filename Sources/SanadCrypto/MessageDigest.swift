import CSanadOpenSSL
import SanadModel

/// One running OpenSSL EVP digest. Owns its `EVP_MD_CTX` and frees it in `deinit`.
public final class MessageDigest {
    public let algorithm: DigestAlgorithm
    private let ctx: OpaquePointer

    public init(_ algorithm: DigestAlgorithm) throws(SanadError) {
        self.algorithm = algorithm
        guard let ctx = EVP_MD_CTX_new() else { throw OpenSSLError.drain("EVP_MD_CTX_new") }
        let md = FetchedDigest.md(algorithm)
        guard EVP_DigestInit_ex(ctx, md, nil) == 1 else {
            EVP_MD_CTX_free(ctx)
            throw OpenSSLError.drain("EVP_DigestInit_ex(\(algorithm.rawValue))")
        }
        self.ctx = ctx
    }

    deinit { EVP_MD_CTX_free(ctx) }

    /// Starts over, for another message: cheaper than a new context per small file.
    public func reset() {
        // Re-initialising a context that was set up with this digest cannot fail.
        _ = EVP_DigestInit_ex(ctx, FetchedDigest.md(algorithm), nil)
    }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        // EVP_DigestUpdate cannot fail for these in-memory software digests.
        _ = EVP_DigestUpdate(ctx, base, bytes.count)
    }

    public func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// Returns the digest as lowercase hex. The object must not be used afterwards, unless
    /// `reset()` first.
    public func finalizeHex() -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Int(EVP_MAX_MD_SIZE)) { out in
            var len: UInt32 = 0
            _ = EVP_DigestFinal_ex(ctx, out.baseAddress, &len)
            return Hex.encode(UnsafeBufferPointer(rebasing: out[..<Int(len)]))
        }
    }

    /// SHA-256 of bytes in memory, as hex.
    public static func sha256Hex(_ bytes: some Collection<UInt8>) -> String {
        // Creating a SHA-256 context only fails when OpenSSL is out of memory.
        let d = try! MessageDigest(.sha256)
        if bytes.withContiguousStorageIfAvailable({ d.update(UnsafeRawBufferPointer($0)) }) == nil {
            Array(bytes).withUnsafeBytes { d.update($0) }
        }
        return d.finalizeHex()
    }
}

/// Each algorithm fetched from OpenSSL's provider once. `EVP_sha256()` and its kind make
/// OpenSSL 3 fetch the implementation again at every `EVP_DigestInit_ex`, behind a lock: a
/// verifier hashing 150,000 small records spent more there than in SHA-256.
private enum FetchedDigest {
    nonisolated(unsafe) static let sha256 = EVP_MD_fetch(nil, "SHA2-256", nil)
    nonisolated(unsafe) static let sha512 = EVP_MD_fetch(nil, "SHA2-512", nil)
    nonisolated(unsafe) static let sha1 = EVP_MD_fetch(nil, "SHA1", nil)
    nonisolated(unsafe) static let md5 = EVP_MD_fetch(nil, "MD5", nil)

    /// The fetched digest, or the legacy handle when the fetch failed (that then fails or
    /// succeeds at init exactly as before).
    static func md(_ algorithm: DigestAlgorithm) -> OpaquePointer? {
        switch algorithm {
        case .sha256: sha256 ?? EVP_sha256()
        case .sha512: sha512 ?? EVP_sha512()
        case .sha1: sha1 ?? EVP_sha1()
        case .md5: md5 ?? EVP_md5()
        }
    }
}

/// Several digests fed from one pass over the data.
public final class DigestSet {
    private let digests: [MessageDigest]

    public init(_ algorithms: [DigestAlgorithm]) throws(SanadError) {
        var list: [MessageDigest] = []
        for alg in Set(algorithms + [.sha256]).sorted() { list.append(try MessageDigest(alg)) }
        digests = list
    }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        for d in digests { d.update(bytes) }
    }

    public func finalize() -> [DigestAlgorithm: String] {
        Dictionary(uniqueKeysWithValues: digests.map { ($0.algorithm, $0.finalizeHex()) })
    }
}

public enum Hex {
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        if let s = bytes.withContiguousStorageIfAvailable({ encode($0) }) { return s }
        return Array(bytes).withUnsafeBufferPointer { encode($0) }
    }

    public static func encode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (i, b) in bytes.enumerated() {
                out[2 * i] = digit(b >> 4)
                out[2 * i + 1] = digit(b & 0xF)
            }
            return bytes.count * 2
        }
    }

    private static func digit(_ d: UInt8) -> UInt8 { d < 10 ? 0x30 + d : 0x57 + d }

    /// The bytes of lowercase or uppercase hex text; nil for an odd length or another character.
    public static func decode(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var i = 0
        while i < utf8.count {
            guard let hi = value(utf8[i]), let lo = value(utf8[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x57
        case 0x41...0x46: return c - 0x37
        default: return nil
        }
    }
}
