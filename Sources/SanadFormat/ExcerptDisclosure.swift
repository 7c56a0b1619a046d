import SanadModel

/// `excerpt/disclosure.json` (docs/FORMAT.md §10): what an excerpt discloses of each
/// committed exhibit (leaves with their salts, one inclusion proof) and which whole items it
/// carries. Not covered by the seal: the proofs are what make it trustworthy.
public struct ExcerptDisclosure: Equatable, Sendable {
    public static let path = "excerpt/disclosure.json"
    public static let format = "sanad-excerpt"
    public static let version: Int64 = 1
    /// Far above any real excerpt; a bound on what a hostile file makes a verifier allocate.
    public static let maxLeaves = 10_000_000

    public struct Leaf: Equatable, Sendable {
        public var index: Int
        public var offset: Int64
        public var length: Int64
        public var salt: String

        public init(index: Int, offset: Int64, length: Int64, salt: String) {
            self.index = index
            self.offset = offset
            self.length = length
            self.salt = salt
        }
    }

    public struct Exhibit: Equatable, Sendable {
        public var exhibit: String
        public var leaves: [Leaf]
        public var proof: [String]
        /// Claimed runs of consecutive disclosed leaves, inclusive.
        public var runs: [[Int]]

        public init(exhibit: String, leaves: [Leaf], proof: [String], runs: [[Int]]) {
            self.exhibit = exhibit
            self.leaves = leaves
            self.proof = proof
            self.runs = runs
        }

        public var commitmentPath: String { Commitment.path(exhibit) }
        public var bytesPath: String { "excerpt/\(exhibit).bin" }
    }

    public struct Item: Equatable, Sendable {
        public var exhibit: String
        public var path: String
        public init(exhibit: String, path: String) {
            self.exhibit = exhibit
            self.path = path
        }
    }

    public var createdAt: String
    public var toolVersion: String
    public var recipient: String?
    public var reason: String?
    /// The archive file's SHA-256; nil when cut from an unpacked bag (a folder has none).
    public var archiveSHA256: String?
    public var archiveName: String
    public var exhibits: [Exhibit]
    public var items: [Item]

    public init(
        createdAt: String, toolVersion: String, recipient: String?, reason: String?, archiveSHA256: String?,
        archiveName: String, exhibits: [Exhibit], items: [Item]
    ) {
        self.createdAt = createdAt
        self.toolVersion = toolVersion
        self.recipient = recipient
        self.reason = reason
        self.archiveSHA256 = archiveSHA256
        self.archiveName = archiveName
        self.exhibits = exhibits
        self.items = items
    }

    /// Runs of consecutive indices in a sorted list: `[1, 2, 3, 7]` → `[[1, 3], [7, 7]]`.
    public static func runs(_ sorted: [Int]) -> [[Int]] {
        var out: [[Int]] = []
        for i in sorted {
            if let last = out.last, last[1] + 1 == i { out[out.count - 1][1] = i } else { out.append([i, i]) }
        }
        return out
    }

    public var bytes: [UInt8] {
        let ex: [JSONValue] = exhibits.map { e in
            [
                "exhibit": .string(e.exhibit), "commitment": .string(e.commitmentPath), "bytes": .string(e.bytesPath),
                "leaves": .array(
                    e.leaves.map {
                        [
                            "index": .int(Int64($0.index)), "offset": .int($0.offset), "length": .int($0.length),
                            "salt": .string($0.salt),
                        ]
                    }),
                "proof": .array(e.proof.map { .string($0) }),
                "runs": .array(e.runs.map { .array($0.map { .int(Int64($0)) }) }),
            ]
        }
        return CanonicalJSON.encodePretty([
            "format": .string(Self.format), "version": .int(Self.version), "created_at": .string(createdAt),
            "tool": ["name": "sanad", "version": .string(toolVersion)], "recipient": .optional(recipient),
            "reason": .optional(reason),
            "archive": ["sha256": .optional(archiveSHA256), "name": .string(archiveName)],
            "exhibits": .array(ex),
            "items": .array(items.map { ["exhibit": .string($0.exhibit), "path": .string($0.path)] }),
        ])
    }
}
