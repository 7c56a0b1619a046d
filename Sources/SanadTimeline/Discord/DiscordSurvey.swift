import SanadModel

/// What the first pass over a DiscordChatExporter JSON export finds: the digest, the
/// conversation's title (from `guild` and `channel`, before the messages) and the senders.
public struct DiscordSurvey: Sendable {
    public var sha256: String
    public var title: String?
    public var participants: [String]
}
