import SanadArchive
import SanadModel
import SanadFormat

/// The outcome of `sanad verify`: every check that ran, and a verdict.
public struct VerificationResult: Sendable {
    public enum Verdict: String, Sendable {
        case verified
        case doesNotVerify = "does-not-verify"
        /// The archive could not be read safely: it is not evidence of anything.
        case malformed
    }

    public var report = Report()

    /// The archive file as read: its format, size and SHA-256 (nil for an unpacked folder).
    public struct ArchiveFile: Sendable {
        public var format: String?
        public var size: Int64
        /// Nil when reading stopped at a structural problem.
        public var sha256: String?

        public var json: JSONValue {
            .compactObject(["format": .optional(format), "size": .int(size), "sha256": .optional(sha256)])
        }
    }

    public var archive: ArchiveFile?
    /// Every entry of an archive that passed the container profile, with where its bytes are:
    /// what `receive` copies and the timeline reads, so they read exactly what was verified.
    public var entries: [ContainerEntry] = []
    /// Why the archive is not in the form Sanad writes, when it is not (rule, offset, detail).
    public var containerViolation: ContainerViolation?
    /// What the reader can do next, for a malformed archive.
    public var hint: String?
    public var caseID: String?
    public var itemCount = 0
    public var signer: String?
    public var signerFingerprint: String?
    public var sealedAt: String?
    public var timestamps: [String] = []
    /// The authority behind each of the seal's `timestamps`, as its certificate names it.
    public var timestampAuthorities: [String] = []
    public var custodyEntries = 0
    /// Every signature, in order: the seal, then each receipt.
    public var signatures: [SignatureSummary] = []
    /// The originals the sealer left out of the bag, as `sanad/withheld.json` lists them.
    public var withheld: [WithheldList.Item] = []
    /// The originals sealed in envelopes, as `sanad/envelopes.json` lists them (and its recipients).
    public var envelopes: EnvelopeList?
    /// For an excerpt (`sanad disclose`), what it discloses.
    public var excerpt: ExcerptSummary?

    /// Appends the checks of a part run on its own, and what it learnt.
    mutating func absorb(_ part: VerificationResult) {
        report.checks += part.report.checks
        caseID = caseID ?? part.caseID
        sealedAt = sealedAt ?? part.sealedAt
        signer = signer ?? part.signer
        signerFingerprint = signerFingerprint ?? part.signerFingerprint
        if part.itemCount > 0 { itemCount = part.itemCount }
        if part.custodyEntries > 0 { custodyEntries = part.custodyEntries }
        timestamps += part.timestamps
        timestampAuthorities += part.timestampAuthorities
        signatures += part.signatures
        withheld += part.withheld
        envelopes = envelopes ?? part.envelopes
    }

    public func verdict(strict: Bool) -> Verdict {
        if report.failures.contains(where: { $0.id.failureMeans == .malformed }) { return .malformed }
        return report.passed(strict: strict) ? .verified : .doesNotVerify
    }

    /// The name of the first failed check (the vectors' `expect:` value), or "verified".
    public func outcome(strict: Bool) -> String {
        switch verdict(strict: strict) {
        case .verified: return "verified"
        case .malformed: return "malformed"
        case .doesNotVerify:
            return (report.failures.first ?? report.warnings.first).map(\.name) ?? "does-not-verify"
        }
    }

    public func json(strict: Bool) -> JSONValue {
        .compactObject([
            "verdict": .string(verdict(strict: strict).rawValue), "outcome": .string(outcome(strict: strict)),
            "case_id": .optional(caseID), "items": .int(Int64(itemCount)), "signer": .optional(signer),
            "signer_fingerprint": .optional(signerFingerprint), "sealed_at": .optional(sealedAt),
            "timestamps": .array(timestamps.map { .string($0) }), "custody_entries": .int(Int64(custodyEntries)),
            "signatures": .array(signatures.map(\.json)),
            "excerpt": excerpt?.json ?? .null,
            "withheld": .array(
                withheld.map {
                    [
                        "id": .string($0.id), "sha256": .string($0.sha256), "size": .int($0.size),
                        "type": .string($0.type),
                    ]
                }),
            "envelopes": envelopes.map { e in
                [
                    "items": .array(
                        e.items.map {
                            [
                                "id": .string($0.id), "payload": .string($0.payload), "sha256": .string($0.sha256),
                                "size": .int($0.size), "type": .string($0.type),
                            ]
                        }),
                    "recipients": .array(
                        e.recipients.map { ["fingerprint": .string($0.fingerprint), "subject": .string($0.subject)] }),
                ]
            } ?? .null,
            "archive": archive.map(\.json) ?? .null, "hint": .optional(hint),
            "container_violation": containerViolation.map {
                ["rule": .string($0.rule.rawValue), "offset": .int($0.offset), "detail": .string($0.detail)]
            } ?? .null,
            "checks": .array(report.checks.map(\.json)),
        ])
    }
}
