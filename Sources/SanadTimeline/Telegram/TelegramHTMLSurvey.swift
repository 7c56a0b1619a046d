/// What the first pass over a Telegram HTML page finds: its hash, the chat's name from the
/// page header, and the senders in order of first appearance.
public struct TelegramHTMLSurvey: Sendable, Equatable {
    public var sha256: String
    public var title: String?
    public var participants: [String]
}
