import SanadModel

/// The outcome of `sanad verify`: every check that ran, and a verdict.
public struct VerificationResult: Sendable {
    public enum Verdict: String, Sendable {
        case verified
        case doesNotVerify = "does-not-verify"
        /// The archive could not be read safely: it is not evidence of anything.
        case malformed
    }

    public var report = Report()
    /// Checks whose failure means "malformed" rather than "does not verify".
    var malformedChecks: Set<String> = ["container-safety", "container-readable", "bag-structure", "manifest-format"]
    public var caseID: String?
    public var itemCount = 0
    public var signer: String?
    public var signerFingerprint: String?
    public var sealedAt: String?
    public var timestamps: [String] = []
    public var custodyEntries = 0
    /// Every signature, in order: the seal, then each receipt.
    public var signatures: [SignatureSummary] = []

    public func verdict(strict: Bool) -> Verdict {
        if report.failures.contains(where: { malformedChecks.contains($0.name) }) { return .malformed }
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
            "checks": .array(report.checks.map(\.json)),
        ])
    }
}
