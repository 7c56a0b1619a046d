import CSanadOpenSSL
import CSanadOpenSSLShims
import SanadModel

/// A PKCS #12 (.p12/.pfx) file as issued by many organisation CAs: key, certificate, chain.
public struct PKCS12Bundle {
    public let key: PrivateKey
    public let certificate: Certificate
    public let chain: [Certificate]

    public static func load(der: [UInt8], passphrase: String) throws(SanadError) -> PKCS12Bundle {
        let bio = try MemoryBIO(der)
        guard let p12 = d2i_PKCS12_bio(bio.bio, nil) else {
            _ = OpenSSLError.drain("")
            throw SanadError(.badKey, "not a PKCS #12 file", hint: "Give a .p12 or .pfx file, or PEM files.")
        }
        defer { PKCS12_free(p12) }
        var pkey: OpaquePointer?
        var cert: OpaquePointer?
        var ca: OpaquePointer?
        guard PKCS12_parse(p12, passphrase, &pkey, &cert, &ca) == 1, let pkey, let cert else {
            _ = OpenSSLError.drain("")
            throw SanadError(
                .wrongPassphrase, "wrong passphrase for the PKCS #12 file (or it holds no key and certificate)",
                hint: "Use the passphrase the file was exported with.")
        }
        var chain: [Certificate] = []
        if let ca {
            for i in 0..<csanad_sk_x509_num(ca) {
                if let c = csanad_sk_x509_value(ca, i) { chain.append(Certificate(retaining: c)) }
            }
            csanad_sk_x509_pop_free(ca)
        }
        return PKCS12Bundle(key: PrivateKey(owning: pkey), certificate: Certificate(owning: cert), chain: chain)
    }
}
