import ArgumentParser

struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Make, import and inspect the keys that sign sealed archives.",
        subcommands: [KeyNewCommand.self, KeyCSRCommand.self, KeyImportCommand.self, KeyShowCommand.self])
}

/// Options shared by the commands that read or write a key.
struct PassphraseOptions: ParsableArguments {
    @Option(name: .customLong("passphrase-file"), help: "Read the key's passphrase from this file (else SANAD_PASSPHRASE, else a prompt).")
    var passphraseFile: String?
}
