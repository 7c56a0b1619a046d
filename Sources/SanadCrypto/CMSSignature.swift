import CSanadOpenSSL
import CSanadOpenSSLShims
import Foundation
import SanadModel

/// Detached CMS SignedData (RFC 5652), DER, over binary content: what `openssl cms -sign -binary
/// -outform DER` makes and `openssl cms -verify -binary -inform DER -content FILE` checks.
public enum CMSSignature {
    /// Signs `content`. ECDSA nonces are derived per RFC 6979 and the signing time is the one
    /// given, so the same inputs give the same bytes.
    public static func signDetached(
        content: [UInt8], key: PrivateKey, certificate: Certificate,
        chain: [Certificate], signingTime: Date
    ) throws(SanadError) -> [UInt8] {
        guard key.matches(certificate) else {
            throw SanadError(
                .badKey, "the key does not belong to the certificate", hint: "Pass the .key and .crt made together.")
        }
        let signingKey = try key.deterministicSigningKey()
        let flags = UInt32(CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP)
        guard let cms = CMS_sign(nil, nil, nil, nil, flags | UInt32(CMS_PARTIAL)) else {
            throw OpenSSLError.drain("CMS_sign")
        }
        defer { CMS_ContentInfo_free(cms) }
        guard
            let si = CMS_add1_signer(cms, certificate.x509, signingKey.pkey, EVP_sha256(), flags | UInt32(CMS_PARTIAL))
        else {
            throw OpenSSLError.drain("CMS_add1_signer")
        }
        guard let when = ASN1_TIME_set(nil, time_t(signingTime.timeIntervalSince1970)) else {
            throw OpenSSLError.drain("ASN1_TIME_set")
        }
        defer { ASN1_STRING_free(when) }
        let type = ASN1_STRING_type(when)
        guard CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, type, UnsafeRawPointer(when), -1) == 1 else {
            throw OpenSSLError.drain("signingTime")
        }
        for c in chain where c.fingerprint != certificate.fingerprint {
            guard CMS_add1_cert(cms, c.x509) == 1 else { throw OpenSSLError.drain("CMS_add1_cert") }
        }
        let data = try MemoryBIO(content)
        guard CMS_final(cms, data.bio, nil, flags) == 1 else { throw OpenSSLError.drain("CMS_final") }
        let out = try MemoryBIO()
        guard i2d_CMS_bio(out.bio, cms) == 1 else { throw OpenSSLError.drain("i2d_CMS_bio") }
        return out.bytes
    }

    public struct Verification {
        /// The signature matches the content and the signer's certificate (chain not judged).
        public var signatureValid = false
        public var signer: Certificate?
        /// Every certificate embedded in the signature.
        public var embedded: [Certificate] = []
        public var signingTime: Date?
        public var signerCount = 0
        /// The signer chains to one of the trust anchors given (nil when none were given).
        public var chainTrusted: Bool?
        /// Why the signature or the chain failed, in OpenSSL's words.
        public var problem: String?
    }

    /// Checks a detached signature. Never throws: a malformed signature is reported as invalid.
    /// Whether `signature` is exactly one DER CMS structure with nothing after it (see
    /// `TimestampToken.isExactDER`).
    public static func isExactDER(_ signature: [UInt8]) -> Bool {
        csanad_cms_is_exact_der(signature, signature.count) == 1
    }

    /// Whether `pem` is exactly the PEM of `signer` followed by the other certificates `embedded`
    /// in its signature, each once, in any order, and nothing else: how `seal` and `receive`
    /// write `signer.pem`. Anything more would be bytes no signature covers.
    public static func isSignerPEM(_ pem: [UInt8], signer: Certificate, embedded: [Certificate]) -> Bool {
        guard let certs = try? Certificate.loadAll(pem: pem), let first = certs.first,
            first.fingerprint == signer.fingerprint
        else { return false }
        guard certs.flatMap(\.pem) == pem else { return false }
        let rest = certs.dropFirst().map(\.fingerprint).sorted()
        var others = embedded.map(\.fingerprint)
        if let i = others.firstIndex(of: signer.fingerprint) { others.remove(at: i) }
        return rest == others.sorted()
    }

    public static func verifyDetached(signature: [UInt8], content: [UInt8], trustAnchors: [Certificate]) -> Verification
    {
        var v = Verification()
        guard isExactDER(signature) else {
            v.problem = "it is not exactly one DER CMS structure (bytes after it, or not DER)"
            return v
        }
        if let why = SignedDataProfile.problem(signature[...], content: .detachedData) {
            v.problem = why
            return v
        }
        guard let sigBIO = try? MemoryBIO(signature), let cms = d2i_CMS_bio(sigBIO.bio, nil) else {
            v.problem = "not a DER CMS structure (\(OpenSSLError.drain("d2i_CMS_bio").message))"
            return v
        }
        defer { CMS_ContentInfo_free(cms) }
        v.signerCount = Int(csanad_cms_signer_count(cms))
        if let certs = CMS_get1_certs(cms) {
            for i in 0..<csanad_sk_x509_num(certs) {
                if let c = csanad_sk_x509_value(certs, i) { v.embedded.append(Certificate(retaining: c)) }
            }
            csanad_sk_x509_pop_free(certs)
        }
        var seconds: Int64 = 0
        if csanad_cms_signing_time(cms, &seconds) == 1 {
            v.signingTime = Date(timeIntervalSince1970: TimeInterval(seconds))
        }
        guard let store = X509_STORE_new() else { return v }
        defer { X509_STORE_free(store) }
        // Signature only: is it this content, signed by the embedded signer certificate?
        if let data = try? MemoryBIO(content),
            CMS_verify(cms, nil, store, data.bio, nil, UInt32(CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY)) == 1
        {
            v.signatureValid = true
        } else {
            v.problem = OpenSSLError.drain("CMS_verify").message
        }
        if let signers = CMS_get0_signers(cms) {
            if csanad_sk_x509_num(signers) > 0, let c = csanad_sk_x509_value(signers, 0) {
                v.signer = Certificate(retaining: c)
            }
            csanad_sk_x509_free(signers)
        }
        guard v.signatureValid, !trustAnchors.isEmpty else { return v }
        for anchor in trustAnchors { X509_STORE_add_cert(store, anchor.x509) }
        if let data = try? MemoryBIO(content), CMS_verify(cms, nil, store, data.bio, nil, UInt32(CMS_BINARY)) == 1 {
            v.chainTrusted = true
        } else {
            v.chainTrusted = false
            v.problem = OpenSSLError.drain("certificate chain").message
        }
        return v
    }
}
