import SanadModel

/// Reads a conversation exported by signal-export (`sigexport`, github.com/carderne/signal-export):
/// the `chat.md` it writes in one folder per conversation (docs/TIMELINE.md §8.1).
///
/// Its times are the exporting computer's wall clock with no zone (`datetime.fromtimestamp`),
/// so they are placed in the declared zone or stay floating. The file is read twice as a
/// stream, in constant memory: a survey for the hash and the participants, then the events.
public struct SignalExportParser: SignalTextParsing {
    typealias Reader = SignalExportReader

    public static let name = "signal-export-md"
    public static let version = "1"
    public static let platform = Platform.signal

    public let context: ParseContext

    public init(_ context: ParseContext) {
        self.context = context
    }

    /// One of the first messages ends as signal-export ends them: a line with the two spaces it
    /// adds to every body, an empty line, then the next header (or the end of a short file).
    /// WhatsApp iOS exports in year-first locales have the same header but no empty lines
    /// between messages. Windows copies of signal-export write CRLF throughout. The first
    /// line need not be a header: a copy may start in the middle of a message.
    public static func recognizes(prefix: [UInt8], fileName: String?) -> Bool {
        let (lines, start) = leadingLines(prefix, limit: 200, trimCR: true)
        guard lines.contains(where: { SignalExportReader.header($0) != nil }) else { return false }
        // A one-message file ends with the empty line.
        let wholeFile = start == prefix.count && prefix.count < ParserRegistry.prefixLength
        for i in 0..<lines.count
        where i + 1 < lines.count && lines[i].suffix(2) == [0x20, 0x20] && lines[i + 1].isEmpty {
            if i + 2 < lines.count ? SignalExportReader.header(lines[i + 2]) != nil : wholeFile { return true }
        }
        return false
    }
}
