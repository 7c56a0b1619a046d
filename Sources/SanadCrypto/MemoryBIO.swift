import CSanadOpenSSL
import CSanadOpenSSLShims
import SanadModel

/// An OpenSSL memory BIO, owned and freed here.
final class MemoryBIO {
    let bio: OpaquePointer

    /// An empty BIO to write into.
    init() throws(SanadError) {
        guard let b = BIO_new(BIO_s_mem()) else { throw OpenSSLError.drain("BIO_new") }
        bio = b
    }

    /// A read-only BIO over a copy of `bytes`.
    init(_ bytes: [UInt8]) throws(SanadError) {
        guard let b = BIO_new(BIO_s_mem()) else { throw OpenSSLError.drain("BIO_new") }
        bio = b
        if !bytes.isEmpty {
            guard bytes.withUnsafeBytes({ BIO_write(b, $0.baseAddress, Int32($0.count)) }) == Int32(bytes.count) else {
                BIO_free(b)
                throw OpenSSLError.drain("BIO_write")
            }
        }
    }

    deinit { BIO_free(bio) }

    /// Everything written so far.
    var bytes: [UInt8] {
        var p: UnsafePointer<UInt8>?
        let n = csanad_bio_mem_data(bio, &p)
        guard let p, n > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: p, count: n))
    }
}
