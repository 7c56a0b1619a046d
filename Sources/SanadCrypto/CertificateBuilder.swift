import CSanadOpenSSL
import CSanadOpenSSLShims
import Foundation
import SanadModel

/// Makes the certificates a sealer needs: a self-signed one, or a request for an organisation's CA.
public enum CertificateBuilder {
    public struct Subject: Sendable {
        public var name: String
        public var organization: String
        public var email: String?

        public init(name: String, organization: String, email: String? = nil) {
            self.name = name
            self.organization = organization
            self.email = email
        }
    }

    /// A self-signed certificate for sealing: keyUsage digitalSignature and nonRepudiation,
    /// extendedKeyUsage emailProtection (so that `openssl cms -verify` accepts it for its default
    /// purpose); and the key usage a CMS recipient needs, so that envelopes can be made to it
    /// (a judge's or prosecutor's key from `sanad key new`): keyAgreement for an EC key,
    /// keyEncipherment for an RSA one.
    public static func selfSigned(
        key: PrivateKey, subject: Subject, notBefore: Date, validityDays: Int = 3650
    ) throws(SanadError) -> Certificate {
        guard let x = X509_new() else { throw OpenSSLError.drain("X509_new") }
        let cert = Certificate(owning: x)
        guard X509_set_version(x, 2) == 1 else { throw OpenSSLError.drain("X509_set_version") }
        try setRandomSerial(x)
        var start = time_t(notBefore.timeIntervalSince1970)
        guard X509_time_adj_ex(X509_getm_notBefore(x), 0, 0, &start) != nil,
            X509_time_adj_ex(X509_getm_notAfter(x), Int32(validityDays), 0, &start) != nil
        else { throw OpenSSLError.drain("validity") }
        guard let name = try makeName(subject) else { throw OpenSSLError.drain("X509_NAME") }
        defer { X509_NAME_free(name) }
        guard X509_set_subject_name(x, name) == 1, X509_set_issuer_name(x, name) == 1, X509_set_pubkey(x, key.pkey) == 1
        else {
            throw OpenSSLError.drain("X509 subject")
        }
        var exts: [(Int32, String)] = [
            (NID_basic_constraints, "critical,CA:FALSE"),
            (NID_key_usage, keyUsage(key)),
            (NID_ext_key_usage, "emailProtection"),
            (NID_subject_key_identifier, "hash"),
            (NID_authority_key_identifier, "keyid:always"),
        ]
        if let email = subject.email { exts.append((NID_subject_alt_name, "email:\(email)")) }
        var ctx = X509V3_CTX()
        X509V3_set_ctx(&ctx, x, x, nil, nil, 0)
        for (nid, value) in exts {
            guard let ext = X509V3_EXT_conf_nid(nil, &ctx, nid, value) else {
                throw OpenSSLError.drain("extension \(value)")
            }
            defer { X509_EXTENSION_free(ext) }
            guard X509_add_ext(x, ext, -1) == 1 else { throw OpenSSLError.drain("X509_add_ext") }
        }
        guard X509_sign(x, key.pkey, EVP_sha256()) > 0 else { throw OpenSSLError.drain("X509_sign") }
        return cert
    }

    /// A PKCS #10 request (PEM) asking a CA for the same extensions.
    public static func signingRequest(key: PrivateKey, subject: Subject) throws(SanadError) -> [UInt8] {
        guard let req = X509_REQ_new() else { throw OpenSSLError.drain("X509_REQ_new") }
        defer { X509_REQ_free(req) }
        guard let name = try makeName(subject) else { throw OpenSSLError.drain("X509_NAME") }
        defer { X509_NAME_free(name) }
        guard X509_REQ_set_version(req, 0) == 1, X509_REQ_set_subject_name(req, name) == 1,
            X509_REQ_set_pubkey(req, key.pkey) == 1
        else { throw OpenSSLError.drain("X509_REQ") }
        guard let exts = X509V3_EXT_conf_nid(nil, nil, NID_key_usage, keyUsage(key)),
            let eku = X509V3_EXT_conf_nid(nil, nil, NID_ext_key_usage, "emailProtection")
        else { throw OpenSSLError.drain("request extensions") }
        let stack = csanad_sk_x509_extension_new()
        defer { csanad_sk_x509_extension_pop_free(stack) }
        csanad_sk_x509_extension_push(stack, exts)
        csanad_sk_x509_extension_push(stack, eku)
        guard X509_REQ_add_extensions(req, stack) == 1 else { throw OpenSSLError.drain("X509_REQ_add_extensions") }
        guard X509_REQ_sign(req, key.pkey, EVP_sha256()) > 0 else { throw OpenSSLError.drain("X509_REQ_sign") }
        let out = try MemoryBIO()
        guard PEM_write_bio_X509_REQ(out.bio, req) == 1 else { throw OpenSSLError.drain("PEM_write_bio_X509_REQ") }
        return out.bytes
    }

    /// Signing, and receiving envelopes: ECDH key agreement for EC, key transport for RSA.
    static func keyUsage(_ key: PrivateKey) -> String {
        let recipient = EVP_PKEY_get_base_id(key.pkey) == EVP_PKEY_RSA ? "keyEncipherment" : "keyAgreement"
        return "critical,digitalSignature,nonRepudiation,\(recipient)"
    }

    private static func makeName(_ s: Subject) throws(SanadError) -> OpaquePointer? {
        guard let name = X509_NAME_new() else { return nil }
        var fields: [(String, String)] = [("CN", s.name), ("O", s.organization)]
        if let e = s.email { fields.append(("emailAddress", e)) }
        for (field, value) in fields {
            let bytes = Array(value.utf8)
            guard X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, bytes, Int32(bytes.count), -1, 0) == 1 else {
                X509_NAME_free(name)
                throw SanadError(.usage, "'\(value)' cannot be used as \(field) in a certificate")
            }
        }
        return name
    }

    private static func setRandomSerial(_ x: OpaquePointer) throws(SanadError) {
        var bytes = [UInt8](repeating: 0, count: 16)
        guard RAND_bytes(&bytes, 16) == 1 else { throw OpenSSLError.drain("RAND_bytes") }
        bytes[0] &= 0x7F
        guard let bn = BN_bin2bn(bytes, 16, nil) else { throw OpenSSLError.drain("BN_bin2bn") }
        defer { BN_free(bn) }
        guard BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) != nil else { throw OpenSSLError.drain("serial") }
    }
}
