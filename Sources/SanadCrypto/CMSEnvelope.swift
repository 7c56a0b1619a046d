import CSanadOpenSSL
import CSanadOpenSSLShims
import SanadModel

/// CMS AuthEnvelopedData (RFC 5083, AES-256-GCM) to X.509 recipients, from OpenSSL 3: what
/// `openssl cms -decrypt -inform DER -recip cert.pem -inkey key.pem` opens. RSA recipients get
/// key transport, EC recipients ECDH key agreement.
public enum CMSEnvelope {
    /// `content` enveloped for every certificate's holder, as DER.
    public static func encrypt(_ content: [UInt8], to recipients: [Certificate]) throws(SanadError) -> [UInt8] {
        guard !recipients.isEmpty else { throw SanadError(.usage, "no recipient certificate") }
        guard let stack = csanad_sk_x509_new() else { throw OpenSSLError.drain("sk_X509_new") }
        defer { csanad_sk_x509_free(stack) }
        for c in recipients where csanad_sk_x509_push(stack, c.x509) <= 0 {
            throw OpenSSLError.drain("sk_X509_push")
        }
        let input = try MemoryBIO(content)
        guard let cms = CMS_encrypt(stack, input.bio, EVP_aes_256_gcm(), UInt32(CMS_BINARY)) else {
            throw SanadError(
                .badKey, "cannot envelope to this certificate: \(OpenSSLError.drain("CMS_encrypt").message)",
                hint: "Give an RSA or EC (P-256) certificate.")
        }
        defer { CMS_ContentInfo_free(cms) }
        let out = try MemoryBIO()
        guard i2d_CMS_bio(out.bio, cms) == 1 else { throw OpenSSLError.drain("i2d_CMS_bio") }
        return out.bytes
    }
}
