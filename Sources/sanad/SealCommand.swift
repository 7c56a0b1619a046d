import ArgumentParser
import Foundation
import SanadArchive
import SanadCrypto
import SanadIngest
import SanadIO
import SanadModel
import SanadSeal
import SanadWorkspace

struct SealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal", abstract: "Pack the case into a signed BagIt archive that anyone can verify.",
        discussion: "Makes no network access unless --tsa is given. Prints the archive's SHA-256 on stdout.")

    @OptionGroup var location: WorkspaceOptions

    @OptionGroup var signer: SignerOptions

    @Option(name: .long, help: "The archive to write (never overwritten).")
    var out: String

    @Option(
        name: .long,
        help: "zip (opens with a double click) or tar (pax). Default: as --out is named (.tar gives tar), else zip.")
    var format: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let console = Console(quiet: output.quiet)
        try console.guarded {
            let fmt = try OutputNaming.archiveFormat(format, out: out)
            let (when, urls) = try signer.timeAndAuthorities()
            let ws = try WorkspaceAccess.open(location)
            let identity = try signer.identity()
            if !urls.isEmpty { console.note("asking \(urls.count) time-stamp authority(ies) over the network") }
            InterruptNote.set("no archive was written; the case is unchanged")
            Leftovers.clean(out, console)
            let meter = ProgressMeter(console, "sealing", expecting: ItemCatalog.storedBytes(ws))
            let result = try Sealer(workspace: ws).seal(
                SealRequest(
                    identity: identity, outputPath: out, format: fmt, sealTime: when,
                    timestampAuthorities: urls, actor: signer.actor))
            meter.stop()
            if output.json {
                console.json(result.json)
            } else {
                console.out(result.sha256)
                console.note(
                    "sealed \(result.itemCount) items (\(result.payloadFiles) payload files) into \(out); custody "
                        + "head \(result.custodyHead.prefix(16))…"
                )
                console.note(
                    "give the recipient the SHA-256 above and your key's fingerprint "
                        + "\(Certificate.formatFingerprint(result.signerFingerprint))"
                )
            }
        }
    }
}
