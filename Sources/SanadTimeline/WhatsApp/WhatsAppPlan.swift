import SanadModel

/// The survey of a WhatsApp export and the parts its event pass may read at once.
public struct WhatsAppPlan: Sendable {
    /// A stretch of the file whose events need nothing from the stretch before it.
    public struct Part: Sendable, Equatable {
        public let range: Range<Int64>
        /// The number of the part's first line in the whole file.
        public let firstLine: Int
        /// How the line before the part ended: -1 at the start of the file, 1 LF, 2 CRLF.
        public let previousBreak: Int
        /// SHA-256 of the part's bytes, from the survey.
        public let sha256: String
    }

    public let survey: WhatsAppSurvey
    public let parts: [Part]
}

/// Where a large file's survey was cut, and whether its event pass can be cut there too.
struct WhatsAppCut {
    /// The first byte of the second part.
    let offset: Int64
    /// How the line before it ended: 1 LF, 2 CRLF.
    let previousBreak: Int
    /// The line there is a message header, so an event begins there.
    let atHeader: Bool
}
