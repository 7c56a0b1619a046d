import SanadModel

/// One signature in an archive, for the "signatures, in order" part of a report: the seal
/// first, then each countersignature (`sanad receive`) in the order it was added.
public struct SignatureSummary: Sendable {
    public enum Identity: String, Sendable {
        /// The key is the one given with --signer-fingerprint / --countersigner-fingerprint.
        case pinned
        /// The certificate chains to a --trust authority.
        case trusted
        /// Self-signed or untrusted: some key signed, but who holds it is not confirmed.
        case unconfirmed
        /// The signature itself failed; nothing is known about the signer.
        case invalid
    }

    /// Whose signature: the seal's, or the n-th countersignature's.
    public enum Role: Sendable, Equatable, CustomStringConvertible {
        case seal
        case receipt(Int)

        /// `seal`, or `receipt-1`, `receipt-2`, … (the JSON `role`).
        public var description: String {
            switch self {
            case .seal: "seal"
            case .receipt(let n): "receipt-\(n)"
            }
        }
    }

    public var role: Role
    public var signer: String?
    public var fingerprint: String?
    /// The signer's claimed signing time (CMS signingTime), RFC 3339 UTC.
    public var signedAt: String?
    public var identity: Identity
    /// Times vouched for by time-stamp tokens over this signature.
    public var timestamps: [String] = []
    /// The authority behind each of `timestamps`, as its certificate names it ("" when unnamed).
    public var timestampAuthorities: [String] = []
    /// Whether the signature verified over what it covers.
    public var valid: Bool

    public var json: JSONValue {
        .compactObject([
            "role": .string(role.description), "signer": .optional(signer), "fingerprint": .optional(fingerprint),
            "signed_at": .optional(signedAt), "identity": .string(identity.rawValue),
            "timestamps": .array(timestamps.map { .string($0) }),
            "timestamp_authorities": .array(timestampAuthorities.map { .string($0) }), "valid": .bool(valid),
        ])
    }
}
