import Foundation
import SanadCrypto
import SanadModel
import SanadVerify

/// What `sanad receive` was asked to do.
public struct ReceiveRequest {
    public var identity: SigningIdentity
    /// The archive as received (zip or tar).
    public var inputPath: String
    /// The countersigned copy to write (never overwritten).
    public var outputPath: String
    /// The receipt's time: its entries' time, signing time and entry times in the archive.
    public var receiveTime: Date
    /// RFC 3161 authorities to ask for tokens over the receipt. Empty means no network access.
    public var timestampAuthorities: [URL]
    public var actor: String?
    /// How the received archive is checked before anything is signed.
    public var verifyOptions: ArchiveVerifier.Options
    /// Refuse to countersign when verification has warnings.
    public var strict: Bool
    /// Countersign even when the sealer's key is neither pinned nor trusted (its identity
    /// unconfirmed). Without it, such an archive is refused: a receipt is a statement that the
    /// recipient checked what she received, and whose seal it is is part of that.
    public var acceptUnconfirmedSigner: Bool

    public init(
        identity: SigningIdentity, inputPath: String, outputPath: String, receiveTime: Date,
        timestampAuthorities: [URL] = [], actor: String? = nil,
        verifyOptions: ArchiveVerifier.Options = .init(), strict: Bool = false, acceptUnconfirmedSigner: Bool = false
    ) {
        self.identity = identity
        self.inputPath = inputPath
        self.outputPath = outputPath
        self.receiveTime = receiveTime
        self.timestampAuthorities = timestampAuthorities
        self.actor = actor
        self.verifyOptions = verifyOptions
        self.strict = strict
        self.acceptUnconfirmedSigner = acceptUnconfirmedSigner
    }
}

/// The received archive's verification and, when it verified, the countersigned copy.
public struct ReceiveOutcome: Sendable {
    public let verification: VerificationResult
    /// Nil when the archive did not verify: nothing was signed or written.
    public let receipt: ReceiveResult?
}

/// A written countersigned archive.
public struct ReceiveResult: Sendable {
    public let outputPath: String
    public let sha256: String
    public let size: Int64
    /// The SHA-256 and size of the archive as received (recorded in the `received` entry).
    public let receivedSHA256: String
    public let receivedSize: Int64
    /// This receipt's number: 1 for the first countersignature.
    public let receiptNumber: Int
    /// SHA-256 of the new last custody line, and the number of entries with the receipt's two.
    public let custodyHead: String
    public let custodyEntries: Int
    public let signerFingerprint: String
    public let timestampTimes: [String]

    public var json: JSONValue {
        [
            "archive": .string(outputPath), "sha256": .string(sha256), "size": .int(size),
            "received_sha256": .string(receivedSHA256), "received_size": .int(receivedSize),
            "receipt": .int(Int64(receiptNumber)), "custody_head": .string(custodyHead),
            "custody_entries": .int(Int64(custodyEntries)), "signer_fingerprint": .string(signerFingerprint),
            "timestamps": .array(timestampTimes.map { .string($0) }),
        ]
    }
}
