import CSanadOpenSSL
import CSanadOpenSSLShims
import Foundation
import SanadModel

/// RFC 3161 time-stamp requests and responses (DER), over SHA-256.
public enum TimestampToken {
    /// A TimeStampReq for `data` (its SHA-256), with a random nonce and a request for the TSA's certificate.
    public static func request(over data: [UInt8]) throws(SanadError) -> [UInt8] {
        let digest = try Array(hexDigest: MessageDigest.sha256Hex(data))
        var nonce = [UInt8](repeating: 0, count: 8)
        guard RAND_bytes(&nonce, 8) == 1 else { throw OpenSSLError.drain("RAND_bytes") }
        nonce[0] &= 0x7F
        var len = 0
        var out: UnsafeMutablePointer<UInt8>?
        guard csanad_ts_request(digest, Int32(digest.count), nonce, Int32(nonce.count), &len, &out) != nil, let out
        else {
            throw OpenSSLError.drain("TimeStampReq")
        }
        defer { csanad_openssl_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: len))
    }

    public struct Check: Sendable {
        /// The authority granted the request and the response parses.
        public var granted = false
        public var imprintMatches = false
        public var signatureValid = false
        /// Nil when no trust anchors were given.
        public var trusted: Bool?
        public var time: Date?
        public var problem: String?
    }

    /// Checks a TimeStampResp over `data`; `trustAnchors` judge the authority. Never throws.
    public static func check(response: [UInt8], data: [UInt8], trustAnchors: [Certificate]) -> Check {
        var c = Check()
        let store = trustAnchors.isEmpty ? nil : X509_STORE_new()
        defer { if let store { X509_STORE_free(store) } }
        for a in trustAnchors { X509_STORE_add_cert(store, a.x509) }
        var seconds: Int64 = 0
        var err = [CChar](repeating: 0, count: 400)
        let bits = csanad_ts_check(response, response.count, data, data.count, store, &seconds, &err, err.count)
        let problem = String(decoding: err.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        c.problem = problem.isEmpty ? nil : problem
        guard bits >= 0 else { return c }
        c.granted = true
        c.imprintMatches = bits & 1 != 0
        c.signatureValid = bits & 2 != 0
        if store != nil { c.trusted = bits & 4 != 0 }
        if seconds != 0 { c.time = Date(timeIntervalSince1970: TimeInterval(seconds)) }
        return c
    }

    /// Whether `response` is exactly one DER TimeStampResp, with nothing after it: a reader
    /// ignores trailing bytes, so a verifier that accepted them would vouch for bytes nobody checked.
    public static func isExactDER(_ response: [UInt8]) -> Bool {
        csanad_ts_response_is_exact_der(response, response.count) == 1
    }

    /// The certificates the token carries (the TSA's, and any chain it sent), PEM, as the
    /// `tsa-chain.pem` beside a token holds them.
    public static func chainPEM(of response: [UInt8]) -> [UInt8] {
        certificates(in: response).flatMap(\.pem)
    }

    /// The certificates the token carries (the TSA's, and any chain it sent).
    public static func certificates(in response: [UInt8]) -> [Certificate] {
        guard let stack = csanad_ts_response_certs(response, response.count) else { return [] }
        defer { csanad_sk_x509_pop_free(stack) }
        return (0..<csanad_sk_x509_num(stack)).compactMap { i in
            csanad_sk_x509_value(stack, i).map { Certificate(retaining: $0) }
        }
    }
}

extension Array where Element == UInt8 {
    init(hexDigest hex: String) throws(SanadError) {
        var out: [UInt8] = []
        var it = hex.utf8.makeIterator()
        while let h = it.next(), let l = it.next() {
            guard let hi = Self.nibble(h), let lo = Self.nibble(l) else { throw SanadError(.internalError, "bad hex") }
            out.append(hi << 4 | lo)
        }
        self = out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x61...0x66: c - 0x61 + 10
        case 0x41...0x46: c - 0x41 + 10
        default: nil
        }
    }
}
