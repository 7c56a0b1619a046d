import SanadCrypto
import SanadModel

/// Reads a page of Telegram Desktop's HTML export (`messages.html`, `messages2.html`…)
/// into timeline events (docs/TIMELINE.md §9).
///
/// Read twice as a stream, like every parser: a survey hashes the page and collects the
/// chat's name and the senders, then the event pass reads the message blocks one at a time.
/// Each page is its own exhibit; the exporter starts a new page every 1,000 messages.
public struct TelegramHTMLParser: TimelineParser {
    public static let name = "telegram-html"
    public static let version = "1"
    public static let platform = Platform.telegram
    public static let maxParticipants = 2048

    public let context: ParseContext

    public init(_ context: ParseContext) {
        self.context = context
    }

    /// The exporter's fixed page title and wrapper, in the first bytes of every page.
    public static func recognizes(prefix: [UInt8], fileName: String?) -> Bool {
        SMSBackupXMLParser.contains(prefix, Array("<title>Exported Data</title>".utf8))
            && SMSBackupXMLParser.contains(prefix, Array("<div class=\"page_wrap\">".utf8))
    }

    public func survey(_ input: some ByteInput) throws(SanadError) -> TelegramHTMLSurvey {
        let digest = try MessageDigest(.sha256)
        var tokenizer = MarkupTokenizer()
        var reader = TelegramPageReader()
        var participants: [String] = []
        let collect = { (block: TelegramBlock) throws(SanadError) in
            // A broken block becomes an unparsed event, so its sender is no participant; and how
            // much of an over-long name was read before the limit depends on the chunking.
            guard block.role == .message, !block.broken, !block.isService, participants.count < Self.maxParticipants,
                let raw = block.fromName, let name = TelegramEventBuilder.name(raw), !participants.contains(name)
            else { return }
            participants.append(name)
        }
        try input.forEachChunk { (chunk: UnsafeRawBufferPointer) throws(SanadError) in
            digest.update(chunk)
            try tokenizer.feed(chunk) { (token: MarkupToken, tag: MarkupTag) throws(SanadError) in
                try reader.add(token, tag, collect)
            }
        }
        try tokenizer.finish { (token: MarkupToken, tag: MarkupTag) throws(SanadError) in
            try reader.add(token, tag, collect)
        }
        try reader.finish(collect)
        let title = reader.title.flatMap { TelegramEventBuilder.name($0) }
        return TelegramHTMLSurvey(sha256: digest.finalizeHex(), title: title, participants: participants)
    }

    public func parse(_ input: some ByteInput, _ each: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) {
        let survey = try survey(input)
        let digest = try MessageDigest(.sha256)
        var tokenizer = MarkupTokenizer()
        var reader = TelegramPageReader()
        var builder = TelegramEventBuilder(context: context, survey: survey)
        try input.forEachChunk { (chunk: UnsafeRawBufferPointer) throws(SanadError) in
            digest.update(chunk)
            try tokenizer.feed(chunk) { (token: MarkupToken, tag: MarkupTag) throws(SanadError) in
                try reader.add(token, tag) { (block: TelegramBlock) throws(SanadError) in try each(builder.event(block))
                }
            }
        }
        try tokenizer.finish { (token: MarkupToken, tag: MarkupTag) throws(SanadError) in
            try reader.add(token, tag) { (block: TelegramBlock) throws(SanadError) in try each(builder.event(block)) }
        }
        try reader.finish { (block: TelegramBlock) throws(SanadError) in try each(builder.event(block)) }
        guard digest.finalizeHex() == survey.sha256 else {
            throw SanadError(
                .ioError, "\(input.label) changed while it was being read",
                hint: "Parse the sealed or ingested copy, which cannot change, not the original file.")
        }
    }
}
