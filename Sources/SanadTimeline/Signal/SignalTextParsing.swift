import SanadModel

/// What the two Signal text formats (signal-export's `chat.md`, sigtop's text) share: a parser
/// that hands a `SignalTextDriver` over its record reader a survey pass, then the event pass.
protocol SignalTextParsing: TimelineParser {
    associatedtype Reader: RecordReader
    var context: ParseContext { get }
}

extension SignalTextParsing {
    var driver: SignalTextDriver<Reader> {
        SignalTextDriver(parser: parserInfo, platform: Self.platform, context: context)
    }

    public func parse(_ input: some ByteInput, _ each: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) {
        let survey = try driver.survey(input)
        try driver.parse(input, survey: survey, each)
    }

    /// The complete lines at the start of `prefix`, at most `limit`, a CR before each LF
    /// removed when `trimCR`; and where the next line would start.
    static func leadingLines(_ prefix: [UInt8], limit: Int, trimCR: Bool) -> (lines: [[UInt8]], end: Int) {
        var lines: [[UInt8]] = []
        var start = 0
        while start < prefix.count, lines.count < limit {
            guard let end = prefix[start...].firstIndex(of: 0x0A) else { break }
            var line = Array(prefix[start..<end])
            if trimCR, line.last == 0x0D { line.removeLast() }
            lines.append(line)
            start = end + 1
        }
        return (lines, start)
    }
}
