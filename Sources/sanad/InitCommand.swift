import ArgumentParser
import Foundation
import SanadIngest
import SanadModel
import SanadCrypto
import SanadWorkspace

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create a case workspace.")

    @Argument(help: "The new workspace folder (must not exist, or be empty).")
    var directory: String

    @Option(name: .customLong("case-id"), help: "The case identifier, e.g. NGO-2026-014.")
    var caseID: String

    @Option(name: .long, help: "The organisation that holds the case.")
    var org: String

    @Option(
        name: .long,
        help: "Who creates the case, recorded in the custody log (default: this computer's user account).")
    var actor: String?

    @Option(
        name: .long,
        help: "The IANA zone of the phones in this case (e.g. Asia/Baghdad), recorded for items added without one.")
    var timezone: String?

    @Option(
        name: .long,
        help: "Their region format (e.g. ar-IQ), which sets the order of day and month in their chats.")
    var locale: String?

    @Option(name: .customLong("date-order"), help: "Or that order directly: dmy, mdy or ymd.")
    var dateOrder: String?

    @Option(
        name: .long,
        help: "Sign the case's custody entries with this key, from the first one on ('sanad key use' later changes it)."
    )
    var key: String?

    @Option(name: .long, help: "The key's certificate (default: the key's file name ending in .crt).")
    var cert: String?

    @OptionGroup var passphrase: PassphraseOptions

    @Flag(
        name: .long,
        help: "Store the case unencrypted: anyone who can read this disk can then read the evidence.")
    var plaintext = false

    @Option(
        name: .customLong("workspace-passphrase-file"),
        help: ArgumentHelp(
            "Read the new workspace passphrase from this file (else SANAD_WORKSPACE_PASSPHRASE, SANAD_PASSPHRASE, "
                + "a prompt).", valueName: "file"))
    var passphraseFile: String?

    @OptionGroup var recovery: RecoveryOptions

    @OptionGroup var output: OutputOptions

    func run() throws {
        let console = Console(quiet: output.quiet)
        try console.guarded {
            try CaseInfo.validate(caseID: caseID)
            let now = Timestamp.utc(Date())
            let declared = IntakeFields(timezone: timezone, dateOrder: dateOrder, locale: locale)
            try declared.validate()
            let defaults = CaseInfo.Defaults(
                timezone: timezone, locale: locale, dateOrder: try declared.resolvedDateOrder())
            let info = CaseInfo(caseID: caseID, organisation: org, created: now, defaults: defaults)
            let person = actor ?? AccountName.current()
            if plaintext, !recovery.recipients.isEmpty {
                throw SanadError(.usage, "--recovery-recipient protects an encrypted workspace; drop --plaintext")
            }
            let certPath = key.map { cert ?? EntryKeyOptions.defaultCertificate($0) }
            let signer = try key.map { k in try EntryKeyOptions.load(key: k, cert: certPath!, passphrase) }
            let encryption =
                plaintext
                ? nil
                : try NewWorkspaceKey.make(passphraseFile: passphraseFile, recovery: recovery.recipients, now: now)
            let ws = try Workspace.create(
                at: directory, info: info, actor: person, now: now, encryption: encryption, signer: signer)
            if let key, let certPath, let signer {
                try KeyUseCommand.configure(CaseStore(ws), signer, key: key, cert: certPath)
            }
            if actor == nil {
                console.note(
                    "recorded '\(person)' (this computer's user account) as who created the case; give --actor NAME "
                        + "to record a person")
            }
            if output.json {
                console.json([
                    "workspace": .string(ws.root), "case_id": .string(caseID), "organisation": .string(org),
                    "encrypted": .bool(ws.isEncrypted), "recipient": .optional(ws.encryption?.recipient),
                    "recovery_recipients": .int(Int64(ws.encryption?.recovery.count ?? 0)),
                ])
            } else {
                console.out("Created case \(caseID) for \(org) in \(ws.root)")
                if let e = ws.encryption {
                    console.note(
                        "the case is encrypted at rest (age, to \(e.recipient)); without the passphrase"
                            + (e.recovery.isEmpty ? "" : " or the recovery key") + " it cannot be opened, by anyone")
                    console.note("'sanad unlock' keeps it open for 2 hours, so that commands do not ask again")
                } else {
                    console.note(
                        "the case is NOT encrypted (--plaintext): anyone who can read this disk, or a copy of it, can "
                            + "read the evidence; 'sanad encrypt' converts it later")
                }
                console.note("next: sanad add --workspace \(directory) FILE… --collected-by NAME")
            }
        }
    }
}
