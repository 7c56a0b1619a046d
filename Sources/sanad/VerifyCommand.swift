import ArgumentParser
import Foundation
import SanadCrypto
import SanadModel
import SanadVerify

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check a sealed archive (zip, tar or unpacked folder): a verdict, then every check.",
        discussion: "Exit 0 verified, 1 does not verify, 2 malformed or unreadable (docs/EXIT-CODES.md).")

    @Argument(help: "The archive, or an unpacked bag folder.")
    var archive: String

    @Option(name: .long, help: "A trusted CA certificate (PEM) for signers and time-stamp authorities; repeatable.")
    var trust: [String] = []

    @Option(name: .customLong("signer-fingerprint"), help: "The SHA-256 fingerprint the signer's certificate must have (hex, colons allowed).")
    var signerFingerprint: String?

    @Flag(name: .long, help: "Treat warnings (an unpinned self-signed signer, an untrusted timestamp) as failures.")
    var strict = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        let console = Console(quiet: output.quiet)
        var result: VerificationResult?
        try console.guarded {
            var options = ArchiveVerifier.Options()
            for t in trust { options.trustAnchors += try Certificate.loadAll(pem: try SigningIdentity.readFile(t, what: "trust")) }
            if let fp = signerFingerprint {
                guard let n = Certificate.normaliseFingerprint(fp) else {
                    throw SanadError(.usage, "'\(fp)' is not a SHA-256 fingerprint", hint: "64 hex digits, colons allowed, as 'sanad key show' prints.")
                }
                options.pinnedFingerprint = n
            }
            guard FileManager.default.fileExists(atPath: archive) else {
                throw SanadError(.pathNotFound, "\(archive) does not exist")
            }
            result = ArchiveVerifier.verify(path: archive, options: options)
        }
        guard let result else { return }
        let verdict = result.verdict(strict: strict)
        if output.json {
            console.json(result.json(strict: strict))
        } else {
            console.out(headline(result, verdict))
            for c in result.report.checks { console.out("  [\(c.outcome.rawValue.uppercased())] \(c.name): \(c.detail)") }
        }
        switch verdict {
        case .verified: return
        case .doesNotVerify: throw ExitCode(ExitCodes.doesNotVerify)
        case .malformed: throw ExitCode(ExitCodes.malformedInput)
        }
    }

    private func headline(_ r: VerificationResult, _ v: VerificationResult.Verdict) -> String {
        switch v {
        case .verified:
            var parts = ["VERIFIED: \(r.itemCount) items"]
            if let s = r.signer, let fp = r.signerFingerprint {
                parts.append("sealed by \(s) (key \(Certificate.formatFingerprint(fp).prefix(11))…)")
            }
            parts.append(r.timestamps.isEmpty ? "no independent timestamp" : "timestamped \(r.timestamps.joined(separator: ", ")) UTC")
            parts.append("custody chain \(r.custodyEntries) events unbroken")
            let warned = r.report.warnings.count
            return parts.joined(separator: ", ") + (warned > 0 ? " (\(warned) warning\(warned == 1 ? "" : "s") below)" : "")
        case .doesNotVerify:
            let first = r.report.failures.first ?? r.report.warnings.first
            return "DOES NOT VERIFY: \(first?.detail ?? "see the checks below")"
        case .malformed:
            return "MALFORMED: \(r.report.failures.first?.detail ?? "the archive cannot be read safely")"
        }
    }
}
