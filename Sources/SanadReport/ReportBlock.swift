/// One unit of the report's flow, in one language, before it is set on pages.
enum ReportBlock {
    /// The report's title.
    case title(String)
    /// A section's heading: kept with what follows it.
    case heading(String)
    case subheading(String)
    case paragraph(String)
    /// A paragraph whose first line (its title) is bold and whose last (a fingerprint) is
    /// monospaced: one layout for an exhibit's facts.
    case lead(title: String, body: String, code: String)
    /// A sentence that must not be missed (the verdict, a failed check): bold, in a frame.
    case banner(String, failed: Bool, language: ReportLanguage)
    /// A value that reads left to right and must stay whole (a fingerprint), in a monospaced font.
    case code(String)
    /// A line of a checklist: its mark and its text.
    case check(ReportMark, String)
    /// A message of a transcript: the line about it, its sender, and its text (either direction).
    case message(meta: String, sender: String, text: String)
    /// Text shown as it is written (VERIFY.txt): each line in its own direction, small type.
    case verbatim(String)
    /// A QR code of `data`, with its caption beside it.
    case qr(data: String, caption: String)
    /// Lines to write on by hand (name, signature, date).
    case signature([String])
    case space(Double)
    case pageBreak
}

/// The box in front of a checklist line.
enum ReportMark {
    case pass, fail, warn, info, blank

    init(_ outcome: String) {
        switch outcome {
        case "pass": self = .pass
        case "fail": self = .fail
        case "warn": self = .warn
        default: self = .info
        }
    }
}

/// A run of pages in one language: its blocks, and the header it carries on every page.
struct ReportPart {
    var language: ReportLanguage
    var header: String
    var blocks: [ReportBlock]
}
