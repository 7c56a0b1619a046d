import ArgumentParser
import Foundation
import SanadModel
import SanadWorkspace

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create a case workspace.")

    @Argument(help: "The new workspace folder (must not exist, or be empty).")
    var directory: String

    @Option(name: .customLong("case-id"), help: "The case identifier, e.g. NGO-2026-014.")
    var caseID: String

    @Option(name: .long, help: "The organisation that holds the case.")
    var org: String

    @Option(name: .long, help: "Who creates the case (recorded in the custody log).")
    var actor: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let console = Console(quiet: output.quiet)
        try console.guarded {
            try CaseInfo.validate(caseID: caseID)
            let now = Timestamp.utc(Date())
            let info = CaseInfo(caseID: caseID, organisation: org, created: now)
            let ws = try Workspace.create(at: directory, info: info, actor: actor ?? org, now: now)
            if output.json {
                console.json(["workspace": .string(ws.root), "case_id": .string(caseID), "organisation": .string(org)])
            } else {
                console.out("Created case \(caseID) for \(org) in \(ws.root)")
                console.note("next: sanad add --workspace \(directory) FILE… --collected-by NAME")
            }
        }
    }
}
