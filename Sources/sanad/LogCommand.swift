import ArgumentParser
import Foundation
import SanadCrypto
import SanadCustody
import SanadIngest
import SanadModel
import SanadWorkspace

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Print the custody log, or verify it and every stored byte.")

    @OptionGroup var location: WorkspaceOptions

    @Flag(
        name: .long,
        help: "Recheck the hash chain and every stored original against its digest; exit 1 if anything changed.")
    var verify = false

    @Flag(name: .long, help: "With --verify, treat warnings as failures.")
    var strict = false

    @Option(
        name: .customLong("expect-signer"),
        help: ArgumentHelp(
            "With --verify, a certificate SHA-256 fingerprint whose key must have signed every signed entry; "
                + "repeat for several. Entries signed by any other key fail."))
    var expectSigner: [String] = []

    @OptionGroup var output: OutputOptions

    func run() throws {
        let console = Console(quiet: output.quiet)
        try console.guarded {
            let ws = try WorkspaceAccess.open(location)
            if verify { try runVerify(ws, console) } else { try printLog(ws, console) }
        }
    }

    private func printLog(_ ws: Workspace, _ console: Console) throws {
        let contents = try CaseStore(ws).readCustodyLog()
        var entries: [CustodyEntry] = []
        for line in contents.lines {
            guard let value = try? JSONParser.parse(line.bytes), case .success(let e) = CustodyEntry.decode(value)
            else {
                throw SanadError(
                    .workspaceDamaged, "custody.jsonl line \(line.number) cannot be read",
                    hint: "Run 'sanad log --verify' to see what changed.")
            }
            entries.append(e)
        }
        if output.json {
            console.json(.array(entries.map(\.json)))
            return
        }
        for e in entries {
            let items = e.items.isEmpty ? "" : " " + e.items.joined(separator: ",")
            console.out("\(e.seq)\t\(e.time)\t\(e.action.rawValue)\(items)\tby \(e.actor)")
        }
    }

    private func runVerify(_ ws: Workspace, _ console: Console) throws {
        let meter = ProgressMeter(console, "checking stored bytes", expecting: ItemCatalog.storedBytes(ws))
        let result = WorkspaceAudit.run(ws, expectedSigners: try pinnedSigners())
        meter.stop()
        let ok = result.report.passed(strict: strict)
        if output.json {
            console.json([
                "verdict": ok ? "verified" : "does-not-verify", "entries": .int(Int64(result.entryCount)),
                "items": .int(Int64(result.itemCount)), "custody_head": .string(result.head),
                "signatures": Self.signaturesJSON(result.signatures),
                "checks": .array(result.report.checks.map(\.json)),
            ])
        } else {
            if ok {
                console.out(
                    "VERIFIED: custody chain of \(result.entryCount) entries unbroken\(Self.signedPart(result)); "
                        + "\(result.itemCount) items match their digests"
                )
            } else {
                let first = result.report.failures.first ?? result.report.warnings.first
                console.out("DOES NOT VERIFY: \(first?.detail ?? "see the checks below")")
            }
            for c in result.report.checks {
                console.out("  [\(c.outcome.rawValue.uppercased())] \(c.name): \(c.detail)")
            }
        }
        if !ok { throw ExitCode(ExitCodes.doesNotVerify) }
    }

    private func pinnedSigners() throws(SanadError) -> Set<String> {
        var out = Set<String>()
        for text in expectSigner {
            guard let fp = Certificate.normaliseFingerprint(text) else {
                throw SanadError(
                    .usage, "--expect-signer \(text) is not a SHA-256 fingerprint",
                    hint: "Give the 64 hex digits 'sanad key show' prints (colons optional).")
            }
            out.insert(fp)
        }
        return out
    }

    private static func signedPart(_ r: WorkspaceAudit.Result) -> String {
        let s = r.signatures
        guard s.signed > 0 else { return "" }
        return ", \(s.signed) signed by \(s.signers.count) key(s)"
    }

    static func signaturesJSON(_ s: CustodySignatures.Result) -> JSONValue {
        [
            "signed": .int(Int64(s.signed)), "unsigned": .int(Int64(s.unsigned.count)),
            "unsigned_seqs": .array(s.unsigned.map { .int($0) }), "failed_seqs": .array(s.failed.map { .int($0) }),
            "signers": .array(
                s.signers.map { g in
                    .compactObject([
                        "cert_sha256": .string(g.certificateSHA256), "name": .optional(g.name),
                        "entries": .int(Int64(g.seqs.count)),
                    ])
                }),
        ]
    }
}
