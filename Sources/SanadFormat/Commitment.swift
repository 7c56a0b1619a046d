import SanadCrypto
import SanadModel

/// `sanad/commitments/<exhibit>.json` (docs/FORMAT.md §9): the seal's salted Merkle
/// commitment to the events of one parsed item, in file order. A tag file, so covered by the
/// tag manifest and the seal's signature; an excerpt carries it unchanged.
public struct Commitment: Equatable, Sendable {
    public static let folder = "sanad/commitments"
    public static let seedFolder = "sanad/commitment-seeds"
    public static let format = "sanad-commitment"
    public static let version: Int64 = 1

    public var exhibit: String
    /// SHA-256 and size of the item's bytes (for a zip member, the member's).
    public var sha256: String
    public var size: Int64
    public var parserName: String
    public var parserVersion: String
    /// The declarations the parser read the file with: events are read again with them.
    public var dateOrder: String?
    public var zone: String?
    /// How the zone was declared: `declared-at-ingest` or `amended`.
    public var zoneBasis: String?
    /// The platform declared at ingest (`--source-platform`).
    public var platform: String?
    /// Leaves: one per event, plus leaf 0 (the bytes before the first event).
    public var leaves: Int
    public var events: Int
    /// Events of kind `message`.
    public var messages: Int
    /// The Merkle root, lowercase hex.
    public var root: String

    public init(
        exhibit: String, sha256: String, size: Int64, parserName: String, parserVersion: String, dateOrder: String?,
        zone: String?, zoneBasis: String? = nil, platform: String? = nil, leaves: Int, events: Int, messages: Int,
        root: String
    ) {
        self.exhibit = exhibit
        self.sha256 = sha256
        self.size = size
        self.parserName = parserName
        self.parserVersion = parserVersion
        self.dateOrder = dateOrder
        self.zone = zone
        self.zoneBasis = zoneBasis
        self.platform = platform
        self.leaves = leaves
        self.events = events
        self.messages = messages
        self.root = root
    }

    public static func path(_ exhibit: String) -> String { "\(folder)/\(exhibit).json" }
    public static func leavesPath(_ exhibit: String) -> String { "\(folder)/\(exhibit).leaves" }
    public static func seedPath(_ exhibit: String) -> String { "\(seedFolder)/\(exhibit).json" }

    /// The exhibit a commitment path names (`sanad/commitments/E0001.json` → `E0001`), or nil.
    public static func exhibit(ofPath path: String) -> String? {
        guard path.hasPrefix(folder + "/"), path.hasSuffix(".json") else { return nil }
        let id = String(path.dropFirst(folder.count + 1).dropLast(5))
        return ExhibitID(id) != nil ? id : nil
    }

    public var bytes: [UInt8] {
        CanonicalJSON.encodePretty([
            "format": .string(Self.format), "version": .int(Self.version), "exhibit": .string(exhibit),
            "sha256": .string(sha256), "size": .int(size),
            "parser": ["name": .string(parserName), "version": .string(parserVersion)],
            "context": [
                "date_order": .optional(dateOrder), "zone": .optional(zone), "zone_basis": .optional(zoneBasis),
                "platform": .optional(platform),
            ],
            "leaves": .int(Int64(leaves)), "events": .int(Int64(events)), "messages": .int(Int64(messages)),
            "root": .string(root), "salts": "hmac-sha256", "tree": "rfc9162-sha256",
        ])
    }

    /// Reads the file strictly; the reason for a refusal.
    public static func parse(_ bytes: [UInt8], path: String) -> Result<Commitment, SanadError> {
        func bad(_ why: String) -> Result<Commitment, SanadError> {
            .failure(SanadError(.archiveCorrupt, "\(path) is not a valid commitment: \(why)"))
        }
        guard let v = try? JSONParser.parse(bytes) else { return bad("not JSON") }
        guard v["format"]?.stringValue == format else { return bad("its format is not \(format)") }
        guard v["version"]?.intValue == version else { return bad("its version is not \(version)") }
        guard v["salts"]?.stringValue == "hmac-sha256", v["tree"]?.stringValue == "rfc9162-sha256" else {
            return bad("its salts or tree are not hmac-sha256 and rfc9162-sha256")
        }
        guard let exhibit = v["exhibit"]?.stringValue, ExhibitID(exhibit) != nil,
            let sha = v["sha256"]?.stringValue, isHex(sha, 64), let size = v["size"]?.intValue, size >= 0,
            let name = v["parser"]?["name"]?.stringValue, let pv = v["parser"]?["version"]?.stringValue,
            let leaves = v["leaves"]?.intValue, leaves >= 1, leaves <= size + 1,
            let events = v["events"]?.intValue, events == leaves - 1,
            let messages = v["messages"]?.intValue, messages >= 0, messages <= events,
            let root = v["root"]?.stringValue, isHex(root, 64)
        else { return bad("a member is missing or out of range") }
        let context = v["context"]
        return .success(
            Commitment(
                exhibit: exhibit, sha256: sha, size: size, parserName: name, parserVersion: pv,
                dateOrder: context?["date_order"]?.stringValue, zone: context?["zone"]?.stringValue,
                zoneBasis: context?["zone_basis"]?.stringValue, platform: context?["platform"]?.stringValue,
                leaves: Int(leaves), events: Int(events), messages: Int(messages), root: root))
    }

    static func isHex(_ s: String, _ count: Int) -> Bool {
        s.utf8.count == count && s.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// `<exhibit>.leaves`: each leaf's length, decimal, one per line.
    public static func leavesFile(_ lengths: [Int64]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(lengths.count * 4)
        for l in lengths {
            out.append(contentsOf: String(l).utf8)
            out.append(0x0A)
        }
        return out
    }

    /// Reads a `.leaves` file strictly: decimal digits without leading zeros, LF after each;
    /// nil when malformed.
    public static func parseLeaves(_ bytes: [UInt8]) -> [Int64]? {
        var out: [Int64] = []
        var value: Int64 = 0
        var digits = 0
        for b in bytes {
            if b == 0x0A {
                guard digits > 0 else { return nil }
                out.append(value)
                value = 0
                digits = 0
            } else {
                guard (0x30...0x39).contains(b), digits < 15, !(digits == 1 && value == 0) else { return nil }
                value = value * 10 + Int64(b - 0x30)
                digits += 1
            }
        }
        return digits == 0 ? out : nil
    }

    /// `sanad/commitment-seeds/<exhibit>.json`.
    public static func seedFile(exhibit: String, seed: [UInt8]) -> [UInt8] {
        CanonicalJSON.encodePretty([
            "format": "sanad-commitment-seed", "version": 1, "exhibit": .string(exhibit),
            "seed": .string(Hex.encode(seed)),
        ])
    }

    /// The seed a seed file holds, when it is well formed and names `exhibit`.
    public static func parseSeed(_ bytes: [UInt8], exhibit: String) -> [UInt8]? {
        guard let v = try? JSONParser.parse(bytes), v["format"]?.stringValue == "sanad-commitment-seed",
            v["version"]?.intValue == 1, v["exhibit"]?.stringValue == exhibit, let s = v["seed"]?.stringValue,
            isHex(s, 64)
        else { return nil }
        return Hex.decode(s)
    }
}
