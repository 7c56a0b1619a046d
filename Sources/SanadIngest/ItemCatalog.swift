import Foundation
import SanadCrypto
import SanadCustody
import SanadModel
import SanadWorkspace

/// The exhibits of a case as they stand: each item record with the amendments of its
/// declarations applied, and who made each (`sanad items`, `sanad amend`).
public struct ItemCatalog {
    public struct Entry: Sendable {
        public let committed: CommittedItem
        /// The item record as written at ingest.
        public let record: JSONValue
        /// Its `collection` with every amendment applied.
        public let collection: JSONValue
        /// For each amended field, the last amendment that changed it.
        public let amendedBy: [String: Amendment]

        public var id: String { committed.id }
        public var originalName: String? { record["original"]?["name"]?.stringValue }
        public var typeLabel: String { record["type"]?["label"]?.stringValue ?? "" }
        public var mime: String { record["type"]?["mime"]?.stringValue ?? "" }
        public var members: Int { record["members"]?.arrayValue?.count ?? 0 }
        public var isSensitive: Bool { collection["sensitive"]?.boolValue == true }

        /// The entry for `sanad items --json`.
        public var json: JSONValue {
            .compactObject([
                "id": .string(id), "kind": .string(committed.kind.rawValue),
                "original_name": .optional(originalName), "type": .string(mime), "size": .int(committed.size),
                "sha256": .string(committed.sha256), "duplicate_of": .optional(committed.duplicateOf),
                "members": members > 0 ? .int(Int64(members)) : .null, "collection": collection,
                "amended": amendedBy.isEmpty
                    ? .null
                    : .object(
                        amendedBy.mapValues { a in
                            [
                                "seq": .int(a.seq), "time": .string(a.time), "by": .string(a.actor),
                                "reason": .string(a.reason),
                                "previous": a.previous.isEmpty ? .null : .object(a.previous),
                            ]
                        }),
            ])
        }
    }

    /// The declarations an item carries, in the order to show them.
    public static let declarationFields = Amendment.fields

    public let entries: [Entry]
    /// The case's defaults, amended.
    public let caseDefaults: JSONValue

    /// The bytes of every stored original, from the custody log alone (for a progress line's
    /// total; 0 when the log cannot be read).
    public static func storedBytes(_ workspace: Workspace) -> Int64 {
        guard let contents = try? CaseStore(workspace).readCustodyLog() else { return 0 }
        let state = WorkspaceState(entries: ChainVerifier.verify(contents).entries)
        return state.items.filter { $0.kind == .original }.reduce(0) { $0 + $1.size }
    }

    /// Reads every item record of the workspace; fails when one is missing or changed.
    public init(_ workspace: Workspace) throws(SanadError) {
        let store = CaseStore(workspace)
        let contents = try store.readCustodyLog()
        let chain = ChainVerifier.verify(contents)
        let state = WorkspaceState(entries: chain.entries)
        var entries: [Entry] = []
        for committed in state.items {
            let record = try store.committedItemRecord(committed)
            let (collection, by) = Amendment.apply(state.amendments[committed.id] ?? [], to: record["collection"])
            entries.append(Entry(committed: committed, record: record, collection: collection, amendedBy: by))
        }
        self.entries = entries.sorted {
            (ExhibitID($0.id) ?? ExhibitID(number: 0)) < (ExhibitID($1.id) ?? ExhibitID(number: 0))
        }
        caseDefaults = Amendment.apply(state.amendments[""] ?? [], to: try workspace.caseInfo().defaults.json).0
    }
}
