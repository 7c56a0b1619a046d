import Foundation
import SanadCrypto
import SanadCustody
import SanadIO
import SanadModel

/// The signer certificates of signed custody entries, and the key configured for the workspace
/// (docs/CUSTODY.md §4, docs/WORKSPACE.md). Public material only: a certificate, and where the
/// key file is; never a key or a passphrase.
extension CaseStore {
    public static let certificatesFolder = "certs"
    public static let signingKeyFile = "signing-key.json"

    /// `certs/<sha256 of the DER>.der`: the name is the digest each entry's `cert_sha256` commits.
    public static func certificatePath(sha256: String) -> String { "\(certificatesFolder)/\(sha256).der" }

    /// Stores a signer's certificate once, read-only. One already there must be the same bytes.
    @discardableResult
    public func writeCertificate(_ certificate: Certificate) throws(SanadError) -> String {
        let der = certificate.der
        let sha = MessageDigest.sha256Hex(der)
        let rel = Self.certificatePath(sha256: sha)
        if let existing = FileManager.default.contents(atPath: workspace.absolute(rel)) {
            guard [UInt8](existing) == der else {
                throw SanadError(
                    .workspaceDamaged, "\(rel) is not the certificate its name says",
                    hint: "Run 'sanad log --verify'; restore the file from a copy of the workspace.")
            }
            return sha
        }
        let dir = workspace.absolute(Self.certificatesFolder)
        // A workspace copied without its empty tmp/ (git keeps no empty folder) still takes one.
        for d in [dir, workspace.tmpDir] where mkdir(d, 0o700) != 0 && errno != EEXIST {
            throw SystemError.make(errno, "mkdir \(d)")
        }
        try AtomicFile.write(der, to: workspace.absolute(rel), mode: 0o444, tmpDir: workspace.tmpDir)
        AtomicFile.syncDirectory(dir)
        return sha
    }

    /// Every stored certificate's bytes, by the SHA-256 its file name claims (not checked here).
    public func readCertificates() -> [String: [UInt8]] {
        let dir = workspace.absolute(Self.certificatesFolder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [:] }
        var out: [String: [UInt8]] = [:]
        for name in names where name.hasSuffix(".der") {
            if let data = FileManager.default.contents(atPath: "\(dir)/\(name)") {
                out[String(name.dropLast(4))] = [UInt8](data)
            }
        }
        return out
    }

    /// The custody log, opened to append entries that `signer` signs; its certificate is stored
    /// first, so that no entry ever names a certificate the workspace does not hold.
    public func openCustodyLog(signer: EntrySigner?) throws(SanadError) -> CustodyLog {
        let log = try openCustodyLog()
        if let signer {
            try writeCertificate(signer.certificate)
            log.signer = signer
        }
        return log
    }

    /// The key configured with 'sanad key use', as written, or nil.
    public func readSigningKeySetting() -> JSONValue? {
        guard let data = FileManager.default.contents(atPath: workspace.absolute(Self.signingKeyFile)) else {
            return nil
        }
        return try? JSONParser.parse([UInt8](data))
    }

    /// Records (or, with nil, forgets) the key the workspace's commands sign with.
    public func writeSigningKeySetting(_ value: JSONValue?) throws(SanadError) {
        let path = workspace.absolute(Self.signingKeyFile)
        guard let value else {
            if unlink(path) != 0 && errno != ENOENT { throw SystemError.make(errno, "remove \(path)") }
            return
        }
        try AtomicFile.write(CanonicalJSON.encodePretty(value), to: path, mode: 0o600, tmpDir: workspace.tmpDir)
    }
}
