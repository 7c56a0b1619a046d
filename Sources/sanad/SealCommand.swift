import ArgumentParser
import Foundation
import SanadArchive
import SanadCrypto
import SanadModel
import SanadSeal
import SanadWorkspace

struct SealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal", abstract: "Pack the case into a signed BagIt archive that anyone can verify.",
        discussion: "Makes no network access unless --tsa is given. Prints the archive's SHA-256 on stdout.")

    @OptionGroup var location: WorkspaceOptions

    @Option(name: .long, help: "The sealer's encrypted key (from 'sanad key new').")
    var key: String

    @Option(name: .long, help: "The sealer's certificate, with its chain if any.")
    var cert: String

    @Option(name: .long, help: "The archive to write (never overwritten).")
    var out: String

    @Option(name: .long, help: "zip (default; opens with a double click) or tar (pax).")
    var format: String = "zip"

    @Option(name: .long, help: "The seal's time (RFC 3339). The same workspace, key and time give a byte-identical archive.")
    var time: String?

    @Option(name: .long, help: "An RFC 3161 time-stamp authority URL; repeat for several. Contacts it over the network.")
    var tsa: [String] = []

    @Option(name: .long, help: "Who seals (recorded in the custody log; default: the certificate's name).")
    var actor: String?

    @OptionGroup var passphrase: PassphraseOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let console = Console(quiet: output.quiet)
        try console.guarded {
            guard let fmt = ArchiveWriter.Format(rawValue: format) else { throw SanadError(.usage, "--format must be zip or tar") }
            let when = try TimeOption.parse(time)
            let urls = try TimeOption.urls(tsa)
            let ws = try Workspace.locate(explicit: location.workspace)
            let pass = try Passphrase.obtain(file: passphrase.passphraseFile, confirm: false)
            let identity = try SigningIdentity.load(keyPath: key, certificatePath: cert, passphrase: pass)
            if !urls.isEmpty { console.note("asking \(urls.count) time-stamp authority(ies) over the network") }
            let result = try Sealer(workspace: ws).seal(SealRequest(identity: identity, outputPath: out, format: fmt, sealTime: when,
                                                                   timestampAuthorities: urls, actor: actor))
            if output.json {
                console.json(result.json)
            } else {
                console.out(result.sha256)
                console.note("sealed \(result.itemCount) items (\(result.payloadFiles) payload files) into \(out); custody head \(result.custodyHead.prefix(16))…")
                console.note("give the recipient the SHA-256 above and your key's fingerprint \(Certificate.formatFingerprint(result.signerFingerprint))")
            }
        }
    }
}
