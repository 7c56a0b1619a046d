import ArgumentParser

/// Options every command takes.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Write machine-readable JSON to stdout.")
    var json = false

    @Flag(name: [.short, .long], help: "Print no progress or notes on stderr; errors still appear.")
    var quiet = false
}

/// Locates the case workspace: --workspace, or upward from the current folder as git does.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .long, help: "The case workspace (default: search upward from the current folder).")
    var workspace: String?

    @Option(
        name: .customLong("workspace-passphrase-file"),
        help: ArgumentHelp(
            "Read an encrypted workspace's passphrase from this file (else the keyring after 'sanad unlock', "
                + "SANAD_WORKSPACE_PASSPHRASE, SANAD_PASSPHRASE, a prompt).", valueName: "file"))
    var passphraseFile: String?
}
