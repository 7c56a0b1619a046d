import Foundation
import SanadCrypto
import SanadIO
import SanadModel

/// Makes what a new encrypted workspace needs (`init`, `encrypt`): a random identity, wrapped
/// with the passphrase (age, scrypt) and for each recovery recipient.
public enum WorkspaceKeyMaker {
    /// age's own default work factor for passphrases: about a second on a laptop.
    public static let scryptLogN = 18

    /// A recovery recipient as given on the command line.
    public enum RecoveryRecipient {
        /// An age X25519 public key (`age1…`).
        case age(String)
        /// An X.509 certificate (DER), for `openssl cms -decrypt`.
        case certificate([UInt8])
    }

    public static func make(
        passphrase: [UInt8], recovery: [RecoveryRecipient], now: String, logN: Int = scryptLogN
    ) throws(SanadError) -> Workspace.NewEncryption {
        let key = try WorkspaceKey.generate()
        let identityFile = try key.identityFile(passphrase: passphrase, created: now, logN: logN)
        var entries: [WorkspaceEncryption.Recovery] = []
        var files: [(path: String, bytes: [UInt8])] = []
        for (i, r) in recovery.enumerated() {
            let (entry, bytes) = try wrap(key, for: r, number: i + 1, now: now)
            entries.append(entry)
            files.append((entry.file, bytes))
        }
        let id = Hex.encode(try SecureRandom.bytes(16))
        let marker = WorkspaceEncryption(workspaceID: id, recipient: key.recipientString, recovery: entries)
        return Workspace.NewEncryption(key: key, marker: marker, identityFile: identityFile, recoveryFiles: files)
    }

    /// Replaces the identity file (a new passphrase): temporary file, fsync, rename, so that a
    /// kill leaves the old file or the new one.
    public static func replaceIdentity(_ file: [UInt8], in ws: Workspace) throws(SanadError) {
        try AtomicFile.write(file, to: ws.absolute(WorkspaceEncryption.identityPath), mode: 0o400, tmpDir: ws.tmpDir)
    }

    /// The identity encrypted to one recovery recipient.
    static func wrap(
        _ key: WorkspaceKey, for recipient: RecoveryRecipient, number: Int, now: String
    ) throws(SanadError) -> (WorkspaceEncryption.Recovery, [UInt8]) {
        let text = key.identityText(created: now)
        switch recipient {
        case .age(let r):
            let file = "keys/recovery-\(number).age"
            return (.init(recipient: r, file: file), try AgeFile.encrypt(text, to: [try AgeFile.recipient(r)]))
        case .certificate(let der):
            let cert = try Certificate(der: der)
            let file = "keys/recovery-\(number).p7m"
            let envelope = try CMSEnvelope.encrypt(text, to: [cert])
            return (
                .init(certificateSHA256: MessageDigest.sha256Hex(der), subject: cert.subject.oneLine, file: file),
                envelope
            )
        }
    }
}
