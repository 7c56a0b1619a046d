import SanadModel

/// A correction of what was declared about an item or the case, as an `amended` custody entry
/// records it (docs/CUSTODY.md §3). The original declaration stays in the log and in the item
/// record; the current view of an item is its record's `collection` with every amendment
/// applied in log order.
public struct Amendment: Sendable, Equatable {
    /// The fields `sanad amend` may change: the collector's declarations.
    public static let fields: [String] = [
        "collected_by", "collected_at", "method", "platform", "account", "url", "timezone", "locale", "date_order",
        "sensitive", "note",
    ]

    public let seq: Int64
    public let time: String
    public let actor: String
    /// The exhibit amended, or nil for the case's defaults.
    public let item: String?
    /// Each changed field's new value (null: no longer declared).
    public let changes: [String: JSONValue]
    /// Each changed field's value before, as the current view showed it.
    public let previous: [String: JSONValue]
    public let reason: String

    public init(
        seq: Int64, time: String, actor: String, item: String?, changes: [String: JSONValue],
        previous: [String: JSONValue], reason: String
    ) {
        self.seq = seq
        self.time = time
        self.actor = actor
        self.item = item
        self.changes = changes
        self.previous = previous
        self.reason = reason
    }

    /// Reads an `amended` entry; nil for any other entry or a malformed one.
    public init?(entry: CustodyEntry) {
        guard entry.action == .amended, let changes = entry.details["changes"]?.objectValue, !changes.isEmpty,
            changes.keys.allSatisfy(Self.fields.contains), let reason = entry.details["reason"]?.stringValue,
            entry.items.count <= 1
        else { return nil }
        self.init(
            seq: entry.seq, time: entry.time, actor: entry.actor, item: entry.items.first, changes: changes,
            previous: entry.details["previous"]?.objectValue ?? [:], reason: reason)
    }

    /// The entry's `details`.
    public var details: JSONValue {
        ["changes": .object(changes), "previous": .object(previous), "reason": .string(reason)]
    }

    /// `collection` with `amendments` applied in order, and for each field changed, the last
    /// amendment that changed it.
    public static func apply(
        _ amendments: [Amendment], to collection: JSONValue?
    ) -> (collection: JSONValue, amendedBy: [String: Amendment]) {
        var members = collection?.objectValue ?? [:]
        var by: [String: Amendment] = [:]
        for a in amendments {
            for (field, value) in a.changes {
                if value == .null { members.removeValue(forKey: field) } else { members[field] = value }
                by[field] = a
            }
        }
        return (.object(members), by)
    }

    /// An item record with its `collection` replaced by the amended one.
    public static func applied(_ amendments: [Amendment], toRecord record: JSONValue) -> JSONValue {
        guard !amendments.isEmpty, var members = record.objectValue else { return record }
        let (collection, by) = apply(amendments, to: record["collection"])
        members["collection"] = collection
        // Which fields are amended, for readers that must say so (a zone's basis `amended`).
        members["amended_fields"] = .array(by.keys.sorted().map { .string($0) })
        return .object(members)
    }
}
