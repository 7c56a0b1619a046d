import ArgumentParser
import SanadCrypto

struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Make, import and inspect the keys that sign sealed archives and custody entries.",
        subcommands: [
            KeyNewCommand.self, KeyCSRCommand.self, KeyImportCommand.self, KeyShowCommand.self, KeyUseCommand.self,
        ])
}

/// Options shared by the commands that read or write a key.
struct PassphraseOptions: ParsableArguments {
    @Option(
        name: .customLong("passphrase-file"),
        help: "Read the key's passphrase from this file (else SANAD_PASSPHRASE, else a prompt).")
    var passphraseFile: String?
}

/// Who the key belongs to, as written into a certificate or request.
struct SubjectOptions: ParsableArguments {
    @Option(name: .long, help: "The signer's name, as it should appear to a court.")
    var name: String

    @Option(name: .long, help: "The signer's organisation.")
    var org: String

    @Option(name: .long, help: "The signer's e-mail address.")
    var email: String?

    var subject: CertificateBuilder.Subject { .init(name: name, organization: org, email: email) }
}
