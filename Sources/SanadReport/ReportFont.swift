/// The report's type: Noto Sans for Latin script, Noto Kufi Arabic for Arabic (its lam-alef
/// ligatures copy out of the PDF in the right order, which Noto Naskh's do not with poppler),
/// Noto Sans Mono for fingerprints; each falls back on the others for the scripts it lacks.
struct Font {
    var size: Double
    var bold = false
    var mono = false
    var centered = false
    /// Evidence text (a message, a sender), whatever the part's language: Noto Sans first, Kufi
    /// for what it lacks, at the same size in every part.
    var neutral = false

    static let title = Font(size: 17, bold: true)
    static let heading = Font(size: 13, bold: true)
    static let subheading = Font(size: 10.5, bold: true)
    static let body = Font(size: 9.5)
    static let banner = Font(size: 11, bold: true)
    static let small = Font(size: 7.5)
    static let mono = Font(size: 8, mono: true)
    static let sender = Font(size: 9, bold: true, neutral: true)
    static let message = Font(size: 9.5, neutral: true)

    /// A Pango font description: the families in order, the weight and the size.
    func description(_ language: ReportLanguage) -> String {
        let arabic = language == .ar && !mono && !neutral
        let families =
            mono
            ? "Noto Sans Mono, Noto Sans, Noto Kufi Arabic"
            : (arabic ? "Noto Kufi Arabic, Noto Sans" : "Noto Sans, Noto Kufi Arabic")
        // Kufi's letters are larger than Noto Sans's at the same size; tenths of a point.
        let tenths = Int(((arabic ? size * 0.92 : size) * 10).rounded())
        return "\(families) \(bold ? "Bold " : "")\(tenths / 10).\(tenths % 10)"
    }

    /// The font files, from Debian's fonts-noto-core and fonts-noto-mono.
    static let files = [
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
        "/usr/share/fonts/truetype/noto/NotoKufiArabic-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoKufiArabic-Bold.ttf",
        "/usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf",
    ]
}
