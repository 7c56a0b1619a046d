import SanadModel

/// Reads a DiscordChatExporter JSON export of one channel, direct message or thread
/// (docs/TIMELINE.md §15).
///
/// Discord has no export of its own that a user can hand over; DiscordChatExporter is what
/// people use. Its JSON is `{"guild", "channel", "dateRange", "exportedAt", "messages": […],
/// "messageCount"}`. The file is read twice as a stream: a survey finds the title and the
/// senders, then the event pass reads each message in bounded memory. Every message element
/// is one event, followed by one `reaction` event per user its reactions list; the structure
/// around them is `container` events.
public struct DiscordJSONParser: SurveyingParser {
    public static let name = "discord-json"
    public static let version = "1"
    public static let platform = Platform.discord

    public let context: ParseContext

    public init(_ context: ParseContext) {
        self.context = context
    }

    static func isMessageArray(_ path: JSONPath) -> Bool { path.matches(["messages"]) }

    /// `guild.name / #channel.name`; a direct message's channel name alone (its guild is the
    /// exporter's stand-in "Direct Messages"). Nil when the channel has no name.
    static func title(guild: String?, channel: String?, channelType: String?) -> String? {
        guard let channel else { return nil }
        if channelType == "DirectTextChat" || channelType == "DirectGroupTextChat" { return channel }
        guard let guild else { return "#" + channel }
        return guild + " / #" + channel
    }

    public func survey(_ input: some ByteInput) throws(SanadError) -> DiscordSurvey {
        var guild: String?, channel: String?, channelType: String?
        var senders = ParticipantList()
        let clock = EventClock(declared: nil)
        let sha256 = try JSONExportScan.run(input, isRecordArray: Self.isMessageArray) {
            (item: JSONStreamItem) throws(SanadError) in
            switch item {
            case .scalar(let path, let value):
                if path.matches(["guild", "name"]) { guild = JSONText.clean(value.stringValue) }
                if path.matches(["channel", "name"]) { channel = JSONText.clean(value.stringValue) }
                if path.matches(["channel", "type"]) { channelType = value.stringValue }
            case .record(let record):
                guard let m = DiscordMessage.parse(record), let message = DiscordMessage(m, clock: clock, exhibits: [:])
                else { return }
                senders.add(message.sender.name)
                for r in message.reactions { senders.add(r.sender.name) }
            case .span:
                break
            }
        }
        return DiscordSurvey(
            sha256: sha256, title: Self.title(guild: guild, channel: channel, channelType: channelType),
            participants: senders.names)
    }

    public func parse(
        _ input: some ByteInput, survey: DiscordSurvey,
        _ each: (TimelineEvent) throws(SanadError) -> Void
    ) throws(SanadError) {
        let factory = JSONEventFactory(
            exhibit: context.exhibit, sha256: survey.sha256, parser: parserInfo,
            platform: Self.platform)
        let clock = EventClock(declared: context.zone)
        let conversation = Conversation(title: survey.title, participants: survey.participants)
        let exhibits = context.attachmentExhibits
        let sha256 = try JSONExportScan.run(input, isRecordArray: Self.isMessageArray) {
            (item: JSONStreamItem) throws(SanadError) in
            switch item {
            case .scalar:
                break
            case .span(let span):
                try each(factory.unparsed(span))
            case .record(let record):
                guard let m = DiscordMessage.parse(record),
                    let message = DiscordMessage(m, clock: clock, exhibits: exhibits)
                else {
                    return try each(factory.unparsed(record, conversation: conversation))
                }
                try each(
                    TimelineEvent(
                        time: message.reading.time, localTime: message.reading.localTime,
                        zone: message.reading.zone, platform: Self.platform, conversation: conversation,
                        sender: message.sender, kind: message.kind, text: message.text,
                        attachments: message.attachments, replyTo: message.replyTo,
                        source: factory.source(record), parser: parserInfo))
                // As for Meta (§12.2): the reaction's bytes are inside its message's element, so the
                // event points to the end of that range with length 0. The export gives no time.
                let end = factory.source(offset: record.offset + record.length, length: 0, line: record.line)
                for r in message.reactions {
                    try each(
                        TimelineEvent(
                            time: nil, localTime: nil, zone: nil, platform: Self.platform,
                            conversation: conversation, sender: r.sender, kind: .reaction, text: r.emoji,
                            source: end, parser: parserInfo))
                }
            }
        }
        try JSONExportScan.checkUnchanged(sha256, surveyed: survey.sha256, label: input.label)
    }

    /// A JSON object holding the exporter's `"guild"`, `"channel"` and `"messages"`, and either
    /// a message's `"author"` and `"timestamp"` or, for an export with no messages in its first
    /// 64 KiB, the exporter's own `"exportedAt"` or `"dateRange"`.
    public static func recognizes(prefix: [UInt8], fileName: String?) -> Bool {
        guard let has = JSONExportScan.members(prefix) else { return false }
        guard has("\"guild\""), has("\"channel\""), has("\"messages\"") else { return false }
        return (has("\"author\"") && has("\"timestamp\"")) || has("\"exportedAt\"") || has("\"dateRange\"")
    }
}
