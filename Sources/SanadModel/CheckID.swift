/// Every check a verification reports (`sanad verify`, `log --verify`, `receive`), declared once:
/// its stable machine name (the JSON `name`, the vectors' `expect:`) and what its failure means.
/// A check that is not in this list cannot be reported, so a misspelt name is a compile error,
/// not a "malformed" archive silently reported as one that "does not verify".
public enum CheckID: String, Sendable, CaseIterable {
    // The container: can it be read as exactly one archive, in the form Sanad writes?
    case containerReadable = "container-readable"
    case containerProfile = "container-profile"
    case containerAgreement = "container-agreement"
    case containerSafety = "container-safety"
    case containerLayout = "container-layout"
    case containerTimes = "container-times"
    case archiveDigest = "archive-digest"
    // The bag (BagIt) and its manifests.
    case bagStructure = "bag-structure"
    case manifestFormat = "manifest-format"
    case tagManifest = "tag-manifest"
    case payloadDigests = "payload-digests"
    case payloadOxum = "payload-oxum"
    // Items and the case file.
    case itemDigest = "item-digest"
    case itemMetadata = "item-metadata"
    case itemRecord = "item-record"
    /// A derived file (a preview) against the SHA-256 its `derived` entry committed.
    case derivedDigest = "derived-digest"
    case caseFile = "case-file"
    case unrecordedFiles = "unrecorded-files"
    case uncommittedFiles = "uncommitted-files"
    // The custody log.
    case custodySyntax = "custody-syntax"
    case custodyChain = "custody-chain"
    case custodyHead = "custody-head"
    case custodyItems = "custody-items"
    case custodyTail = "custody-tail"
    case custodyTimeOrder = "custody-time-order"
    case custodySignature = "custody-signature"
    case custodySigner = "custody-signer"
    case custodyUnsigned = "custody-unsigned"
    // Originals the sealer withheld, and files handed over for them later.
    case withheld
    case supplement
    // Originals sealed in envelopes for named recipients: their form, and (with a key) their content.
    case envelopes
    case envelopeContent = "envelope-content"
    /// An archive sealed inside an envelope: it opens with the key given, and its tag holds.
    case archiveEnvelope = "archive-envelope"
    // The seal's signature and time stamps.
    case signature
    case signerIdentity = "signer-identity"
    case timestamp
    // Receipts (countersignatures).
    case receiptStructure = "receipt-structure"
    case receiptManifest = "receipt-manifest"
    case receiptCustody = "receipt-custody"
    case receiptSignature = "receipt-signature"
    case receiptSigner = "receipt-signer"
    case receiptTimestamp = "receipt-timestamp"
    // Commitments for selective disclosure (docs/FORMAT.md §9), and excerpts cut from them (§10).
    case commitments
    case excerptForm = "excerpt-form"
    case commitment
    case excerptBytes = "excerpt-bytes"
    case inclusionProof = "inclusion-proof"
    case excerptContiguity = "excerpt-contiguity"
    case disclosedItems = "disclosed-items"

    /// What a failure of this check means for the verdict.
    public enum FailureMeaning: Sendable {
        /// The file cannot be read safely as one archive: it is not evidence of anything.
        case malformed
        /// It is an archive, and something in it is not what was sealed.
        case doesNotVerify
    }

    public var failureMeans: FailureMeaning {
        switch self {
        case .containerReadable, .containerProfile, .containerAgreement, .containerSafety, .containerLayout,
            .bagStructure,
            .manifestFormat, .excerptForm:
            .malformed
        default:
            .doesNotVerify
        }
    }
}
