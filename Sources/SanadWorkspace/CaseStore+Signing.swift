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
        var rel = Self.certificatePath(sha256: sha)
        // Encrypted, a certificate (a person's name) is an age file under a keyed name.
        if encrypted { rel = "\(Self.certificatesFolder)/\(try requireKey().objectName(sha256: sha)).der.age" }
        if let existing = FileManager.default.contents(atPath: workspace.absolute(rel)) {
            let plain =
                encrypted
                ? try EncryptedFiles.open([UInt8](existing), key: try requireKey(), label: rel) : [UInt8](existing)
            guard plain == der else {
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
        let stored = encrypted ? try EncryptedFiles.seal(der, key: try requireKey()) : der
        try AtomicFile.write(stored, to: workspace.absolute(rel), mode: 0o444, tmpDir: workspace.tmpDir)
        AtomicFile.syncDirectory(dir)
        return sha
    }

    /// Every stored certificate's bytes, by the SHA-256 its file name claims (not checked here).
    public func readCertificates() -> [String: [UInt8]] {
        let dir = workspace.absolute(Self.certificatesFolder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [:] }
        var out: [String: [UInt8]] = [:]
        if encrypted {
            // Keyed names say nothing: each is read, and known by its content's digest.
            guard let key = workspace.key else { return [:] }
            for name in names where name.hasSuffix(".der.age") {
                guard let data = FileManager.default.contents(atPath: "\(dir)/\(name)"),
                    let der = try? EncryptedFiles.open([UInt8](data), key: key, label: name)
                else { continue }
                out[MessageDigest.sha256Hex(der)] = der
            }
            return out
        }
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
        guard let data = FileManager.default.contents(atPath: workspace.absolute(diskName(Self.signingKeyFile))) else {
            return nil
        }
        guard encrypted else { return try? JSONParser.parse([UInt8](data)) }
        guard let key = workspace.key, let plain = try? EncryptedFiles.open([UInt8](data), key: key, label: "")
        else { return nil }
        return try? JSONParser.parse(plain)
    }

    /// Records (or, with nil, forgets) the key the workspace's commands sign with.
    public func writeSigningKeySetting(_ value: JSONValue?) throws(SanadError) {
        let path = workspace.absolute(diskName(Self.signingKeyFile))
        guard let value else {
            if unlink(path) != 0 && errno != ENOENT { throw SystemError.make(errno, "remove \(path)") }
            return
        }
        let bytes = CanonicalJSON.encodePretty(value)
        let stored = encrypted ? try EncryptedFiles.seal(bytes, key: try requireKey()) : bytes
        try AtomicFile.write(stored, to: path, mode: 0o600, tmpDir: workspace.tmpDir)
    }
}
