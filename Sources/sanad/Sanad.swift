import ArgumentParser

@main
struct Sanad: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sanad",
        abstract: "Court-ready evidence from what victims hold on their phones.",
        discussion: "Exit codes are listed in docs/EXIT-CODES.md.",
        version: "0.1.0",
        subcommands: [
            InitCommand.self, AddCommand.self, LogCommand.self, KeyCommand.self, SealCommand.self, VerifyCommand.self,
            ReceiveCommand.self, TimelineCommand.self, SearchCommand.self, ItemsCommand.self, AmendCommand.self,
        ])
}
