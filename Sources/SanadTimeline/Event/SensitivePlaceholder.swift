import SanadModel

/// What a `sensitive` event says in place of the content of an item marked sensitive
/// (docs/TIMELINE.md §8.6): the facts a reader needs to find and check the item, and why its
/// content is not shown. The exhibit and SHA-256 are in the event's `source`.
public struct SensitivePlaceholder: Equatable, Sendable {
    /// `marked sensitive when collected by …`, or `amended to sensitive by … at …, entry N`.
    public var reason: String
    /// The item's size in bytes.
    public var size: Int64
    /// The MIME type detected at ingest, if any.
    public var type: String?

    public init(reason: String, size: Int64, type: String?) {
        self.reason = reason
        self.size = size
        self.type = type
    }

    public var json: JSONValue {
        ["reason": .string(reason), "size": .int(size), "type": .optional(type)]
    }
}
