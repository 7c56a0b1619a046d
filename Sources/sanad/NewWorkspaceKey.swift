import Foundation
import SanadCrypto
import SanadModel
import SanadWorkspace

/// The CLI side of making a workspace key (`init`, `encrypt`): the new passphrase, asked twice
/// at a prompt and refused when weak, and the recovery recipients as given.
enum NewWorkspaceKey {
    static func make(
        passphraseFile: String?, recovery: [String], now: String
    ) throws(SanadError)
        -> Workspace.NewEncryption
    {
        let recipients = try recovery.map { r throws(SanadError) in try recipient(r) }
        let pass = try newPassphrase(file: passphraseFile)
        return try WorkspaceKeyMaker.make(passphrase: Array(pass.utf8), recovery: recipients, now: now)
    }

    /// A new passphrase: confirmed at a prompt, and checked against PassphrasePolicy.
    static func newPassphrase(
        file: String?, prompt: String = "New workspace passphrase", environment: [String] = WorkspaceAccess.environment
    ) throws(SanadError) -> String {
        let pass = try Passphrase.obtain(file: file, confirm: true, prompt: prompt, environment: environment)
        try PassphrasePolicy.check(pass)
        return pass
    }

    /// `age1…`, or the path of a certificate (PEM or DER).
    static func recipient(_ text: String) throws(SanadError) -> WorkspaceKeyMaker.RecoveryRecipient {
        if text.hasPrefix("age1") {
            _ = try AgeFile.recipient(text)
            return .age(text)
        }
        guard let data = FileManager.default.contents(atPath: text) else {
            throw SanadError(
                .pathNotFound,
                "--recovery-recipient \(text) is neither an age key (age1…) nor a readable certificate file")
        }
        let bytes = [UInt8](data)
        if let first = try? Certificate.loadAll(pem: bytes).first { return .certificate(first.der) }
        return .certificate(try Certificate(der: bytes).der)
    }
}
