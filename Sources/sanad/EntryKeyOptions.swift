import ArgumentParser
import Foundation
import SanadCrypto
import SanadCustody
import SanadModel
import SanadWorkspace

/// The key that signs a command's custody entries (docs/CUSTODY.md §4): --key, else the key
/// configured for the workspace with 'sanad key use', else none.
struct EntryKeyOptions: ParsableArguments {
    @Option(
        name: .customLong("key"),
        help: "Sign this command's custody entries with this key (default: the workspace's, from 'sanad key use').")
    var key: String?

    @Option(name: .customLong("cert"), help: "The key's certificate (default: the key's file name ending in .crt).")
    var cert: String?

    @Flag(name: .customLong("no-sign"), help: "Write unsigned entries, even if the workspace has a key.")
    var noSign = false

    @OptionGroup var passphrase: PassphraseOptions

    func validate() throws {
        if noSign && key != nil { throw ValidationError("Give --key or --no-sign, not both.") }
        if cert != nil && key == nil { throw ValidationError("--cert needs --key.") }
    }

    /// The signer, asking for the key's passphrase; nil when entries go unsigned.
    func signer(_ ws: Workspace) throws -> EntrySigner? {
        if noSign { return nil }
        if let key { return try Self.load(key: key, cert: cert ?? Self.defaultCertificate(key), passphrase) }
        guard let setting = CaseStore(ws).readSigningKeySetting() else { return nil }
        guard let k = setting["key"]?.stringValue, let c = setting["cert"]?.stringValue,
            let pinned = setting["cert_sha256"]?.stringValue
        else {
            throw SanadError(
                .workspaceDamaged, "\(CaseStore.signingKeyFile) cannot be read",
                hint: "Configure the key again with 'sanad key use KEY', or give --key or --no-sign.")
        }
        let signer = try Self.load(key: k, cert: c, passphrase)
        guard signer.certificateSHA256 == pinned else {
            throw SanadError(
                .badKey, "the certificate \(c) is not the one configured with 'sanad key use' (it was replaced)",
                hint: "Run 'sanad key use' again if the change is yours, or give --key or --no-sign.")
        }
        return signer
    }

    static func load(key: String, cert: String, _ passphrase: PassphraseOptions) throws -> EntrySigner {
        // The key file is read before the passphrase is asked for, so a wrong path fails at once.
        _ = try SigningIdentity.readFile(key, what: "key")
        let pass = try Passphrase.obtain(file: passphrase.passphraseFile, confirm: false)
        return try EntrySigner(SigningIdentity.load(keyPath: key, certificatePath: cert, passphrase: pass))
    }

    /// `alice.key` → `alice.crt`, as 'sanad key new --out alice' writes them.
    static func defaultCertificate(_ key: String) -> String {
        (key.hasSuffix(".key") ? String(key.dropLast(4)) : key) + ".crt"
    }
}
