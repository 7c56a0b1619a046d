import Foundation
import SanadModel
import SanadVerify

/// Writes one language's part of the report from the facts: every sentence is a catalogue
/// string with the facts filled in.
struct ReportComposer {
    let facts: ReportFacts
    let t: ReportCatalogue
    /// The first part shows the messages and VERIFY.txt; the others point to it.
    let first: Bool

    var language: ReportLanguage { t.language }

    func part() -> ReportPart {
        var blocks: [ReportBlock] = []
        blocks += cover()
        blocks += checks()
        if facts.verified {
            blocks += exhibits()
            blocks += custody()
        }
        blocks += signatures()
        if facts.verified { blocks += messages() }
        blocks += certification()
        blocks += appendix()
        return ReportPart(language: language, header: header, blocks: blocks)
    }

    var header: String {
        let sha = facts.fileSHA256 ?? t("cover.none")
        let file = t(facts.kind == .excerpt ? "header.excerpt" : "header.archive", ["sha": .code(sha)])
        return t("header.case", ["case": .name(facts.caseID ?? t("cover.none"))]) + "   ·   " + file
    }

    // MARK: The verdict

    /// The verdict in one sentence a non-specialist can follow, from the verifier's result only.
    func verdict() -> String {
        let v = facts.verification
        let failed = v.report.failures.count + (facts.strict ? v.report.warnings.count : 0)
        switch facts.verdict {
        case .malformed: return t("verdict.malformed", ["count": .code(String(failed))])
        case .doesNotVerify: return t("verdict.fails", ["count": .code(String(failed))])
        case .verified:
            let time: ReportCatalogue.Value = .text(when(v.sealedAt))
            if let e = v.excerpt {
                let events = e.exhibits.map(\.disclosedEvents).reduce(0, +)
                return t("verdict.excerpt", ["events": .code(String(events)), "time": time])
            }
            return t(facts.pinned ? "verdict.verified_pinned" : "verdict.verified", ["time": time])
        }
    }

    func cover() -> [ReportBlock] {
        let v = facts.verification
        var b: [ReportBlock] = [
            .title(t("title.report")), .paragraph(t("title.subtitle", ["version": .code(Tool.version)])),
        ]
        if !first { b.insert(.banner(verdict(), failed: !facts.verified, language: language), at: 1) }
        if facts.verified, v.signatures.first?.identity == .unconfirmed {
            b.append(.paragraph(t("verdict.unconfirmed")))
        }
        b.append(field("cover.case", .name(facts.caseID ?? t("cover.none"))))
        b.append(field("cover.organisation", .name(facts.organisation ?? t("cover.none"))))
        b.append(field("cover.file", .name(facts.fileName)))
        b.append(.subheading(t(facts.kind == .excerpt ? "cover.excerpt_sha" : "cover.archive_sha")))
        b.append(.code(facts.fileSHA256 ?? t(facts.isFolder ? "cover.folder" : "cover.none")))
        if let of = facts.excerptOf {
            b.append(.subheading(t("cover.excerpt_of")))
            b.append(.code(of))
        }
        b.append(.subheading(t("cover.signer_fp")))
        b.append(.code(v.signerFingerprint ?? t("cover.none")))
        if let signer = v.signer, v.sealedAt != nil {
            b.append(.paragraph(t("cover.sealed", ["signer": .name(signer), "time": .text(when(v.sealedAt))])))
        }
        b.append(.qr(data: qrData, caption: t("cover.qr")))
        return b
    }

    /// What the QR code carries: both fingerprints, labelled, one per line.
    var qrData: String {
        let file = facts.kind == .excerpt ? "excerpt-sha256" : "archive-sha256"
        return
            "\(file): \(facts.fileSHA256 ?? "none")\nsigner-sha256: \(facts.verification.signerFingerprint ?? "none")"
    }

    func field(_ key: String, _ value: ReportCatalogue.Value) -> ReportBlock {
        .paragraph(t(key) + ": " + t.render(value))
    }

    // MARK: Times

    /// An RFC 3339 UTC time in words ("4 March 2026 at 10:00 UTC"); the text as written if it is not one.
    func when(_ time: String?) -> String {
        guard let time else { return t("cover.none") }
        let digits = Array(time.utf8)
        guard digits.count >= 16, let year = Int(String(time.prefix(4))),
            let month = Int(time.dropFirst(5).prefix(2)), (1...12).contains(month),
            let day = Int(time.dropFirst(8).prefix(2))
        else { return ReportText.code(time) }
        let clock = String(time.dropFirst(11).prefix(5))
        let utc = time.hasSuffix("Z") || time.hasSuffix("+00:00")
        return t(
            utc ? "time.utc" : "time.local",
            [
                "day": .code(String(day)), "month": .text(t("month.\(month)")), "year": .code(String(year)),
                "time": .code(clock),
            ])
    }
}
