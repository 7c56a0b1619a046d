import SanadModel

/// What the first pass over a Meta `message_N.json` finds: the digest, the thread's title
/// (written after the messages), the senders, and which platform wrote the file.
public struct MetaSurvey: Sendable {
    public var sha256: String
    public var title: String?
    public var participants: [String]
    /// Instagram or Facebook when the file's own content says so, nil when it does not.
    public var platformFromContent: Platform?
}
