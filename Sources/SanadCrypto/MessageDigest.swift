import CSanadOpenSSL
import SanadModel

/// One running OpenSSL EVP digest. Owns its `EVP_MD_CTX` and frees it in `deinit`.
public final class MessageDigest {
    public let algorithm: DigestAlgorithm
    private let ctx: OpaquePointer

    public init(_ algorithm: DigestAlgorithm) throws(SanadError) {
        self.algorithm = algorithm
        guard let ctx = EVP_MD_CTX_new() else { throw OpenSSLError.drain("EVP_MD_CTX_new") }
        let md: OpaquePointer? = switch algorithm {
        case .sha256: EVP_sha256()
        case .sha512: EVP_sha512()
        case .sha1: EVP_sha1()
        case .md5: EVP_md5()
        }
        guard EVP_DigestInit_ex(ctx, md, nil) == 1 else {
            EVP_MD_CTX_free(ctx)
            throw OpenSSLError.drain("EVP_DigestInit_ex(\(algorithm.rawValue))")
        }
        self.ctx = ctx
    }

    deinit { EVP_MD_CTX_free(ctx) }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        // EVP_DigestUpdate cannot fail for these in-memory software digests.
        _ = EVP_DigestUpdate(ctx, base, bytes.count)
    }

    public func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// Returns the digest as lowercase hex. The object must not be used afterwards.
    public func finalizeHex() -> String {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var len: UInt32 = 0
        _ = EVP_DigestFinal_ex(ctx, &out, &len)
        return Hex.encode(out.prefix(Int(len)))
    }

    /// SHA-256 of bytes in memory, as hex.
    public static func sha256Hex(_ bytes: some Collection<UInt8>) -> String {
        // Creating a SHA-256 context only fails when OpenSSL is out of memory.
        let d = try! MessageDigest(.sha256)
        Array(bytes).withUnsafeBytes { d.update($0) }
        return d.finalizeHex()
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
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
