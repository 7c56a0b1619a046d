import SanadExtract
import SanadModel
import SanadVerify

/// Everything a report says, gathered from the verifier's result and from the files it
/// verified: nothing here is typed by a person, and nothing is read from a file the verifier
/// did not accept.
struct ReportFacts {
    enum Kind { case archive, excerpt }

    /// One exhibit, as its sealed item record declares it.
    struct Exhibit {
        var id: String
        var type: String?
        var mime: String?
        var size: Int64?
        var sha256: String?
        var originalName: String?
        var collectedBy: String?
        var collectedAt: String?
        var method: String?
        var platform: String?
        var timezone: String?
        /// The collector's note, as declared.
        var note: String?
        var ingestedAt: String?
        var modified: String?
        var sensitive = false
        var withheld = false
        var enveloped = false
        /// For an excerpt: messages disclosed, and the conversation's count.
        var disclosed: (Int, Int)?
    }

    /// One conversation's disclosed messages, read again by the parser that committed to them.
    struct Conversation {
        var exhibit: String
        var platform: String?
        var parser: String
        var zone: String?
        var zoneBasis: String?
        var events: Int
        var lines: [ExcerptReading.Line]
        var runs: [[Int]]
        /// The item is marked sensitive, and its messages were asked for with --reveal-sensitive.
        var sensitive = false
    }

    var kind: Kind
    var fileName: String
    var verification: VerificationResult
    var strict: Bool
    var caseID: String?
    var organisation: String?
    /// SHA-256 of the file examined (the archive, or the excerpt).
    var fileSHA256: String?
    /// For an excerpt: the SHA-256 of the archive it was cut from.
    var excerptOf: String?
    var exhibits: [Exhibit] = []
    var custody: [CustodyEntry] = []
    /// VERIFY.txt (or VERIFY-EXCERPT.txt), as sealed.
    var instructions: [UInt8]?
    var instructionsName = "VERIFY.txt"
    var conversations: [Conversation] = []
    /// An unpacked bag: no single file, so no file digest.
    var isFolder = false
    /// Whether the reader named the key to expect (--signer-fingerprint).
    var pinned = false

    var verdict: VerificationResult.Verdict { verification.verdict(strict: strict) }
    var verified: Bool { verdict == .verified }
}

extension ReportFacts.Exhibit {
    /// An exhibit from its sealed item record (`sanad/items/E0001.json`).
    init?(record: JSONValue) {
        guard let id = record["id"]?.stringValue else { return nil }
        self.id = id
        type = record["type"]?["label"]?.stringValue
        mime = record["type"]?["mime"]?.stringValue
        size = record["size"]?.intValue
        sha256 = record["digests"]?["sha256"]?.stringValue
        originalName = record["original"]?["name"]?.stringValue
        modified = record["original"]?["times"]?["modified"]?.stringValue
        ingestedAt = record["ingested_at"]?.stringValue
        let c = record["collection"]
        collectedBy = c?["collected_by"]?.stringValue
        collectedAt = c?["collected_at"]?["as_written"]?.stringValue
        method = c?["method"]?.stringValue
        platform = c?["platform"]?.stringValue
        timezone = c?["timezone"]?.stringValue
        note = c?["note"]?.stringValue
        sensitive = c?["sensitive"]?.boolValue ?? false
    }
}
