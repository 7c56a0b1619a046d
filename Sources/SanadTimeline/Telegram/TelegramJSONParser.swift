import SanadModel

/// Reads a Telegram Desktop JSON export, `result.json`, of one chat or of a whole account
/// (docs/TIMELINE.md §8.3).
///
/// A single-chat export is `{"name", "type", "id", "messages": […]}`; a whole account wraps
/// the chats in `chats.list` and `left_chats.list`. The file is read twice as a stream: a
/// survey finds each chat's name and senders, then the event pass reads each message in
/// bounded memory. Every message element is one event; the structure around them is
/// `container` events.
public struct TelegramJSONParser: SurveyingParser {
    public static let name = "telegram-json"
    public static let version = "1"
    public static let platform = Platform.telegram

    public let context: ParseContext

    public init(_ context: ParseContext) {
        self.context = context
    }

    /// `messages` of a single chat, and of each chat of a whole account.
    static func isMessageArray(_ path: JSONPath) -> Bool {
        path.matches(["messages"]) || path.matches(["chats", "list", nil, "messages"])
            || path.matches(["left_chats", "list", nil, "messages"])
    }

    /// The chat a record array belongs to: the path of the object holding `messages`.
    static func chatKey(_ arrayPath: JSONPath) -> String { arrayPath.parent.description }

    /// `chatKey`, computed once per chat rather than once per message.
    struct ChatKeyCache {
        private var path: JSONPath?
        private var key = ""

        mutating func key(_ arrayPath: JSONPath) -> String {
            if arrayPath != path {
                path = arrayPath
                key = TelegramJSONParser.chatKey(arrayPath)
            }
            return key
        }
    }

    public func survey(_ input: some ByteInput) throws(SanadError) -> TelegramSurvey {
        var chats: [String: TelegramSurvey.Chat] = [:]
        var clock = EventClock(declared: nil)
        var keys = ChatKeyCache()
        let sha256 = try JSONExportScan.run(input, isRecordArray: Self.isMessageArray) {
            (item: JSONStreamItem) throws(SanadError) in
            switch item {
            case .scalar(let path, let value):
                guard path.lastKey == "name", Self.isMessageArray(path.parent.appending("messages")) else { return }
                chats[path.parent.description, default: .init()].name = JSONText.clean(value.stringValue)
            case .record(let record):
                // The senders of messages that have a time; an element that is no message names no one.
                let sender = TelegramMessage.surveySender(record, clock: &clock)
                chats[keys.key(record.arrayPath), default: .init()].senders.add(sender)
            case .span:
                break
            }
        }
        return TelegramSurvey(sha256: sha256, chats: chats)
    }

    public func parse(
        _ input: some ByteInput, survey: TelegramSurvey,
        _ each: (TimelineEvent) throws(SanadError) -> Void
    ) throws(SanadError) {
        let factory = JSONEventFactory(
            exhibit: context.exhibit, sha256: survey.sha256, parser: parserInfo,
            platform: Self.platform)
        var clock = EventClock(declared: context.zone)
        var conversations: [String: Conversation] = [:]
        var keys = ChatKeyCache()
        let exhibits = context.attachmentExhibits
        let sha256 = try JSONExportScan.run(input, isRecordArray: Self.isMessageArray) {
            (item: JSONStreamItem) throws(SanadError) in
            switch item {
            case .scalar:
                break
            case .span(let span):
                try each(factory.unparsed(span))
            case .record(let record):
                let key = keys.key(record.arrayPath)
                let conversation =
                    conversations[key]
                    ?? {
                        let chat = survey.chats[key]
                        let c = Conversation(title: chat?.name, participants: chat?.participants ?? [])
                        conversations[key] = c
                        return c
                    }()
                guard let value = TelegramMessage.parse(record),
                    let m = TelegramMessage(value, clock: &clock, exhibits: exhibits)
                else { return try each(factory.unparsed(record, conversation: conversation)) }
                try each(
                    TimelineEvent(
                        time: m.reading.time, localTime: m.reading.localTime, zone: m.reading.zone,
                        platform: Self.platform, conversation: conversation, sender: m.sender, kind: m.kind,
                        text: m.text, attachments: m.attachments, replyTo: m.replyTo,
                        forwardedFrom: m.forwardedFrom, source: factory.source(record), parser: parserInfo))
            }
        }
        try JSONExportScan.checkUnchanged(sha256, surveyed: survey.sha256, label: input.label)
    }

    /// A JSON object that holds `"messages"` with Telegram's own members (`date_unixtime`,
    /// `from_id`, `text_entities`, `actor_id`), or a whole-account export: `"about"` with
    /// `"personal_information"` or `"chats"`.
    public static func recognizes(prefix: [UInt8], fileName: String?) -> Bool {
        guard let has = JSONExportScan.members(prefix) else { return false }
        if has("\"about\""), has("\"personal_information\"") || has("\"chats\"") || has("\"frequent_contacts\"") {
            return true
        }
        guard has("\"messages\"") else { return false }
        if has("\"date_unixtime\"") || has("\"from_id\"") || has("\"actor_id\"") || has("\"text_entities\"") {
            return true
        }
        // An old or empty single chat: the chat types Telegram Desktop writes.
        return [
            "personal_chat", "private_group", "private_supergroup", "public_supergroup", "private_channel",
            "public_channel", "saved_messages", "bot_chat",
        ].contains { has("\"type\": \"\($0)\"") }
    }
}
