import SanadModel

/// Reads a conversation exported by sigtop (github.com/tbvdm/sigtop) with
/// `sigtop export-messages -f text`: one `.txt` file per conversation (docs/TIMELINE.md §8.2).
///
/// sigtop states every time with the UTC offset of the computer it ran on
/// (`Sent: Fri, 18 Mar 2022 14:56:01 +0300`), so times are instants with basis `source-offset`
/// and need no declared zone. The file is read twice as a stream, in constant memory.
public struct SigtopTextParser: TimelineParser {
    public static let name = "sigtop-text"
    public static let version = "1"
    public static let platform = Platform.signal

    public let context: ParseContext

    public init(_ context: ParseContext) {
        self.context = context
    }

    private var driver: SignalTextDriver<SigtopReader> {
        SignalTextDriver(parser: parserInfo, platform: Self.platform, context: context)
    }

    public func parse(_ input: some ByteInput, _ each: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) {
        let survey = try driver.survey(input)
        try driver.parse(input, survey: survey, each)
    }

    /// `Conversation: NAME`, an empty line, then a message's `From:` and `Type:` lines, or its `Type:` line.
    public static func recognizes(prefix: [UInt8], fileName: String?) -> Bool {
        var lines: [[UInt8]] = []
        var start = 0
        while start < prefix.count, lines.count < 4 {
            guard let end = prefix[start...].firstIndex(of: 0x0A) else { break }
            lines.append(Array(prefix[start..<end]))
            start = end + 1
        }
        guard lines.count >= 3, SigtopReader.starts(lines[0], next: lines[1], number: 1) == .container else { return false }
        return SigtopReader.starts(lines[2], next: lines.count > 3 ? lines[3] : nil, number: 3) == .message
    }
}
