import Foundation
import SanadCrypto
import SanadIO
import SanadModel
import SanadVerify

/// `sanad report`: verifies an archive or an excerpt, then typesets a court report from what
/// the verifier found (docs/REPORT.md): a part per language, each from its catalogue, and the
/// verifier's JSON report and VERIFY.txt attached to the PDF. The same input and options give
/// the same bytes: the PDF's dates are the seal's, its fonts fixed files, and nothing else varies.
public enum CourtReport {
    public static func make(_ request: ReportRequest) throws(SanadError) -> ReportResult {
        if FileManager.default.fileExists(atPath: AtomicOutput.absolute(request.outputPath)) {
            throw SanadError(
                .usage, "\(request.outputPath) already exists", hint: "Choose another --out; Sanad never overwrites.")
        }
        let facts = try ReportFacts.gather(request)
        let pdf = try render(facts, languages: request.languages)
        let out = try AtomicOutput(path: request.outputPath)
        defer { withExtendedLifetime(out) {} }
        try FileOutput.writeAll(out.fd, pdf.bytes, what: request.outputPath)
        try out.commit(mode: 0o644)
        return ReportResult(
            path: request.outputPath, sha256: MessageDigest.sha256Hex(pdf.bytes), size: Int64(pdf.bytes.count),
            pages: pdf.pages, verdict: facts.verdict.rawValue,
            outcome: facts.verification.outcome(strict: facts.strict),
            languages: request.languages.map(\.rawValue), messages: facts.conversations.map(\.lines.count).reduce(0, +),
            exhibits: facts.exhibits.count)
    }

    /// The PDF's bytes and its number of pages.
    static func render(
        _ facts: ReportFacts, languages: [ReportLanguage]
    ) throws(SanadError) -> (bytes: [UInt8], pages: Int) {
        var parts: [ReportPart] = []
        for (i, language) in languages.enumerated() {
            parts.append(ReportComposer(facts: facts, t: ReportCatalogue(language), first: i == 0).part())
        }
        // The first lines of the report: the verdict in every language asked for.
        let verdicts = languages.map { l in
            ReportBlock.banner(
                ReportComposer(facts: facts, t: ReportCatalogue(l), first: true).verdict(), failed: !facts.verified,
                language: l)
        }
        if !parts.isEmpty { parts[0].blocks.insert(contentsOf: verdicts, at: 0) }
        let doc = try PDFDocument(fonts: Font.files)
        // cairo writes its own information dictionary, with the clock's time unless told another;
        // the update's dictionary supersedes it, but its bytes stay in the file.
        let iso = facts.verification.sealedAt.map { String($0.prefix(19)) + "Z" } ?? "1970-01-01T00:00:00Z"
        doc.set(.createDate, iso)
        doc.set(.modDate, iso)
        let catalogues = Dictionary(uniqueKeysWithValues: languages.map { ($0, ReportCatalogue($0)) })
        let footer: (Int, ReportLanguage) -> String = { page, language in
            catalogues[language].map { $0("footer.page", ["page": .code(String(page))]) } ?? ""
        }
        let end: (Int, ReportLanguage) -> String = { pages, language in
            catalogues[language].map { $0("footer.end", ["pages": .code(String(pages))]) } ?? ""
        }
        // Paragraphs are laid out on a second thread, with fonts of its own, while this one draws.
        let layouter = ReportLayouter()
        layouter.start(parts, fonts: try PDFFonts(fonts: Font.files))
        let pages = ReportTypesetter(doc: doc, source: layouter).set(parts, footer: footer, end: end)
        layouter.finish()
        let cairo = try doc.finish()
        var files = [
            PDFAttachments.File(
                name: "verification.json", mime: "application/json",
                description: "The verifier's report (sanad verify --json) on \(facts.fileName)",
                bytes: CanonicalJSON.encode(facts.verification.json(strict: facts.strict)) + [0x0A])
        ]
        if let text = facts.instructions {
            files.append(
                .init(
                    name: facts.instructionsName, mime: "text/plain", description: "How to check it without Sanad",
                    bytes: text))
        }
        let title = ReportCatalogue(.en)("title.report") + " — " + (facts.caseID ?? facts.fileName)
        let info = PDFAttachments.Info(
            title: title, author: facts.organisation ?? "", subject: facts.fileSHA256 ?? "",
            creator: "Sanad \(Tool.version)",
            date: pdfDate(facts.verification.sealedAt))
        return (try PDFAttachments.append(files, info: info, to: cairo), pages)
    }

    /// The seal's time as a PDF date (`D:20260304100000Z`); the epoch when there is none, never the clock.
    static func pdfDate(_ rfc3339: String?) -> String {
        let digits = (rfc3339 ?? "").unicodeScalars.prefix(19).filter { CharacterSet.decimalDigits.contains($0) }
        let s = String(String.UnicodeScalarView(digits))
        return "D:" + (s.count == 14 ? s : "19700101000000") + "Z"
    }
}
