import ArgumentParser
import Foundation
import SanadCrypto
import SanadModel

struct KeyImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Import a key and certificate (PKCS #12, or PEM key + PEM certificate chain) as PREFIX.key and PREFIX.crt.")

    @Argument(help: "A .p12/.pfx file, or a PEM private key.")
    var source: String

    @Option(name: .long, help: "With a PEM key: its certificate (and chain) in PEM.")
    var cert: String?

    @Option(name: .long, help: "Path prefix of the files to write.")
    var out: String

    @Option(
        name: .customLong("source-passphrase-file"),
        help: "Passphrase of the file being imported (else SANAD_SOURCE_PASSPHRASE, else a prompt).")
    var sourcePassphraseFile: String?

    @OptionGroup var passphrase: PassphraseOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let console = Console(quiet: output.quiet)
        try console.guarded {
            let bytes = try SigningIdentity.readFile(source, what: "key")
            let identity: SigningIdentity
            if String(decoding: bytes.prefix(64), as: UTF8.self).contains("-----BEGIN") {
                guard let cert else { throw SanadError(.usage, "a PEM key needs --cert with its certificate") }
                let encrypted = String(decoding: bytes, as: UTF8.self).contains("ENCRYPTED")
                let srcPass = encrypted ? try sourcePassphrase() : nil
                let certs = try Certificate.loadAll(pem: try SigningIdentity.readFile(cert, what: "certificate"))
                let key = try PrivateKey.load(pem: bytes, passphrase: srcPass)
                guard key.matches(certs[0]) else { throw SanadError(.badKey, "the key does not belong to \(cert)") }
                identity = SigningIdentity(key: key, certificate: certs[0], chain: Array(certs.dropFirst()))
            } else {
                let b = try PKCS12Bundle.load(der: bytes, passphrase: try sourcePassphrase())
                identity = SigningIdentity(key: b.key, certificate: b.certificate, chain: b.chain)
            }
            let pass = try Passphrase.obtain(
                file: passphrase.passphraseFile, confirm: true, prompt: "Passphrase for the imported key")
            try KeyFiles.write(try identity.key.encryptedPEM(passphrase: pass), to: "\(out).key", mode: 0o600)
            try KeyFiles.write(([identity.certificate] + identity.chain).flatMap(\.pem), to: "\(out).crt", mode: 0o644)
            KeyShowCommand.describe(
                identity.certificate, console: console, json: output.json,
                extra: [
                    "key": .string("\(out).key"), "certificate": .string("\(out).crt"),
                    "chain_length": .int(Int64(1 + identity.chain.count)),
                ])
        }
    }

    private func sourcePassphrase() throws -> String {
        if sourcePassphraseFile == nil, let env = ProcessInfo.processInfo.environment["SANAD_SOURCE_PASSPHRASE"] {
            return env
        }
        return try Passphrase.obtain(file: sourcePassphraseFile, confirm: false, prompt: "Passphrase of \(source)")
    }
}
