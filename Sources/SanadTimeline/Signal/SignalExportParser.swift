import SanadModel

/// Reads a conversation exported by signal-export (`sigexport`, github.com/carderne/signal-export):
/// the `chat.md` it writes in one folder per conversation (docs/TIMELINE.md §8.1).
///
/// Its times are the exporting computer's wall clock with no zone (`datetime.fromtimestamp`),
/// so they are placed in the declared zone or stay floating. The file is read twice as a
/// stream, in constant memory: a survey for the hash and the participants, then the events.
public struct SignalExportParser: TimelineParser {
    public static let name = "signal-export-md"
    public static let version = "1"
    public static let platform = Platform.signal

    public let context: ParseContext

    public init(_ context: ParseContext) {
        self.context = context
    }

    private var driver: SignalTextDriver<SignalExportReader> {
        SignalTextDriver(parser: parserInfo, platform: Self.platform, context: context)
    }

    public func parse(_ input: some ByteInput, _ each: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) {
        let survey = try driver.survey(input)
        try driver.parse(input, survey: survey, each)
    }

    /// One of the first messages ends as signal-export ends them: a line with the two spaces it
    /// adds to every body, an empty line, then the next header (or the end of a short file).
    /// WhatsApp iOS exports in year-first locales have the same header but no empty lines
    /// between messages. Windows copies of signal-export write CRLF throughout. The first
    /// line need not be a header: a copy may start in the middle of a message.
    public static func recognizes(prefix: [UInt8], fileName: String?) -> Bool {
        var lines: [[UInt8]] = []
        var start = 0
        while start < prefix.count, lines.count < 200 {
            guard let end = prefix[start...].firstIndex(of: 0x0A) else { break }
            var line = Array(prefix[start..<end])
            if line.last == 0x0D { line.removeLast() }
            lines.append(line)
            start = end + 1
        }
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
