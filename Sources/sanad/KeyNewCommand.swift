import ArgumentParser
import Foundation
import SanadCrypto
import SanadModel

struct KeyNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Make an ECDSA P-256 key (PREFIX.key, encrypted) and a self-signed certificate (PREFIX.crt).")

    @Option(name: .long, help: "Path prefix of the files to write.")
    var out: String

    @OptionGroup var holder: SubjectOptions

    @Option(name: .long, help: "Years the certificate is valid.")
    var years = 10

    @OptionGroup var passphrase: PassphraseOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let console = Console(quiet: output.quiet)
        try console.guarded {
            guard (1...30).contains(years) else { throw SanadError(.usage, "--years must be 1 to 30") }
            // `--out ~/keys/noor` on a first run: make the folder, readable by its owner only.
            let folder = PathText.folder(out)
            if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
                do {
                    try FileManager.default.createDirectory(
                        atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                } catch {
                    throw SanadError(.ioError, "cannot create the folder \(folder): \(error.localizedDescription)")
                }
                console.note("created the folder \(folder) (readable by you only)")
            }
            let pass = try Passphrase.obtain(
                file: passphrase.passphraseFile, confirm: true, prompt: "Passphrase for the new key")
            let key = try PrivateKey.generateP256()
            let subject = holder.subject
            let cert = try CertificateBuilder.selfSigned(
                key: key, subject: subject, notBefore: Date(), validityDays: years * 365)
            try KeyFiles.write(try key.encryptedPEM(passphrase: pass), to: "\(out).key", mode: 0o600)
            try KeyFiles.write(cert.pem, to: "\(out).crt", mode: 0o644)
            KeyShowCommand.describe(
                cert, console: console, json: output.json,
                extra: ["key": .string("\(out).key"), "certificate": .string("\(out).crt")])
            console.note("keep \(out).key and its passphrase apart; anyone with both can seal in your name")
        }
    }
}
