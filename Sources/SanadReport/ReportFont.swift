import Foundation

/// The report's type: Noto Sans for Latin script, Noto Kufi Arabic for Arabic (its lam-alef
/// ligatures copy out of the PDF in the right order, which Noto Naskh's do not with poppler),
/// Noto Sans Mono for fingerprints; each falls back on the others for the scripts it lacks.
struct Font {
    var size: Double
    var bold = false
    var mono = false
    var centered = false

    static let title = Font(size: 17, bold: true)
    static let heading = Font(size: 13, bold: true)
    static let subheading = Font(size: 10.5, bold: true)
    static let body = Font(size: 9.5)
    static let banner = Font(size: 11, bold: true)
    static let small = Font(size: 7.5)
    static let mono = Font(size: 8, mono: true)
    static let sender = Font(size: 9, bold: true)
    static let message = Font(size: 9.5)

    /// A Pango font description: the families in order, the weight and the size.
    func description(_ language: ReportLanguage) -> String {
        let families =
            mono
            ? "Noto Sans Mono, Noto Sans, Noto Kufi Arabic"
            : (language == .ar ? "Noto Kufi Arabic, Noto Sans" : "Noto Sans, Noto Kufi Arabic")
        // Kufi's letters are larger than Noto Sans's at the same size.
        let scaled = language == .ar && !mono ? size * 0.92 : size
        return "\(families) \(bold ? "Bold " : "")\(String(format: "%.1f", scaled))"
    }

    /// The font files, from Debian's fonts-noto-core and fonts-noto-mono.
    static let files = [
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
        "/usr/share/fonts/truetype/noto/NotoKufiArabic-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoKufiArabic-Bold.ttf",
        "/usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf",
    ]
}
