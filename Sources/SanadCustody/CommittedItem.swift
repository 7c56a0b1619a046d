import SanadModel

/// An item as the custody log commits it: the facts `log --verify` and later stages rely on.
public struct CommittedItem: Sendable, Equatable {
    public enum Kind: String, Sendable { case original, duplicate }

    public let id: String
    public let kind: Kind
    public let sha256: String
    public let size: Int64
    public let metadataPath: String
    public let metadataSHA256: String
    /// Where the bytes live; `nil` for a duplicate, whose bytes are those of `duplicateOf`.
    public let objectPath: String?
    public let payloadPath: String?
    public let duplicateOf: String?
    /// SHA-256 of the absolute source path: lets `add` be idempotent without logging names.
    public let sourceRef: String

    public init(
        id: String, kind: Kind, sha256: String, size: Int64, metadataPath: String, metadataSHA256: String,
        objectPath: String?, payloadPath: String?, duplicateOf: String?, sourceRef: String
    ) {
        self.id = id
        self.kind = kind
        self.sha256 = sha256
        self.size = size
        self.metadataPath = metadataPath
        self.metadataSHA256 = metadataSHA256
        self.objectPath = objectPath
        self.payloadPath = payloadPath
        self.duplicateOf = duplicateOf
        self.sourceRef = sourceRef
    }

    /// The `details` of the `ingested` or `duplicate` entry that commits this item.
    public var logDetails: JSONValue {
        .compactObject([
            "sha256": .string(sha256), "size": .int(size),
            "metadata": .string(metadataPath), "metadata_sha256": .string(metadataSHA256),
            "object": .optional(objectPath), "payload": .optional(payloadPath),
            "duplicate_of": .optional(duplicateOf), "source_ref": .string(sourceRef),
        ])
    }

    init?(entry: CustodyEntry) {
        guard case .object(let members) = entry.details else { return nil }
        self.init(entry: entry, details: members.map { ($0.key, $0.value) })
    }

    init?(entry: CustodyEntry, details members: [(key: String, value: JSONValue)]) {
        let kind: Kind
        switch entry.action {
        case .ingested: kind = .original
        case .duplicate: kind = .duplicate
        default: return nil
        }
        // One pass over the members, not a lookup per field: a large case has 100,000 items.
        var sha: String?, size: Int64?, meta: String?, metaSHA: String?, ref: String?
        var object: String?, payload: String?, duplicateOf: String?
        for (key, value) in members {
            switch key {
            case "sha256": sha = value.stringValue
            case "size": size = value.intValue
            case "metadata": meta = value.stringValue
            case "metadata_sha256": metaSHA = value.stringValue
            case "source_ref": ref = value.stringValue
            case "object": object = value.stringValue
            case "payload": payload = value.stringValue
            case "duplicate_of": duplicateOf = value.stringValue
            default: continue
            }
        }
        guard let id = entry.items.first, let sha, let size, let meta, let metaSHA, let ref else { return nil }
        self.init(
            id: id, kind: kind, sha256: sha, size: size, metadataPath: meta, metadataSHA256: metaSHA,
            objectPath: object, payloadPath: payload, duplicateOf: duplicateOf, sourceRef: ref)
    }
}

/// Everything committed to a workspace, rebuilt from its custody log alone.
public struct WorkspaceState: Sendable {
    public private(set) var items: [CommittedItem] = []
    public private(set) var byID: [String: CommittedItem] = [:]
    /// The first original with each SHA-256.
    public private(set) var originalBySHA256: [String: String] = [:]
    private var bySource: [String: String] = [:]
    public private(set) var highestExhibit = 0
    /// Entries that should commit an item but do not decode.
    public private(set) var malformedEntries: [Int64] = []
    /// Amendments of each item's declarations, in log order; the case's under "".
    public private(set) var amendments: [String: [Amendment]] = [:]
    /// Files derived from items (previews), in log order.
    public private(set) var derived: [DerivedRecord] = []

    public init(entries: [CustodyEntry]) {
        for e in entries {
            if e.action == .ingested || e.action == .duplicate {
                guard let item = CommittedItem(entry: e) else { malformedEntries.append(e.seq); continue }
                record(item)
            } else if e.action == .amended {
                guard let a = Amendment(entry: e) else { malformedEntries.append(e.seq); continue }
                amendments[a.item ?? "", default: []].append(a)
            } else if e.action == .derived {
                guard let d = DerivedRecord(entry: e) else { malformedEntries.append(e.seq); continue }
                derived.append(d)
            }
        }
    }

    /// The item an entry commits, if it commits one and decodes: what a verifier compares
    /// with the bag, without the lookups `add` needs (100,000 items in a large case).
    public static func item(from entry: CustodyEntry) -> CommittedItem? {
        guard case .object(let members) = entry.details else { return nil }
        return item(from: entry, details: members.map { ($0.key, $0.value) })
    }

    /// The same, from the entry's details given as their members (`ChainVerifier` reads them
    /// that way when it keeps no entries).
    public static func item(from entry: CustodyEntry, details: [(key: String, value: JSONValue)]) -> CommittedItem? {
        entry.action == .ingested || entry.action == .duplicate ? CommittedItem(entry: entry, details: details) : nil
    }

    public mutating func record(_ item: CommittedItem) {
        items.append(item)
        byID[item.id] = item
        if item.kind == .original, originalBySHA256[item.sha256] == nil { originalBySHA256[item.sha256] = item.id }
        bySource["\(item.sourceRef):\(item.sha256)"] = item.id
        if let n = ExhibitID(item.id)?.number { highestExhibit = max(highestExhibit, n) }
    }

    /// The item already made from this very file with this very content, if any.
    public func existing(sourceRef: String, sha256: String) -> String? { bySource["\(sourceRef):\(sha256)"] }
}
