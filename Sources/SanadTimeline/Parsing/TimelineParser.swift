import SanadModel

/// A reader of one export format (docs/TIMELINE.md §7).
///
/// Rules every parser keeps:
/// - The format is recognised from the content (`recognizes`), never from the file name alone.
/// - `parse` streams: memory stays bounded whatever the file size; it may read the input
///   more than once (a survey, then the events).
/// - Events come out in file order and their byte ranges tile the file: each event's
///   `source.offset` is where the previous one ended, the first starts at 0 and the last ends
///   at the file's size. Bytes that are no event (a JSON, HTML or XML export's own structure
///   around the messages) become `unparsed` events with reason `container`; bytes that should
///   be an event but cannot be read become `unparsed` with the reason why. Nothing is dropped.
/// - `source.sha256` is the SHA-256 of all bytes read, computed by the parser. If a second
///   pass sees other bytes than the first, parsing fails with `io-error`.
/// - Malformed input gives `unparsed` events or a `SanadError`, never a crash or a hang.
public protocol TimelineParser: Sendable {
    /// `whatsapp-txt`, `telegram-json`…: the `parser.name` of its events.
    static var name: String { get }
    static var version: String { get }
    /// The platform its events are from, unless the context says otherwise.
    static var platform: Platform { get }
    /// Whether a file that begins with `prefix` (at most `ParserRegistry.prefixLength` bytes,
    /// less for a shorter file) is in this format. `fileName` may break a tie but must never
    /// be the only evidence.
    static func recognizes(prefix: [UInt8], fileName: String?) -> Bool

    init(_ context: ParseContext)

    /// Calls `each` with every event, in file order.
    func parse(_ input: some ByteInput, _ each: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError)
}

extension TimelineParser {
    public var parserInfo: ParserInfo { ParserInfo(name: Self.name, version: Self.version) }

    /// Every event in memory: for tests and small files.
    public func events(_ input: some ByteInput) throws(SanadError) -> [TimelineEvent] {
        var all: [TimelineEvent] = []
        try parse(input) { (event: TimelineEvent) throws(SanadError) in all.append(event) }
        return all
    }
}
