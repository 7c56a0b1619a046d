/// What the first pass over a WhatsApp export found: the facts the event pass depends on,
/// and the evidence behind them, so that a command can report how the file was read.
public struct WhatsAppSurvey: Equatable, Sendable {
    /// SHA-256 of the whole file, lowercase hex.
    public let sha256: String
    public let size: Int64
    public let lines: Int
    /// Lines that begin a message, and how many of them in each style.
    public let headers: Int
    public let iosHeaders: Int
    public let androidHeaders: Int
    /// Messages are separated by CRLF and lines inside them by LF (iOS), so a line after a bare
    /// LF is never a header (docs/TIMELINE.md §5.1).
    public let crlfFramed: Bool
    public let dateOrder: DateOrderFinding
    /// Senders in order of first appearance, at most `WhatsAppTextParser.maxParticipants`.
    public let participants: [String]
    public let participantsTruncated: Bool

    /// Whether the file is a WhatsApp export at all: some line is a message header.
    public var isWhatsAppExport: Bool { headers > 0 }
}
