/// What the first pass over a Telegram `result.json` finds: its digest and, for each chat,
/// its name and the senders seen in it. A chat is keyed by the path of its object (`` for a
/// single-chat export, `chats.list[3]` in a whole account).
public struct TelegramSurvey: Sendable {
    public struct Chat: Sendable {
        public var name: String?
        var senders = ParticipantList()
        public var participants: [String] { senders.names }
    }

    public var sha256: String
    public var chats: [String: Chat]
}
