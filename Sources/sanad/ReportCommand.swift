import ArgumentParser
import Foundation
import SanadExtract
import SanadModel
import SanadReport

/// `sanad report`: the court report, a bilingual PDF (docs/REPORT.md).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the court report: a PDF, in Arabic and English, of what the verifier found.",
        discussion: """
            Verifies the archive or excerpt first, then typesets every sentence from the result: \
            the verdict, each check in plain words, the exhibits (sensitive ones by fingerprint \
            only), the custody chain, the signatures and timestamps, the messages of an excerpt \
            or of --events, a certification checklist to sign, and how to check the archive \
            without Sanad. The verifier's JSON report and VERIFY.txt are attached to the PDF. \
            An archive that does not verify gets a report that says so first, with every failed \
            check. The same archive and options give the same PDF, byte for byte.

            Exit status: 0 written, and the archive verifies; 1 written, and it does not verify; \
            2 written, and it is malformed; 5 an I/O error or a full disk; 70 cairo, pango, \
            libqrencode or the Noto fonts are missing; 64 a bad option, an event past the end, \
            --events on an excerpt or on an archive that does not verify, --events of an item \
            marked sensitive without --reveal-sensitive, or an existing --out.
            """)

    @Argument(help: "The sealed archive (zip, tar or bag folder), or an excerpt from 'sanad disclose'.")
    var archive: String

    @Option(name: .long, help: "The report's parts, in order: ar, en, ar,en or en,ar.")
    var lang: String = "ar,en"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Messages to show, by number, as 'sanad timeline' shows them: E0001:120-135,140 (repeatable).",
            valueName: "exhibit:numbers"))
    var events: [String] = []

    @Flag(
        name: .customLong("reveal-sensitive"),
        help: "Let --events show the messages of an item marked sensitive (the report says they were asked for).")
    var revealSensitive = false

    @Option(name: .long, help: "Where to write the report (.pdf); never overwritten.")
    var out: String

    @OptionGroup var verify: VerifyOptions

    @OptionGroup var recipient: RecipientKeyOptions

    @OptionGroup var output: OutputOptions

    func run() throws {
        let console = Console(quiet: output.quiet)
        var verdict = "verified"
        try console.guarded {
            var options = try verify.make()
            // An archive or items sealed in envelopes for this recipient are opened with its key.
            options.envelopeKey = try recipient.envelopeKey()
            var request = ReportRequest(path: archive, outputPath: out, verify: options)
            request.strict = verify.strict
            request.languages = try Self.languages(lang)
            request.revealSensitive = revealSensitive
            for e in events {
                let (exhibit, ranges) = try ExcerptRequest.parseEvents(e)
                request.events[exhibit, default: []] += ranges
            }
            console.progress("verifying \(archive)…")
            let result = try CourtReport.make(request)
            verdict = result.verdict
            if output.json {
                console.json(result.json)
            } else {
                console.out(result.sha256)
                let languages = result.languages.joined(separator: ", ")
                console.note("wrote \(out): \(result.pages) pages, \(languages); \(result.verdict)")
            }
        }
        switch verdict {
        case "does-not-verify": throw ExitCode(1)
        case "malformed": throw ExitCode(2)
        default: break
        }
    }

    static func languages(_ text: String) throws(SanadError) -> [ReportLanguage] {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let out = parts.compactMap(ReportLanguage.init(rawValue:))
        guard !out.isEmpty, out.count == parts.count, Set(out).count == out.count else {
            throw SanadError(
                .usage, "'\(text)' is not a list of report languages", hint: "Give ar, en, ar,en or en,ar.")
        }
        return out
    }
}
