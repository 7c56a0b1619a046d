import ArgumentParser
import Foundation
import SanadModel
import SanadWorkspace

struct LockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lock", abstract: "Drop an unlocked workspace's key from the kernel keyring now.")

    @OptionGroup var location: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let console = Console(quiet: output.quiet)
        try console.guarded {
            let ws = try Workspace.locate(explicit: location.workspace)
            guard let encryption = ws.encryption else {
                throw SanadError(.usage, "this workspace is not encrypted; there is nothing to lock")
            }
            let dropped = WorkspaceKeyring.drop(for: encryption)
            if output.json {
                console.json(["workspace": .string(ws.root), "was_unlocked": .bool(dropped)])
            } else {
                console.out(dropped ? "Locked: the key is gone from the keyring" : "It was not unlocked; nothing to do")
            }
        }
    }
}
