import SanadModel

/// Reads a conversation exported by sigtop (github.com/tbvdm/sigtop) with
/// `sigtop export-messages -f text`: one `.txt` file per conversation (docs/TIMELINE.md §8.2).
///
/// sigtop states every time with the UTC offset of the computer it ran on
/// (`Sent: Fri, 18 Mar 2022 14:56:01 +0300`), so times are instants with basis `source-offset`
/// and need no declared zone. The file is read twice as a stream, in constant memory.
public struct SigtopTextParser: SignalTextParsing {
    typealias Reader = SigtopReader

    public static let name = "sigtop-text"
    public static let version = "1"
    public static let platform = Platform.signal

    public let context: ParseContext

    public init(_ context: ParseContext) {
        self.context = context
    }

    /// `Conversation: NAME` and an empty line, then, within the next lines, a message's `From:`
    /// and `Type:` lines (or its `Type:` line) after an empty line.
    public static func recognizes(prefix: [UInt8], fileName: String?) -> Bool {
        let lines = leadingLines(prefix, limit: 50, trimCR: false).lines
        guard lines.count >= 3, SigtopReader.starts(lines[0], next: lines[1], number: 1) == .container else {
            return false
        }
        return (2..<lines.count).contains { i in
            lines[i - 1].isEmpty
                && SigtopReader.starts(lines[i], next: i + 1 < lines.count ? lines[i + 1] : nil, number: i + 1)
                    == .message
        }
    }
}
