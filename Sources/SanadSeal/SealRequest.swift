import Foundation
import SanadArchive
import SanadCrypto
import SanadModel

/// What `sanad seal` was asked to do.
public struct SealRequest {
    public var identity: SigningIdentity
    public var outputPath: String
    public var format: ArchiveWriter.Format
    /// The seal's time: signing time, entry times and Bagging-Date. Fixed for reproducible output.
    public var sealTime: Date
    /// RFC 3161 authorities to ask, in order. Empty means no network access at all.
    public var timestampAuthorities: [URL]
    public var actor: String?
    /// Originals to leave out of the bag, by exhibit, with the reason `sanad/withheld.json`
    /// gives (`sensitive` or `requested`; docs/FORMAT.md §2.1).
    public var withhold: [String: String] = [:]
    /// Originals to seal in envelopes for `recipients`, by exhibit, with the reason
    /// `sanad/envelopes.json` gives (`sensitive` or `requested`; docs/FORMAT.md §2.2).
    public var envelope: [String: String] = [:]
    public var recipients: [Certificate] = []
    /// Recipients of the whole archive (`--encrypt-archive-to`): the file written is then the
    /// archive inside a chunked CMS envelope for them (docs/FORMAT.md §2.3).
    public var archiveRecipients: [Certificate] = []
    /// Commit to every parsed chat's events for selective disclosure (docs/FORMAT.md §9);
    /// `--no-commitments` turns it off.
    public var commitments = true

    public init(
        identity: SigningIdentity, outputPath: String, format: ArchiveWriter.Format, sealTime: Date,
        timestampAuthorities: [URL] = [], actor: String? = nil
    ) {
        self.identity = identity
        self.outputPath = outputPath
        self.format = format
        self.sealTime = sealTime
        self.timestampAuthorities = timestampAuthorities
        self.actor = actor
    }
}

/// A finished seal.
public struct SealResult: Sendable {
    public let archivePath: String
    public let sha256: String
    public let size: Int64
    public let itemCount: Int
    public let payloadFiles: Int
    public let custodyHead: String
    public let signerFingerprint: String
    public let timestampTimes: [String]
    /// The exhibits left out of the bag, in order.
    public let withheld: [String]
    /// The exhibits sealed in envelopes, in order, and the recipients' fingerprints.
    public var enveloped: [String] = []
    public var recipients: [String] = []
    /// With `--encrypt-archive-to`: the envelope file's size and its recipients' fingerprints
    /// (`sha256` and `size` are then the archive's inside it).
    public var envelope: (size: Int64, recipients: [String])?
    /// The exhibits committed for disclosure, in order, with their number of events.
    public var committed: [(exhibit: String, events: Int)] = []

    public var json: JSONValue {
        [
            "archive": .string(archivePath), "sha256": .string(sha256), "size": .int(size),
            "items": .int(Int64(itemCount)), "payload_files": .int(Int64(payloadFiles)),
            "withheld": .array(withheld.map { .string($0) }),
            "enveloped": .array(enveloped.map { .string($0) }),
            "recipients": .array(recipients.map { .string($0) }),
            "envelope": envelope.map {
                ["size": .int($0.size), "recipients": .array($0.recipients.map { .string($0) })]
            } ?? .null,
            "commitments": .array(
                committed.map { ["exhibit": .string($0.exhibit), "events": .int(Int64($0.events))] }),
            "custody_head": .string(custodyHead), "signer_fingerprint": .string(signerFingerprint),
            "timestamps": .array(timestampTimes.map { .string($0) }),
        ]
    }
}
