import Foundation
import SanadModel

/// A signer as loaded from disk: the key, its certificate and any chain after it in the .crt.
public struct SigningIdentity {
    public let key: PrivateKey
    public let certificate: Certificate
    public let chain: [Certificate]

    public init(key: PrivateKey, certificate: Certificate, chain: [Certificate]) {
        self.key = key
        self.certificate = certificate
        self.chain = chain
    }

    public static func load(
        keyPath: String, certificatePath: String, passphrase: String?
    ) throws(SanadError) -> SigningIdentity {
        let keyBytes = try readFile(keyPath, what: "key")
        let certs = try Certificate.loadAll(pem: try readFile(certificatePath, what: "certificate"))
        let key = try PrivateKey.load(pem: keyBytes, passphrase: passphrase)
        guard key.matches(certs[0]) else {
            throw SanadError(
                .badKey, "\(keyPath) is not the key of the certificate \(certificatePath)",
                hint: "Pass the .key and .crt files that were made together.")
        }
        return SigningIdentity(key: key, certificate: certs[0], chain: Array(certs.dropFirst()))
    }

    public static func readFile(_ path: String, what: String) throws(SanadError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SanadError(
                FileManager.default.fileExists(atPath: path) ? .pathUnreadable : .pathNotFound,
                "cannot read the \(what) file \(path)")
        }
        return [UInt8](data)
    }
}
