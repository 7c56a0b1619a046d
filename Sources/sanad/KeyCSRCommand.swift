import ArgumentParser
import Foundation
import SanadCrypto
import SanadModel

struct KeyCSRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csr", abstract: "Make a certificate request for an organisation's CA from an existing key.")

    @Option(name: .long, help: "The encrypted key made by 'sanad key new'.")
    var key: String

    @Option(name: .long, help: "Where to write the request (PEM).")
    var out: String

    @OptionGroup var holder: SubjectOptions

    @OptionGroup var passphrase: PassphraseOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let console = Console(quiet: output.quiet)
        try console.guarded {
            let pass = try Passphrase.obtain(file: passphrase.passphraseFile, confirm: false)
            let k = try PrivateKey.load(pem: try SigningIdentity.readFile(key, what: "key"), passphrase: pass)
            let csr = try CertificateBuilder.signingRequest(key: k, subject: holder.subject)
            try KeyFiles.write(csr, to: out, mode: 0o644)
            if output.json {
                console.json(["request": .string(out)])
            } else {
                console.out("Wrote \(out); send it to your CA, then import what it returns with 'sanad key import'.")
            }
        }
    }
}
