import ArgumentParser
import Foundation
import SanadIO

@main
struct Sanad: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sanad",
        abstract: "Court-ready evidence from what victims hold on their phones.",
        discussion: "Exit codes are listed in docs/EXIT-CODES.md.",
        version: "0.1.0",
        subcommands: [
            InitCommand.self, AddCommand.self, LogCommand.self, KeyCommand.self, SealCommand.self, VerifyCommand.self,
            ReceiveCommand.self, DiscloseCommand.self, ReportCommand.self, TimelineCommand.self, SearchCommand.self,
            ItemsCommand.self,
            AmendCommand.self,
            UnlockCommand.self, LockCommand.self, PassphraseCommand.self, EncryptCommand.self, PreviewCommand.self,
        ])

    /// No core file, no ptrace by other processes: a Sanad process may hold a workspace key.
    static func main() {
        ProcessHardening.apply()
        main(nil)
    }

    /// `sanad` alone is not a command: the help goes to stderr and the status says so (64), so
    /// that a script that lost its arguments does not carry on as if something had been done.
    func run() throws {
        FileHandle.standardError.write(Data((Self.helpMessage() + "\n").utf8))
        throw ExitCode(64)
    }
}
