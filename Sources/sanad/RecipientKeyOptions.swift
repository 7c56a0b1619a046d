import ArgumentParser
import Foundation
import SanadCrypto
import SanadModel
import SanadVerify

/// A recipient's key, to open envelopes (docs/FORMAT.md §2.2, §2.3): shared by `verify` and
/// `timeline`. Their content is read as it passes, never written to disk.
struct RecipientKeyOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A recipient's private key (PEM), to open the archive's envelopes and check what they hold "
                + "(read as they pass, never written to disk).", valueName: "key.pem"))
    var key: String?

    @Option(name: .long, help: ArgumentHelp("That recipient's certificate (with --key).", valueName: "cert.pem"))
    var cert: String?

    @OptionGroup var passphrase: PassphraseOptions

    /// The recipient's key and certificate, when given: both or neither; the passphrase is asked
    /// only for an encrypted key.
    func envelopeKey() throws(SanadError) -> EnvelopeKey? {
        guard key != nil || cert != nil else { return nil }
        guard let key, let cert else {
            throw SanadError(
                .usage, "--key and --cert go together",
                hint: "Give a recipient's private key and its certificate, e.g. --key judge.key --cert judge.crt.")
        }
        return try Self.load(key: key, cert: cert, passphraseFile: passphrase.passphraseFile)
    }

    static func load(key: String, cert: String, passphraseFile: String?) throws(SanadError) -> EnvelopeKey {
        let pem = try SigningIdentity.readFile(key, what: "key")
        let encrypted = String(decoding: pem, as: UTF8.self).contains("ENCRYPTED")
        let pass = encrypted ? try Passphrase.obtain(file: passphraseFile, confirm: false) : nil
        let identity = try SigningIdentity.load(keyPath: key, certificatePath: cert, passphrase: pass)
        return EnvelopeKey(key: identity.key, certificate: identity.certificate)
    }
}
