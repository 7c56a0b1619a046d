import CSanadOpenSSL
import SanadModel

/// Key material (an age file key, a payload key, an X25519 shared secret) in memory of its own
/// that `deinit` wipes with `OPENSSL_cleanse`, which the optimiser cannot remove as a dead
/// store. Swift arrays are copied at will and never wiped, so secrets live here instead.
final class SecretBytes {
    /// Reached only through `withBytes` and `withMutableBytes`, which keep this object alive
    /// while their body runs (a pointer taken outside them may outlive the memory).
    private let bytes: UnsafeMutableRawBufferPointer

    var count: Int { bytes.count }

    /// `count` (at least 1) zero bytes.
    init(count: Int) {
        precondition(count > 0, "a secret has at least one byte")
        bytes = .allocate(byteCount: count, alignment: 16)
        bytes.initializeMemory(as: UInt8.self, repeating: 0)
    }

    /// `count` bytes from OpenSSL's CSPRNG.
    static func random(_ count: Int) throws(SanadError) -> SecretBytes {
        let s = SecretBytes(count: count)
        guard s.withMutableBytes({ RAND_bytes($0.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(count)) }) == 1
        else {
            throw OpenSSLError.drain("random bytes")
        }
        return s
    }

    /// `count` random bytes that are not secret (a nonce, a salt), from the same CSPRNG.
    static func randomArray(_ count: Int) throws(SanadError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&out, Int32(count)) == 1 else { throw OpenSSLError.drain("random bytes") }
        return out
    }

    /// A copy of `array`, which this wipes: the one copy left is the one `deinit` wipes.
    convenience init(taking array: inout [UInt8]) {
        self.init(count: array.count)
        array.withUnsafeBytes { bytes.copyMemory(from: $0) }
        Self.wipe(&array)
    }

    deinit {
        OPENSSL_cleanse(bytes.baseAddress, bytes.count)
        bytes.deallocate()
    }

    func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(bytes))
    }

    func withMutableBytes<R, E: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(bytes)
    }

    /// Overwrites an array that held a secret with zeros, in place.
    static func wipe(_ array: inout [UInt8]) {
        array.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
    }
}
