import Foundation
import SanadCrypto
import SanadModel

/// The actor's key, signing each custody entry as it is appended (docs/CUSTODY.md §4): over the
/// entry's canonical bytes without `sig`, which include `prev` and so the whole history before it.
public struct EntrySigner {
    public let key: PrivateKey
    public let certificate: Certificate
    public let algorithm: EntrySignature.Algorithm
    /// SHA-256 of the certificate's DER: the entry's `cert_sha256`, and its name in `certs/`.
    public let certificateSHA256: String

    /// Refuses a key that does not belong to the certificate, or that cannot sign entries.
    public init(key: PrivateKey, certificate: Certificate) throws(SanadError) {
        guard key.matches(certificate) else {
            throw SanadError(
                .badKey, "the key is not the key of its certificate",
                hint: "Pass the .key and .crt files that were made together.")
        }
        algorithm = try EntrySignature.algorithm(for: key)
        self.key = key
        self.certificate = certificate
        certificateSHA256 = certificate.fingerprint
    }

    public init(_ identity: SigningIdentity) throws(SanadError) {
        try self.init(key: identity.key, certificate: identity.certificate)
    }

    /// `entry` with its `sig`, replacing any it had.
    public func signed(_ entry: CustodyEntry) throws(SanadError) -> CustodyEntry {
        var unsigned = entry
        unsigned.sig = nil
        let value = try EntrySignature.sign(unsigned.canonicalLine, key: key)
        var out = unsigned
        out.sig = [
            "alg": .string(algorithm.rawValue), "cert_sha256": .string(certificateSHA256),
            "value": .string(Data(value).base64EncodedString()),
        ]
        return out
    }
}
