import ArgumentParser
import Foundation
import SanadCrypto
import SanadIO
import SanadModel
import SanadReceive
import SanadVerify

struct ReceiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive",
        abstract: "Verify an archive you were given, then countersign it: a copy with your receipt.",
        discussion: """
            Checks the archive exactly as 'sanad verify' does. Only if it verifies, writes a copy to --out that adds \
            'received' and 'verified' custody entries and your signature over the seal and every earlier signature; \
            the evidence and earlier signatures are copied unchanged. Prints the copy's SHA-256 on stdout. \
            Exit 0 countersigned, 1 does not verify (nothing written), 2 malformed or a wrong passphrase \
            (docs/EXIT-CODES.md). \
            Makes no network access unless --tsa is given.
            """)

    @Argument(help: "The archive you received (zip or tar).")
    var archive: String

    @OptionGroup var signer: SignerOptions

    @Option(name: .long, help: "The countersigned copy to write (never overwritten).")
    var out: String

    @OptionGroup var verification: VerifyOptions

    @Flag(
        name: .customLong("accept-unconfirmed-signer"),
        help: "Countersign even if the sealer's key is neither pinned (--signer-fingerprint) nor trusted (--trust).")
    var acceptUnconfirmedSigner = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        let console = Console(quiet: output.quiet)
        var outcome: ReceiveOutcome?
        try console.guarded {
            let options = try verification.make()
            let (when, urls) = try signer.timeAndAuthorities()
            let identity = try signer.identity()
            if !urls.isEmpty { console.note("asking \(urls.count) time-stamp authority(ies) over the network") }
            InterruptNote.set("nothing was countersigned or written")
            Leftovers.clean(out, console)
            let meter = ProgressMeter(console, "verifying, then copying", expecting: 0)
            defer { meter.stop() }
            outcome = try Receiver().receive(
                ReceiveRequest(
                    identity: identity, inputPath: archive, outputPath: out, receiveTime: when,
                    timestampAuthorities: urls,
                    actor: signer.actor, verifyOptions: options, strict: verification.strict,
                    acceptUnconfirmedSigner: acceptUnconfirmedSigner))
        }
        guard let outcome else { return }
        let verdict = outcome.verification.verdict(strict: verification.strict)
        if output.json {
            console.json(
                .compactObject([
                    "received": outcome.receipt?.json ?? .null,
                    "verification": outcome.verification.json(strict: verification.strict),
                ]))
        } else if let r = outcome.receipt {
            console.out(r.sha256)
            if outcome.verification.signatures.first?.identity == .unconfirmed {
                console.warning(
                    "countersigned although whose seal it is was not confirmed (--accept-unconfirmed-signer): "
                        + "the receipt records the sealer as unconfirmed")
            }
            console.note(
                "the archive verified; countersigned as receipt \(r.receiptNumber) into \(out); custody head "
                    + "\(r.custodyHead.prefix(16))…"
            )
            console.note(
                "give the next recipient the SHA-256 above and your key's fingerprint "
                    + "\(Certificate.formatFingerprint(r.signerFingerprint))"
            )
        } else {
            // The report is the command's result here: it goes to stdout, as with 'verify'.
            for line in VerifyCommand.lines(outcome.verification, verdict) { console.out(line) }
            console.warning("the archive did not verify: nothing was countersigned or written")
        }
        switch verdict {
        case .verified: return
        case .doesNotVerify: throw ExitCode(ExitCodes.doesNotVerify)
        case .malformed: throw ExitCode(ExitCodes.malformedInput)
        }
    }
}
