import SanadModel

/// What every JSON parser's events share: the file's exhibit and digest, the parser, and the
/// `unparsed` events for bytes that are no message.
struct JSONEventFactory {
    let exhibit: String?
    let sha256: String
    let parser: ParserInfo
    let platform: Platform

    func source(offset: Int64, length: Int64, line: Int) -> EventSource {
        EventSource(exhibit: exhibit, sha256: sha256, offset: offset, length: length, line: line)
    }

    func source(_ record: JSONRecord) -> EventSource {
        source(offset: record.offset, length: record.length, line: record.line)
    }

    /// A `container` or `malformed` span. It belongs to no conversation: in an export of a
    /// whole account the bytes between two chats close one and open the next.
    func unparsed(_ span: JSONSpan) -> TimelineEvent {
        let reason: UnparsedReason
        switch span.kind {
        case .container: reason = .container
        case .malformed: reason = .malformed
        }
        return unparsed(source(offset: span.offset, length: span.length, line: span.line), reason)
    }

    /// A record that cannot be read: `too-long` beyond the reader's limit, else `malformed`.
    func unparsed(_ record: JSONRecord, conversation: Conversation) -> TimelineEvent {
        unparsed(source(record), record.tooLong ? .tooLong : .malformed, conversation: conversation)
    }

    func unparsed(
        _ source: EventSource, _ reason: UnparsedReason,
        conversation: Conversation = Conversation(title: nil, participants: [])
    ) -> TimelineEvent {
        TimelineEvent(
            time: nil, localTime: nil, zone: nil, platform: platform, conversation: conversation, sender: nil,
            kind: .unparsed, text: nil, source: source, parser: parser, reason: reason)
    }
}
