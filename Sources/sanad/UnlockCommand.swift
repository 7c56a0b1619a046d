import ArgumentParser
import Foundation
import SanadModel
import SanadWorkspace

struct UnlockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract: "Keep an encrypted workspace open for a while, so that commands do not ask for its passphrase.",
        discussion: """
            The key is held by the Linux kernel (the user keyring), never written to disk, and dropped when the \
            time is up or by 'sanad lock'. Where the kernel keyring is not available (some containers), this says \
            so, and each command asks for the passphrase instead.
            """)

    @OptionGroup var location: WorkspaceOptions

    @Option(name: .customLong("for"), help: "How long: e.g. 30m, 2h, 1d (at most 7d).")
    var duration = "2h"

    @OptionGroup var output: OutputOptions

    func run() throws {
        let console = Console(quiet: output.quiet)
        try console.guarded {
            let seconds = try Self.seconds(duration)
            let ws = try Workspace.locate(explicit: location.workspace)
            guard let encryption = ws.encryption else {
                throw SanadError(.usage, "this workspace is not encrypted; there is nothing to unlock")
            }
            let key = try WorkspaceAccess.withPassphrase(ws, file: location.passphraseFile)
            let problem =
                WorkspaceKeyring.unavailableReason() ?? WorkspaceKeyring.store(key, for: encryption, seconds: seconds)
            if output.json {
                console.json([
                    "workspace": .string(ws.root), "held": .bool(problem == nil), "seconds": .int(Int64(seconds)),
                    "reason": .optional(problem),
                ])
            } else if let problem {
                console.out("The passphrase is right, but the workspace could not be kept open")
                console.note("\(problem); each command will ask for the passphrase")
            } else {
                console.out("Unlocked for \(duration): the kernel keyring holds the key until then, or 'sanad lock'")
            }
        }
    }

    static func seconds(_ text: String) throws(SanadError) -> UInt32 {
        let units: [Character: UInt32] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        guard let unit = text.last, let scale = units[unit], let n = UInt32(text.dropLast()), n > 0,
            n <= 7 * 86400 / scale
        else {
            throw SanadError(.usage, "--for \(text) is not a duration such as 30m, 2h or 1d (at most 7d)")
        }
        return n * scale
    }
}
