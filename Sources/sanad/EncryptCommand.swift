import ArgumentParser
import Foundation
import SanadIO
import SanadModel
import SanadWorkspace

struct EncryptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encrypt",
        abstract: "Encrypt a plaintext workspace in place.",
        discussion: """
            Every stored file is written again as an age file, then the workspace switches over in one step, \
            so that an interruption at any moment leaves the old workspace or the new one. The old plaintext \
            files are then unlinked, not wiped: their bytes stay on the disk until it reuses the space, and \
            copies or backups made before keep them. On a disk that may be seized, encrypt the whole disk too.
            """)

    @OptionGroup var location: WorkspaceOptions

    @OptionGroup var recovery: RecoveryOptions

    @Option(name: .long, help: "Who converts the case, recorded in the custody log (default: this user account).")
    var actor: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let console = Console(quiet: output.quiet)
        try console.guarded {
            let ws = try Workspace.locate(explicit: location.workspace)
            guard !ws.isEncrypted else {
                // An earlier run was stopped after it switched over: finish unlinking the plaintext.
                let lock = try WorkspaceLock(path: ws.lockPath)
                let n = try WorkspaceEncryptor.finishInterrupted(ws)
                withExtendedLifetime(lock) {}
                guard n > 0 else { throw SanadError(.usage, "this workspace is already encrypted") }
                console.out(
                    "The workspace was already encrypted; unlinked \(n) plaintext file(s) an interrupted run left")
                return
            }
            let now = Timestamp.utc(Date())
            let new = try NewWorkspaceKey.make(
                passphraseFile: location.passphraseFile, recovery: recovery.recipients, now: now)
            InterruptNote.set("the workspace is as it was, or already encrypted; run the command again to finish")
            let r = try WorkspaceEncryptor.encrypt(
                ws, with: new, actor: actor ?? AccountName.current(), now: now)
            if output.json {
                console.json([
                    "workspace": .string(ws.root), "encrypted": true, "recipient": .string(new.marker.recipient),
                    "items": .int(Int64(r.items)), "stored_bytes": .int(r.storedBytes),
                    "plaintext_unlinked": .int(Int64(r.unlinked)), "plaintext_wiped": false,
                ])
            } else {
                console.out("Encrypted \(r.items) items (\(r.storedBytes) bytes) in \(ws.root)")
                console.note(
                    "the \(r.unlinked) plaintext files were unlinked, NOT wiped: their bytes may stay on this disk, "
                        + "and in any copy or backup made before, until overwritten")
            }
        }
    }
}
