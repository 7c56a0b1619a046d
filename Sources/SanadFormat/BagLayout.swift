import Foundation
import SanadModel

/// The BagIt 1.0 tag files of a Sanad archive (docs/FORMAT.md §2). Pure functions of their
/// inputs, so that the same workspace, key and time give the same bytes.
public enum BagLayout {
    /// 2: commitments for selective disclosure (§9). Version 1 archives still verify.
    public static let formatVersion = 2
    public static let signatureFile = "signature/seal.p7s"
    public static let signerCertificateFile = "signature/signer.pem"
    public static let timestampFile = "signature/seal.tsr"
    public static let timestampChainFile = "signature/tsa-chain.pem"
    public static let custodyFile = "sanad/custody.jsonl"
    public static let caseFile = "sanad/case.json"

    public struct PayloadFile: Sendable {
        public let path: String
        public let sha256: String
        public let size: Int64
    }

    public static func bagitTxt() -> [UInt8] {
        Array("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".utf8)
    }

    /// `manifest-sha256.txt` or `tagmanifest-sha256.txt`: `<hex>  <path>` lines, sorted by path
    /// bytes. Two spaces, so that `sha256sum -c` reads it as well as BagIt validators.
    public static func manifest(_ entries: [(path: String, sha256: String)]) -> [UInt8] {
        let sorted = entries.sorted { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }
        return Array(sorted.map { "\($0.sha256)  \($0.path)\n" }.joined().utf8)
    }

    public struct Info: Sendable {
        public var caseID: String
        public var organisation: String
        public var sealedAt: String
        public var payloadBytes: Int64
        public var payloadFiles: Int
        public var custodyHead: String
        public var custodyEntries: Int
        public var signerFingerprint: String
        public var toolVersion: String
        /// How many RFC 3161 tokens the seal carries (one per `--tsa`), committed before they are
        /// asked for, so that a verifier sees a token that was taken out.
        public var timestamps: Int = 0

        public init(
            caseID: String, organisation: String, sealedAt: String, payloadBytes: Int64, payloadFiles: Int,
            custodyHead: String, custodyEntries: Int, signerFingerprint: String, toolVersion: String,
            timestamps: Int = 0
        ) {
            self.caseID = caseID
            self.organisation = organisation
            self.sealedAt = sealedAt
            self.payloadBytes = payloadBytes
            self.payloadFiles = payloadFiles
            self.custodyHead = custodyHead
            self.custodyEntries = custodyEntries
            self.signerFingerprint = signerFingerprint
            self.toolVersion = toolVersion
            self.timestamps = timestamps
        }
    }

    /// `bag-info.txt`. Values never contain line breaks (they are folded to spaces).
    public static func bagInfo(_ i: Info) -> [UInt8] {
        let fields: [(String, String)] = [
            ("Source-Organization", i.organisation),
            ("External-Identifier", i.caseID),
            ("Bagging-Date", String(i.sealedAt.prefix(10))),
            ("Payload-Oxum", "\(i.payloadBytes).\(i.payloadFiles)"),
            ("Bag-Software-Agent", "sanad \(i.toolVersion)"),
            ("Sanad-Format-Version", "\(formatVersion)"),
            ("Sanad-Sealed-At", i.sealedAt),
            ("Sanad-Custody-Head", i.custodyHead),
            ("Sanad-Custody-Entries", "\(i.custodyEntries)"),
            ("Sanad-Signer-Fingerprint", i.signerFingerprint),
            ("Sanad-Timestamps", "\(i.timestamps)"),
        ]
        let text = fields.map { "\($0.0): \(fold($0.1))\n" }.joined()
        return Array(text.utf8)
    }

    public static func fold(_ value: String) -> String {
        value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    /// Parses `bag-info.txt` (label: value per line; continuation lines start with white space).
    public static func parseBagInfo(_ bytes: [UInt8]) -> [(String, String)]? {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        var out: [(String, String)] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let l = line.hasSuffix("\r") ? line.dropLast() : line
            if l.first == " " || l.first == "\t", !out.isEmpty {
                out[out.count - 1].1 += " " + l.trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let colon = l.firstIndex(of: ":") else { return nil }
            out.append(
                (
                    String(l[..<colon]).trimmingCharacters(in: .whitespaces),
                    String(l[l.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                ))
        }
        return out
    }
}
