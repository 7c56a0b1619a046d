import Dispatch
import Foundation
import SanadCrypto
import SanadModel

/// Checks every entry's `sig` (docs/CUSTODY.md §4–§5): `custody-signature` for each signature,
/// `custody-signer` for whose keys made them, `custody-unsigned` for the entries without one.
/// Collects every finding and never throws. The chain itself is `ChainVerifier`'s.
public enum CustodySignatures {
    /// What the checker knows: the certificates it may use, by the SHA-256 of their DER.
    public struct Options: @unchecked Sendable {
        public var certificates: [String: Certificate]
        /// The outcome for a signature whose certificate is not at hand: a failure in a workspace
        /// (its `certs/` must hold it), a warning where certificates do not travel.
        public var missingCertificate: Report.Outcome
        /// Where certificates are looked for, for messages (`certs/`, `the archive`).
        public var certificatePlace: String
        /// Pinned signers (certificate SHA-256); empty when none were pinned.
        public var expectedSigners: Set<String>

        public init(
            certificates: [String: Certificate], missingCertificate: Report.Outcome = .fail,
            certificatePlace: String = "certs/", expectedSigners: Set<String> = []
        ) {
            self.certificates = certificates
            self.missingCertificate = missingCertificate
            self.certificatePlace = certificatePlace
            self.expectedSigners = expectedSigners
        }
    }

    /// One key that signed entries, with a valid signature each.
    public struct Signer: Sendable {
        public let certificateSHA256: String
        public let name: String?
        public var seqs: [Int64]
    }

    public struct Result: Sendable {
        public var report = Report()
        public var signed = 0
        public var unsigned: [Int64] = []
        /// Keys with at least one valid signature, in order of first appearance.
        public var signers: [Signer] = []
        /// Entries whose signature failed (any reason), by seq.
        public var failed: [Int64] = []

        public init() {}
    }

    /// What one line's signature turned out to be.
    enum LineOutcome {
        case notRead
        case unsigned(seq: Int64)
        case valid(seq: Int64, cert: String)
        case problem(seq: Int64, cert: String?, outcome: Report.Outcome, detail: String)
    }

    public static func check(_ contents: CustodyLogFile.Contents, _ options: Options) -> Result {
        let outcomes = readLines(contents.lines, options)
        var r = Result()
        var firstSigned: Int64?
        var afterSigned: [Int64] = []
        for o in outcomes {
            switch o {
            case .notRead: continue
            case .unsigned(let seq):
                r.unsigned.append(seq)
                if firstSigned != nil { afterSigned.append(seq) }
            case .valid(let seq, let cert):
                r.signed += 1
                firstSigned = firstSigned ?? seq
                if let i = r.signers.firstIndex(where: { $0.certificateSHA256 == cert }) {
                    r.signers[i].seqs.append(seq)
                } else {
                    let name = options.certificates[cert].flatMap { $0.subject.commonName }
                    r.signers.append(Signer(certificateSHA256: cert, name: name, seqs: [seq]))
                }
            case .problem(let seq, _, let outcome, let detail):
                r.signed += 1
                firstSigned = firstSigned ?? seq
                r.failed.append(seq)
                r.report.add(.init(.custodySignature, outcome, detail, subject: "seq \(seq)"))
            }
        }
        if r.signed > 0, r.failed.isEmpty {
            r.report.add(
                .init(.custodySignature, .pass, "\(r.signed) signed entries, each signature valid for its certificate"))
        }
        r.report.checks += SignerReport.checks(r, options)
        r.report.checks += SignerReport.unsignedChecks(r, total: outcomes.count, afterSigned: afterSigned)
        return r
    }

    /// Every line on its own, on every core for a large log (an ECDSA verification costs far more
    /// than hashing a line).
    private static func readLines(_ lines: [CustodyLogFile.Line], _ options: Options) -> [LineOutcome] {
        let count = lines.count >= 1024 ? 8 : 1
        var parts = [[LineOutcome]](repeating: [], count: count)
        parts.withUnsafeMutableBufferPointer { out in
            let base = out.baseAddress!
            DispatchQueue.concurrentPerform(iterations: count) { p in
                let range = (p * lines.count / count)..<((p + 1) * lines.count / count)
                (base + p).pointee = range.map { outcome(lines[$0], options) }
            }
        }
        return parts.flatMap { $0 }
    }

    private static let sigMarker = Array("\"sig\":".utf8)

    static func outcome(_ line: CustodyLogFile.Line, _ options: Options) -> LineOutcome {
        let fallbackSeq = Int64(line.number - 1)
        // Most lines of an unsigned log need no parse at all.
        guard contains(line.bytes, sigMarker) else { return .unsigned(seq: fallbackSeq) }
        guard case .object(var members)? = try? JSONParser.parse(line.bytes) else { return .notRead }
        let seq = members["seq"]?.intValue ?? fallbackSeq
        guard let sig = members.removeValue(forKey: "sig") else { return .unsigned(seq: seq) }
        let message = CanonicalJSON.encode(.object(members))
        return SignatureValue.judge(sig, message: message, seq: seq, options)
    }

    private static func contains(_ bytes: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        bytes.firstRange(of: needle) != nil
    }
}
