import SanadModel

/// One message, notice or unreadable line of a chat export (docs/TIMELINE.md §2).
///
/// An event is a reading of the evidence, never the evidence itself: `source` points to the
/// exact bytes it was read from, and everything else says how they were read.
public struct TimelineEvent: Equatable, Sendable {
    public static let formatVersion = 1

    /// RFC 3339 UTC with milliseconds; nil when no zone is known or there is no time.
    public var time: String?
    public var localTime: LocalDateTime?
    /// nil exactly when `localTime` is.
    public var zone: EventZone?
    public var platform: Platform
    public var conversation: Conversation
    public var sender: EventSender?
    public var kind: EventKind
    public var text: String?
    public var attachments: [EventAttachment]
    public var replyTo: String?
    public var forwardedFrom: String?
    public var source: EventSource
    public var parser: ParserInfo
    /// Only for `unparsed` events.
    public var reason: UnparsedReason?
    /// Every reading of a date whose order is undecided (docs/TIMELINE.md §5.1), in the order
    /// day/month then month/day; `localTime`, `zone` and `time` are then nil. Empty otherwise.
    public var localTimeReadings: [LocalDateTime] = []
    /// Only for `sensitive` events: what stands in place of the item's content.
    public var sensitive: SensitivePlaceholder?

    public init(
        time: String?, localTime: LocalDateTime?, zone: EventZone?, platform: Platform, conversation: Conversation,
        sender: EventSender?, kind: EventKind, text: String?, attachments: [EventAttachment] = [],
        replyTo: String? = nil, forwardedFrom: String? = nil, source: EventSource, parser: ParserInfo,
        reason: UnparsedReason? = nil
    ) {
        self.time = time
        self.localTime = localTime
        self.zone = zone
        self.platform = platform
        self.conversation = conversation
        self.sender = sender
        self.kind = kind
        self.text = text
        self.attachments = attachments
        self.replyTo = replyTo
        self.forwardedFrom = forwardedFrom
        self.source = source
        self.parser = parser
        self.reason = reason
    }

    /// The event as JSON, with every member of the format present (null when it does not apply).
    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "v": .int(Int64(Self.formatVersion)),
            "time": .optional(time),
            "local_time": .optional(localTime?.iso),
            "zone": zone?.json ?? .null,
            "platform": .string(platform.rawValue),
            "conversation": conversation.json,
            "sender": sender?.json ?? .null,
            "kind": .string(kind.rawValue),
            "text": .optional(text),
            "attachments": .array(attachments.map(\.json)),
            "reply_to": .optional(replyTo),
            "forwarded_from": .optional(forwardedFrom),
            "source": source.json,
            "parser": parser.json,
        ]
        if let reason { o["reason"] = .string(reason.rawValue) }
        if let sensitive { o["sensitive"] = sensitive.json }
        if !localTimeReadings.isEmpty { o["local_time_readings"] = .array(localTimeReadings.map { .string($0.iso) }) }
        return .object(o)
    }

    /// One line of a `.jsonl` timeline: RFC 8785 canonical form and LF.
    public var jsonLine: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        var writer = EventJSONWriter()
        writer.write(self, into: &bytes)
        return bytes
    }
}
