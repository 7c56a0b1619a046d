import ArgumentParser
import Foundation
import SanadCrypto
import SanadModel

/// Who signs, when, and with which time-stamp authorities: shared by `seal` and `receive`.
struct SignerOptions: ParsableArguments {
    @Option(name: .long, help: "The signer's encrypted key (from 'sanad key new').")
    var key: String

    @Option(name: .long, help: "The signer's certificate, with its chain if any.")
    var cert: String

    @Option(
        name: .long, help: "The signature's time (RFC 3339). The same input, key and time give byte-identical output.")
    var time: String?

    @Option(
        name: .long, help: "An RFC 3161 time-stamp authority URL; repeat for several. Contacts it over the network.")
    var tsa: [String] = []

    @Option(name: .long, help: "Who signs (recorded in the custody log; default: the certificate's name).")
    var actor: String?

    @OptionGroup var passphrase: PassphraseOptions

    /// The signing time (now without --time) and the authorities, checked before any key is read.
    func timeAndAuthorities() throws(SanadError) -> (Date, [URL]) {
        (try TimeOption.parse(time), try TimeOption.urls(tsa))
    }

    /// Reads the key (asking for its passphrase) and the certificate, and checks they belong together.
    func identity() throws -> SigningIdentity {
        let pass = try Passphrase.obtain(file: passphrase.passphraseFile, confirm: false)
        return try SigningIdentity.load(keyPath: key, certificatePath: cert, passphrase: pass)
    }
}
