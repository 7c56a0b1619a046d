import SanadModel

/// `sanad/withheld.json` (docs/FORMAT.md §2.1): the originals the sealer left out of the bag,
/// each with the SHA-256, size and type the custody log recorded for it, so that the court
/// knows they exist and can check a copy handed over later (`sanad verify --supplement`).
/// A tag file, so covered by the tag manifest and the seal's signature. Absent when nothing
/// is withheld.
public struct WithheldList: Equatable, Sendable {
    public static let path = "sanad/withheld.json"
    public static let format = "sanad-withheld"
    public static let version: Int64 = 1

    public struct Item: Equatable, Sendable {
        /// The exhibit, e.g. `E0003`.
        public let id: String
        public let sha256: String
        public let size: Int64
        /// MIME type, as the item record gives it.
        public let type: String
        /// The path the original would have had in the bag (`data/E0003/original.jpg`).
        public let payload: String
        /// Why: `sensitive` (marked so, `--withhold-sensitive`) or `requested` (`--withhold`).
        public let reason: String

        public init(id: String, sha256: String, size: Int64, type: String, payload: String, reason: String) {
            self.id = id
            self.sha256 = sha256
            self.size = size
            self.type = type
            self.payload = payload
            self.reason = reason
        }

        var json: JSONValue {
            [
                "id": .string(id), "sha256": .string(sha256), "size": .int(size), "type": .string(type),
                "payload": .string(payload), "reason": .string(reason),
            ]
        }
    }

    public static let reasons: Set<String> = ["sensitive", "requested"]

    /// In exhibit order.
    public let items: [Item]

    public init(_ items: [Item]) {
        self.items = items.sorted {
            (ExhibitID($0.id) ?? ExhibitID(number: 0)) < (ExhibitID($1.id) ?? ExhibitID(number: 0))
        }
    }

    /// The file's bytes: canonical JSON, pretty-printed as item records are.
    public var bytes: [UInt8] {
        CanonicalJSON.encodePretty(
            ["format": .string(Self.format), "version": .int(Self.version), "items": .array(items.map(\.json))])
    }

    /// Reads the file strictly: the format and version, every member of every item, a SHA-256
    /// of 64 lowercase hex digits, a size ≥ 0, each exhibit once. The reason for a refusal.
    public static func parse(_ bytes: [UInt8]) -> Result<WithheldList, SanadError> {
        func bad(_ why: String) -> Result<WithheldList, SanadError> {
            .failure(SanadError(.archiveCorrupt, "\(path) is not a valid list of withheld items: \(why)"))
        }
        guard let value = try? JSONParser.parse(bytes) else { return bad("not JSON") }
        guard value["format"]?.stringValue == format else { return bad("its format is not \(format)") }
        guard value["version"]?.intValue == version else { return bad("its version is not \(version)") }
        guard let list = value["items"]?.arrayValue else { return bad("it has no items array") }
        var items: [Item] = []
        var seen = Set<String>()
        for v in list {
            guard let id = v["id"]?.stringValue, ExhibitID(id) != nil, seen.insert(id).inserted,
                let sha = v["sha256"]?.stringValue, sha.count == 64, sha.utf8.allSatisfy(Self.isLowerHex),
                let size = v["size"]?.intValue, size >= 0, let type = v["type"]?.stringValue,
                let payload = v["payload"]?.stringValue, payload.hasPrefix("data/"),
                let reason = v["reason"]?.stringValue, reasons.contains(reason)
            else { return bad("an item is incomplete, repeated or not in the form FORMAT.md §2.1 gives") }
            items.append(Item(id: id, sha256: sha, size: size, type: type, payload: payload, reason: reason))
        }
        guard !items.isEmpty else { return bad("it lists no item") }
        return .success(WithheldList(items))
    }

    private static func isLowerHex(_ c: UInt8) -> Bool { (0x30...0x39).contains(c) || (0x61...0x66).contains(c) }
}
