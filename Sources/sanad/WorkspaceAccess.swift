import Foundation
import SanadModel
import SanadWorkspace

/// Finds the case workspace and, when it is encrypted, unlocks it: with the key the kernel
/// keyring holds after `sanad unlock`, else with the passphrase (--workspace-passphrase-file,
/// SANAD_WORKSPACE_PASSPHRASE, SANAD_PASSPHRASE, or a prompt). A wrong passphrase changes
/// nothing and exits 3 (`wrong-passphrase`).
enum WorkspaceAccess {
    static let environment = ["SANAD_WORKSPACE_PASSPHRASE", "SANAD_PASSPHRASE"]

    static func open(_ options: WorkspaceOptions) throws(SanadError) -> Workspace {
        try unlock(try Workspace.locate(explicit: options.workspace), passphraseFile: options.passphraseFile)
    }

    static func unlock(_ ws: Workspace, passphraseFile: String?) throws(SanadError) -> Workspace {
        guard let encryption = ws.encryption else { return ws }
        if passphraseFile == nil, let key = WorkspaceKeyring.load(for: encryption) { return ws.unlocked(with: key) }
        return ws.unlocked(with: try withPassphrase(ws, file: passphraseFile))
    }

    /// The key, from the passphrase alone (never the keyring): `unlock`, `passphrase`.
    static func withPassphrase(
        _ ws: Workspace, file: String?, prompt: String = "Workspace passphrase"
    ) throws(SanadError)
        -> WorkspaceKey
    {
        let identityPath = ws.absolute(WorkspaceEncryption.identityPath)
        guard let identity = FileManager.default.contents(atPath: identityPath) else {
            throw SanadError(
                .workspaceDamaged, "the workspace's identity (\(WorkspaceEncryption.identityPath)) cannot be read",
                hint: "Restore keys/ from a backup, or recover with the recovery recipient (docs/WORKSPACE.md §7.5).")
        }
        let pass = try Passphrase.obtain(file: file, confirm: false, prompt: prompt, environment: environment)
        return try WorkspaceKey.unlock(identityFile: [UInt8](identity), passphrase: Array(pass.utf8))
    }
}
