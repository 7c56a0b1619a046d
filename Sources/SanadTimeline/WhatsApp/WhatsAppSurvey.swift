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

/// Header evidence from one set of lines. The survey keeps two, for headers after a CRLF and
/// after a bare LF, because only the whole file can say whether the second kind are headers.
struct HeaderEvidence {
    var headers = 0, ios = 0, android = 0
    var dates = DateOrderEvidence()
    /// Each sender with the line it first appears on.
    var senders: [String: Int] = [:]
    var sendersTruncated = false

    mutating func add(_ header: WhatsAppHeader, line: TextLine) {
        headers += 1
        if header.style == .ios { ios += 1 } else { android += 1 }
        dates.add(header, line: line.number)
        guard let name = header.sender, senders[name] == nil, !Self.isIOSNotice(header, line: line) else { return }
        if senders.count < WhatsAppTextParser.maxParticipants {
            senders[name] = line.number
        } else {
            sendersTruncated = true
        }
    }

    /// iOS writes `Chat name: ‎notice` for its notices: the name is not a participant.
    static func isIOSNotice(_ header: WhatsAppHeader, line: TextLine) -> Bool {
        guard header.style == .ios, header.textStartsWithLRM else { return false }
        var first: [UInt8] = []
        let start = min(header.textStart, line.content.count)
        FormatMarks.appendStripped(UnsafeRawBufferPointer(rebasing: line.content[start...]), to: &first)
        return !WhatsAppMarkers.isKnownNotice(firstLine: first[...])
    }

    mutating func merge(_ other: HeaderEvidence) {
        headers += other.headers
        ios += other.ios
        android += other.android
        dates.merge(other.dates)
        sendersTruncated = sendersTruncated || other.sendersTruncated
        for (name, line) in other.senders {
            if let mine = senders[name] {
                senders[name] = min(mine, line)
            } else if senders.count < WhatsAppTextParser.maxParticipants {
                senders[name] = line
            } else {
                sendersTruncated = true
            }
        }
    }

    var participants: [String] { senders.sorted { $0.value < $1.value }.map(\.key) }
}
