import ArgumentParser
import Foundation
import SanadCrypto
import SanadModel
import SanadWorkspace

struct PassphraseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passphrase",
        abstract: "Change an encrypted workspace's passphrase.",
        discussion: """
            Only the identity file (keys/identity.age) is re-encrypted: the evidence keeps its encryption, so \
            this takes a second whatever the size of the case. A copy of the old identity file (a backup) still \
            opens with the old passphrase: destroy old backups of keys/ if the old passphrase is known to others.
            """)

    @OptionGroup var location: WorkspaceOptions

    @Option(
        name: .customLong("new-passphrase-file"),
        help: ArgumentHelp(
            "Read the new passphrase from this file (else SANAD_NEW_PASSPHRASE, else a prompt, asked twice).",
            valueName: "file"))
    var newPassphraseFile: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let console = Console(quiet: output.quiet)
        try console.guarded {
            let ws = try Workspace.locate(explicit: location.workspace)
            guard ws.isEncrypted else {
                throw SanadError(
                    .usage, "this workspace is not encrypted", hint: "Encrypt it first with 'sanad encrypt'.")
            }
            let lock = try WorkspaceLock(path: ws.lockPath)
            let key = try WorkspaceAccess.withPassphrase(
                ws, file: location.passphraseFile, prompt: "Current passphrase")
            // Never the environment's SANAD_PASSPHRASE: that is the current one.
            let pass = try NewWorkspaceKey.newPassphrase(file: newPassphraseFile, environment: ["SANAD_NEW_PASSPHRASE"])
            try change(ws, key, pass, console)
            withExtendedLifetime(lock) {}
        }
    }

    private func change(_ ws: Workspace, _ key: WorkspaceKey, _ pass: String, _ console: Console) throws(SanadError) {
        let identity = try key.identityFile(
            passphrase: Array(pass.utf8), created: Timestamp.utc(Date()), logN: WorkspaceKeyMaker.scryptLogN)
        try WorkspaceKeyMaker.replaceIdentity(identity, in: ws)
        if output.json {
            console.json(["workspace": .string(ws.root), "changed": true])
        } else {
            console.out("Changed the passphrase: keys/identity.age now opens with the new one only")
        }
    }
}
