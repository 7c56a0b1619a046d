import ArgumentParser
import Foundation
import SanadCrypto
import SanadExtract
import SanadModel
import SanadVerify

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a sealed archive (zip, tar or unpacked folder): a verdict, then every check.",
        discussion: "Exit 0 verified, 1 does not verify, 2 malformed or unreadable (docs/EXIT-CODES.md).")

    @Argument(help: "The archive, or an unpacked bag folder.")
    var archive: String

    @OptionGroup var verification: VerifyOptions

    @Option(
        name: .long, parsing: .upToNextOption,
        help: ArgumentHelp(
            "Files handed over later for items the sealer withheld: each must be exactly one of them.",
            valueName: "file"))
    var supplement: [String] = []

    @OptionGroup var recipient: RecipientKeyOptions

    @OptionGroup var output: OutputOptions

    /// A regular file's size, 0 otherwise (a bag folder: its total is not known up front).
    static func fileSize(_ path: String) -> Int64 {
        var st = stat()
        return stat(path, &st) == 0 && st.st_mode & S_IFMT == S_IFREG ? Int64(st.st_size) : 0
    }

    func run() throws {
        let console = Console(quiet: output.quiet)
        var result: VerificationResult?
        try console.guarded {
            var options = try verification.make()
            guard FileManager.default.fileExists(atPath: archive) else {
                throw SanadError(.pathNotFound, "\(archive) does not exist")
            }
            for f in supplement where !FileManager.default.fileExists(atPath: f) {
                throw SanadError(.pathNotFound, "\(f) does not exist", hint: "--supplement takes files to check.")
            }
            options.supplements = supplement
            options.envelopeKey = try recipient.envelopeKey()
            let meter = ProgressMeter(console, "verifying", expecting: Self.fileSize(archive))
            result = ArchiveVerifier.verify(path: archive, options: options)
            meter.stop()
        }
        guard let result else { return }
        let verdict = result.verdict(strict: verification.strict)
        if output.json {
            var json = result.json(strict: verification.strict)
            if let x = result.excerpt, verdict == .verified, case .object(var o) = json {
                o["reading"] = .array(x.exhibits.flatMap { e in ExcerptReading.lines(e).map(\.json) })
                json = .object(o)
            }
            console.json(json)
        } else if let x = result.excerpt {
            for line in ExcerptLines.lines(result, verdict, x) { console.out(line) }
        } else {
            for line in Self.lines(result, verdict) { console.out(line) }
        }
        if verdict == .malformed, let hint = result.hint, !output.quiet {
            FileHandle.standardError.write(Data("hint: \(hint)\n".utf8))
        }
        switch verdict {
        case .verified: return
        case .doesNotVerify: throw ExitCode(ExitCodes.doesNotVerify)
        case .malformed: throw ExitCode(ExitCodes.malformedInput)
        }
    }

    /// The human report: the verdict first, then the signatures in order, then every check.
    static func lines(_ r: VerificationResult, _ v: VerificationResult.Verdict) -> [String] {
        var out = [headline(r, v)]
        if let a = r.archive {
            let digest =
                a.sha256.map { "SHA-256 \($0)" } ?? "SHA-256 not computed (reading stopped at the first problem)"
            out.append("  Archive: \(a.format ?? "unknown format"), \(a.size) bytes, \(digest)")
        }
        if !r.signatures.isEmpty {
            out.append("  Signatures, in order:")
            for (i, s) in r.signatures.enumerated() {
                let who =
                    s.signer.map { "\($0) (key \(Certificate.formatFingerprint(s.fingerprint ?? "").prefix(11))…)" }
                    ?? "unknown signer"
                let what = s.role == .seal ? "sealed" : "countersigned (\(s.role))"
                let when = s.signedAt.map { " at \($0) (signer's claim)" } ?? ""
                let stamped = s.timestamps.isEmpty ? "" : "; timestamped \(s.timestamps.joined(separator: ", "))"
                let status = s.valid ? "identity \(s.identity.rawValue)" : "INVALID"
                out.append("    \(i + 1). \(what) by \(who)\(when); \(status)\(stamped)")
            }
        }
        for c in r.report.checks { out.append("  [\(c.outcome.rawValue.uppercased())] \(c.name): \(c.detail)") }
        return out
    }

    private static func headline(_ r: VerificationResult, _ v: VerificationResult.Verdict) -> String {
        switch v {
        case .verified:
            var parts = ["VERIFIED: \(r.itemCount) items"]
            if !r.withheld.isEmpty {
                parts[0] += " (\(r.withheld.count) withheld by the sealer, their digests sealed)"
            }
            if let s = r.signer, let fp = r.signerFingerprint {
                parts.append("sealed by \(s) (key \(Certificate.formatFingerprint(fp).prefix(11))…)")
            }
            parts.append(
                r.timestamps.isEmpty
                    ? "no independent timestamp" : "timestamped \(r.timestamps.joined(separator: ", ")) UTC")
            let receipts = r.signatures.filter { $0.role != .seal }.count
            if receipts > 0 { parts.append("countersigned \(receipts) time\(receipts == 1 ? "" : "s")") }
            parts.append("custody chain \(r.custodyEntries) events unbroken")
            let warned = r.report.warnings.count
            return parts.joined(separator: ", ")
                + (warned > 0 ? " (\(warned) warning\(warned == 1 ? "" : "s") below)" : "")
        case .doesNotVerify:
            let first = r.report.failures.first ?? r.report.warnings.first
            return "DOES NOT VERIFY: \(first?.detail ?? "see the checks below")"
        case .malformed:
            return "MALFORMED: \(r.report.failures.first?.detail ?? "the archive cannot be read safely")"
        }
    }
}
