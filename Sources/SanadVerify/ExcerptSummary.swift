import SanadFormat
import SanadModel

/// What an excerpt discloses, as its verification found it (docs/FORMAT.md §10): per exhibit,
/// the leaves disclosed (their bytes and where they lie) against the commitment's counts.
public struct ExcerptSummary: Sendable {
    public struct Exhibit: Sendable {
        public var commitment: Commitment
        public var leaves: [ExcerptDisclosure.Leaf]
        /// The disclosed leaves' bytes, in index order (what the proof covers).
        public var bytes: [UInt8]
        /// Runs of consecutive disclosed leaves, inclusive.
        public var runs: [[Int]]
        /// Whether the proof held, so that the bytes are proven.
        public var proven: Bool

        public init(
            commitment: Commitment, leaves: [ExcerptDisclosure.Leaf], bytes: [UInt8], runs: [[Int]], proven: Bool
        ) {
            self.commitment = commitment
            self.leaves = leaves
            self.bytes = bytes
            self.runs = runs
            self.proven = proven
        }

        /// Events disclosed (leaf 0, the bytes before the first event, is not an event).
        public var disclosedEvents: Int { leaves.filter { $0.index > 0 }.count }
        public var withheldEvents: Int { commitment.events - disclosedEvents }

        /// The bytes of one disclosed leaf.
        public func bytes(of leaf: ExcerptDisclosure.Leaf) -> ArraySlice<UInt8> {
            var at = 0
            for l in leaves {
                if l.index == leaf.index { return bytes[at..<min(bytes.count, at + Int(l.length))] }
                at += Int(l.length)
            }
            return []
        }
    }

    public var disclosure: ExcerptDisclosure
    public var exhibits: [Exhibit] = []
    /// Whole items and whether each matched its manifest line.
    public var items: [(item: ExcerptDisclosure.Item, matched: Bool)] = []

    public var json: JSONValue {
        [
            "created_at": .string(disclosure.createdAt), "recipient": .optional(disclosure.recipient),
            "reason": .optional(disclosure.reason), "archive_sha256": .optional(disclosure.archiveSHA256),
            "exhibits": .array(
                exhibits.map { e in
                    [
                        "exhibit": .string(e.commitment.exhibit), "parser": .string(e.commitment.parserName),
                        "events": .int(Int64(e.commitment.events)), "messages": .int(Int64(e.commitment.messages)),
                        "disclosed": .array(e.leaves.map { .int(Int64($0.index)) }),
                        "withheld_events": .int(Int64(e.withheldEvents)),
                        "runs": .array(e.runs.map { .array($0.map { .int(Int64($0)) }) }), "proven": .bool(e.proven),
                    ]
                }),
            "items": .array(items.map { ["exhibit": .string($0.item.exhibit), "path": .string($0.item.path)] }),
        ]
    }
}
