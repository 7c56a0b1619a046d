import SanadModel

/// `sanad/envelopes.json` (docs/FORMAT.md §2.2): the originals the sealer put in envelopes for
/// named recipients, each with the SHA-256, size and type the custody log recorded for its
/// plaintext, and the recipients, whose certificates are `sanad/recipients.pem` in the same
/// order. Tag files both, so covered by the seal's signature. Absent when nothing is enveloped.
public struct EnvelopeList: Equatable, Sendable {
    public static let path = "sanad/envelopes.json"
    public static let certificatesPath = "sanad/recipients.pem"
    public static let format = "sanad-envelopes"
    public static let version: Int64 = 1
    public static let cipher = "aes-256-gcm"
    /// The extension an enveloped original's name gains in `data/`.
    public static let suffix = ".p7m"

    public struct Recipient: Equatable, Sendable {
        /// SHA-256 of the certificate's DER, lowercase hex.
        public let fingerprint: String
        /// The certificate's subject, RFC 2253.
        public let subject: String

        public init(fingerprint: String, subject: String) {
            self.fingerprint = fingerprint
            self.subject = subject
        }
    }

    public struct Item: Equatable, Sendable {
        public let id: String
        /// The plaintext's SHA-256 and size, as the custody log recorded them.
        public let sha256: String
        public let size: Int64
        public let type: String
        /// The path the original would have had (`data/E0003/original.jpg`); the envelope is this
        /// path with `.p7m` added.
        public let original: String
        /// `sensitive` (marked so) or `requested` (`--encrypt-all`).
        public let reason: String

        public var payload: String { original + EnvelopeList.suffix }

        public init(id: String, sha256: String, size: Int64, type: String, original: String, reason: String) {
            self.id = id
            self.sha256 = sha256
            self.size = size
            self.type = type
            self.original = original
            self.reason = reason
        }
    }

    public static let reasons: Set<String> = ["sensitive", "requested"]

    /// In the order of `sanad/recipients.pem`.
    public let recipients: [Recipient]
    /// In exhibit order.
    public let items: [Item]

    public init(recipients: [Recipient], items: [Item]) {
        self.recipients = recipients
        self.items = items.sorted {
            (ExhibitID($0.id) ?? ExhibitID(number: 0)) < (ExhibitID($1.id) ?? ExhibitID(number: 0))
        }
    }

    /// Canonical JSON, pretty-printed as item records are.
    public var bytes: [UInt8] {
        let recipients: [JSONValue] = recipients.map {
            ["fingerprint": .string($0.fingerprint), "subject": .string($0.subject)]
        }
        let items: [JSONValue] = items.map {
            [
                "id": .string($0.id), "sha256": .string($0.sha256), "size": .int($0.size), "type": .string($0.type),
                "original": .string($0.original), "payload": .string($0.payload), "reason": .string($0.reason),
            ]
        }
        return CanonicalJSON.encodePretty([
            "format": .string(Self.format), "version": .int(Self.version), "cipher": .string(Self.cipher),
            "recipients": .array(recipients), "items": .array(items),
        ])
    }

    /// Reads the file strictly (FORMAT.md §2.2); the reason for a refusal.
    public static func parse(_ bytes: [UInt8]) -> Result<EnvelopeList, SanadError> {
        func bad(_ why: String) -> Result<EnvelopeList, SanadError> {
            .failure(SanadError(.archiveCorrupt, "\(path) is not a valid list of envelopes: \(why)"))
        }
        guard let value = try? JSONParser.parse(bytes) else { return bad("not JSON") }
        guard value["format"]?.stringValue == format else { return bad("its format is not \(format)") }
        guard value["version"]?.intValue == version else { return bad("its version is not \(version)") }
        guard value["cipher"]?.stringValue == cipher else { return bad("its cipher is not \(cipher)") }
        guard let rs = value["recipients"]?.arrayValue, !rs.isEmpty, let list = value["items"]?.arrayValue,
            !list.isEmpty
        else { return bad("it has no recipients or no items") }
        var recipients: [Recipient] = []
        for v in rs {
            guard let fp = v["fingerprint"]?.stringValue, isDigest(fp), let subject = v["subject"]?.stringValue,
                !recipients.contains(where: { $0.fingerprint == fp })
            else { return bad("a recipient is incomplete or repeated") }
            recipients.append(Recipient(fingerprint: fp, subject: subject))
        }
        var items: [Item] = []
        var seen = Set<String>()
        for v in list {
            guard let id = v["id"]?.stringValue, ExhibitID(id) != nil, seen.insert(id).inserted,
                let sha = v["sha256"]?.stringValue, isDigest(sha), let size = v["size"]?.intValue, size >= 0,
                let type = v["type"]?.stringValue, let original = v["original"]?.stringValue,
                original.hasPrefix("data/"), v["payload"]?.stringValue == original + suffix,
                let reason = v["reason"]?.stringValue, reasons.contains(reason)
            else { return bad("an item is incomplete, repeated or not in the form FORMAT.md §2.2 gives") }
            items.append(Item(id: id, sha256: sha, size: size, type: type, original: original, reason: reason))
        }
        let parsed = EnvelopeList(recipients: recipients, items: items)
        guard parsed.bytes == bytes else { return bad("it is not in canonical form") }
        return .success(parsed)
    }

    private static func isDigest(_ s: String) -> Bool {
        s.utf8.count == 64 && s.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
