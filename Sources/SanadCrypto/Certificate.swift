import CSanadOpenSSL
import CSanadOpenSSLShims
import Foundation
import SanadModel

/// An X.509 certificate. Owns one reference to its `X509`.
public final class Certificate {
    let x509: OpaquePointer

    init(owning x509: OpaquePointer) { self.x509 = x509 }

    /// Takes a new reference to a certificate owned elsewhere.
    init(retaining x509: OpaquePointer) {
        X509_up_ref(x509)
        self.x509 = x509
    }

    deinit { X509_free(x509) }

    public convenience init(der: [UInt8]) throws(SanadError) {
        let cert = der.withUnsafeBufferPointer { buf -> OpaquePointer? in
            var q: UnsafePointer<UInt8>? = buf.baseAddress
            return d2i_X509(nil, &q, buf.count)
        }
        guard let cert else { throw SanadError(.badKey, "not a DER X.509 certificate") }
        self.init(owning: cert)
    }

    /// Every certificate in a PEM file, in order (a leaf and its chain).
    public static func loadAll(pem: [UInt8]) throws(SanadError) -> [Certificate] {
        let bio = try MemoryBIO(pem)
        var out: [Certificate] = []
        while let c = PEM_read_bio_X509(bio.bio, nil, nil, nil) { out.append(Certificate(owning: c)) }
        ERR_clear_error()
        guard !out.isEmpty else {
            throw SanadError(
                .badKey, "no PEM certificate found", hint: "Give the .crt file made by 'sanad key new' or your CA.")
        }
        return out
    }

    public var der: [UInt8] {
        var out: UnsafeMutablePointer<UInt8>?
        let n = i2d_X509(x509, &out)
        guard n > 0, let out else { return [] }
        defer { csanad_openssl_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(n)))
    }

    public var pem: [UInt8] {
        guard let bio = try? MemoryBIO(), PEM_write_bio_X509(bio.bio, x509) == 1 else { return [] }
        return bio.bytes
    }

    /// SHA-256 of the DER encoding, lowercase hex: the fingerprint users pin.
    public var fingerprint: String { MessageDigest.sha256Hex(der) }

    /// `3F:9A:…` for people.
    public static func formatFingerprint(_ hex: String) -> String {
        stride(from: 0, to: hex.count, by: 2).map { i -> String in
            let start = hex.index(hex.startIndex, offsetBy: i)
            return hex[start..<hex.index(start, offsetBy: 2)].uppercased()
        }.joined(separator: ":")
    }

    /// Accepts hex with or without colons or spaces, any case.
    public static func normaliseFingerprint(_ text: String) -> String? {
        let hex = text.lowercased().filter { $0 != ":" && $0 != " " }
        guard hex.count == 64, hex.allSatisfy(\.isHexDigit) else { return nil }
        return hex
    }

    public var subject: DistinguishedName { DistinguishedName(X509_get_subject_name(x509)) }
    public var issuer: DistinguishedName { DistinguishedName(X509_get_issuer_name(x509)) }

    /// Issued by itself: issuer equals subject and its own key verifies its signature.
    /// (X509_check_issued would also demand keyCertSign, which a sealing certificate lacks.)
    public var isSelfSigned: Bool {
        guard X509_NAME_cmp(X509_get_subject_name(x509), X509_get_issuer_name(x509)) == 0,
            let pub = X509_get0_pubkey(x509)
        else { return false }
        defer { ERR_clear_error() }
        return X509_verify(x509, pub) == 1
    }

    /// Whether `child` names this certificate's subject as its issuer and carries a signature
    /// this certificate's key made.
    public func issued(_ child: Certificate) -> Bool {
        defer { ERR_clear_error() }
        guard X509_check_issued(x509, child.x509) == X509_V_OK, let key = X509_get0_pubkey(x509) else { return false }
        return X509_verify(child.x509, key) == 1
    }

    public var notBefore: String { asn1TimeText(X509_get0_notBefore(x509)) }
    public var notAfter: String { asn1TimeText(X509_get0_notAfter(x509)) }

    public var emailAddresses: [String] {
        var out: [String] = []
        if let e = subject.email { out.append(e) }
        return out
    }
}

/// The parts of an X.509 name that Sanad shows to people.
public struct DistinguishedName: Sendable, Equatable {
    public let commonName: String?
    public let organization: String?
    public let email: String?
    /// One line, RFC 2253 style.
    public let oneLine: String

    init(_ name: OpaquePointer?) {
        func entry(_ nid: Int32) -> String? {
            guard let name else { return nil }
            let idx = X509_NAME_get_index_by_NID(name, nid, -1)
            guard idx >= 0, let e = X509_NAME_get_entry(name, idx), let data = X509_NAME_ENTRY_get_data(e) else {
                return nil
            }
            var out: UnsafeMutablePointer<UInt8>?
            let n = ASN1_STRING_to_UTF8(&out, data)
            guard n >= 0, let out else { return nil }
            defer { csanad_openssl_free(out) }
            return String(decoding: UnsafeBufferPointer(start: out, count: Int(n)), as: UTF8.self)
        }
        commonName = entry(NID_commonName)
        organization = entry(NID_organizationName)
        email = entry(NID_pkcs9_emailAddress)
        var line = ""
        if let name, let bio = try? MemoryBIO(),
            X509_NAME_print_ex(bio.bio, name, 0, UInt(csanad_xn_flag_rfc2253())) >= 0
        {
            line = String(decoding: bio.bytes, as: UTF8.self)
        }
        oneLine = line
    }
}

func asn1TimeText(_ t: UnsafePointer<ASN1_TIME>?) -> String {
    guard let t else { return "" }
    var tm = tm()
    guard ASN1_TIME_to_tm(t, &tm) == 1 else { return "" }
    return Timestamp.utc(seconds: Int64(timegm(&tm)), nanoseconds: 0).replacingOccurrences(of: ".000Z", with: "Z")
}
