import SanadModel

/// The conversation an event belongs to.
public struct Conversation: Equatable, Sendable {
    /// As the export or the caller states it; a WhatsApp `.txt` does not.
    public var title: String?
    /// Senders seen in the export, in order of first appearance: not the group's membership,
    /// which no export states.
    public var participants: [String]

    public init(title: String?, participants: [String]) {
        self.title = title
        self.participants = participants
    }

    public var json: JSONValue {
        ["title": .optional(title), "participants": .array(participants.map { .string($0) })]
    }
}
