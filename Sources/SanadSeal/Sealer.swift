import Foundation
import SanadArchive
import SanadCrypto
import SanadCustody
import SanadModel
import SanadNetwork
import SanadWorkspace
import SanadFormat
import SanadIO

/// `sanad seal`: packs the workspace into a signed BagIt archive (docs/FORMAT.md).
///
/// Tag files are built from the committed records; the CMS signature covers the tag manifest.
/// Payload files are streamed from the store and checked on the way: re-hashed, or, for an
/// encrypted original bound to its recorded digest, authenticated chunk by chunk under a file
/// key that binding ties to that digest (docs/WORKSPACE.md §7.2). A store that changed since
/// ingest stops the seal with the exhibit named. The archive is written under a
/// temporary name, synced, then renamed, so a partial archive never has the final name.
public final class Sealer {
    public let workspace: Workspace
    public var timestampClient = TimestampClient()

    /// Where the originals, item records and log are read from.
    let store: CaseStore

    public init(workspace: Workspace) {
        self.workspace = workspace
        store = CaseStore(workspace)
    }

    public func seal(_ request: SealRequest) throws(SanadError) -> SealResult {
        let lock = try WorkspaceLock(path: workspace.lockPath)
        defer { withExtendedLifetime(lock) {} }
        // The `exported` entry is signed by the sealer: a key that cannot sign it stops the seal
        // before anything is written.
        let entrySigner = try EntrySigner(request.identity)
        let inputs = try SealInputs.read(store).withholding(request.withhold).enveloping(
            request.envelope, to: request.recipients)
        // Envelopes are made first: the manifest lists their digests.
        let envelopes = try prepareEnvelopes(inputs)
        let commitments = try commitments(request, inputs: inputs)
        let sealedAt = Timestamp.utc(request.sealTime).replacingOccurrences(of: ".000Z", with: "Z")
        let top = inputs.caseInfo.caseID
        let cert = request.identity.certificate

        let tagFiles = Self.tagFiles(
            request, inputs: inputs, envelopes: envelopes, commitments: commitments.files, sealedAt: sealedAt)
        let tagManifest = tagFiles[3].bytes
        let signature = try CMSSignature.signDetached(
            content: tagManifest, key: request.identity.key, certificate: cert,
            chain: request.identity.chain, signingTime: request.sealTime)
        var signatureFiles: [(path: String, bytes: [UInt8])] = [
            (BagLayout.signatureFile, signature),
            (BagLayout.signerCertificateFile, ([cert] + request.identity.chain).flatMap(\.pem)),
        ]
        var stampTimes: [String] = []
        for (n, url) in request.timestampAuthorities.enumerated() {
            let stamp = try timestampClient.stamp(signature, authority: url)
            let suffix = n == 0 ? "" : "-\(n + 1)"
            signatureFiles.append(("signature/seal\(suffix).tsr", stamp.response))
            if !stamp.chainPEM.isEmpty { signatureFiles.append(("signature/tsa-chain\(suffix).pem", stamp.chainPEM)) }
            stampTimes.append(stamp.time)
        }

        let written = try writeArchive(
            request, top: top, tagFiles: tagFiles, signatureFiles: signatureFiles, payload: inputs.payload,
            envelopes: envelopes)
        try logExported(
            request, inputs: inputs, written: written, sealedAt: sealedAt, stampTimes: stampTimes, signer: entrySigner)
        var result = SealResult(
            archivePath: request.outputPath, sha256: written.sha256, size: written.size, itemCount: inputs.itemCount,
            payloadFiles: inputs.payload.count, custodyHead: inputs.custodyHead, signerFingerprint: cert.fingerprint,
            timestampTimes: stampTimes, withheld: inputs.withheld?.items.map(\.id) ?? [])
        result.enveloped = inputs.envelopes?.items.map(\.id) ?? []
        result.recipients = inputs.envelopes?.recipients.map(\.fingerprint) ?? []
        result.committed = commitments.committed
        result.envelope = written.envelopeSize.map { ($0, request.archiveRecipients.map(\.fingerprint)) }
        return result
    }

    /// The tag files in their order (FORMAT.md §1), the tag manifest fourth.
    private static func tagFiles(
        _ request: SealRequest, inputs: SealInputs, envelopes: [Int: PreparedEnvelope],
        commitments: [(path: String, bytes: [UInt8])], sealedAt: String
    ) -> [(path: String, bytes: [UInt8])] {
        let cert = request.identity.certificate
        let top = inputs.caseInfo.caseID
        let payloadBytes = inputs.payload.indices.reduce(Int64(0)) {
            $0 + (envelopes[$1]?.size ?? inputs.payload[$1].item.size)
        }
        let manifest = BagLayout.manifest(
            inputs.payload.indices.map {
                (inputs.payload[$0].bagPath, envelopes[$0]?.sha256 ?? inputs.payload[$0].item.sha256)
            })
        let info = BagLayout.Info(
            caseID: inputs.caseInfo.caseID, organisation: inputs.caseInfo.organisation, sealedAt: sealedAt,
            payloadBytes: payloadBytes, payloadFiles: inputs.payload.count, custodyHead: inputs.custodyHead,
            custodyEntries: inputs.custodyEntries, signerFingerprint: cert.fingerprint, toolVersion: Tool.version,
            timestamps: request.timestampAuthorities.count)
        let signerName = [cert.subject.commonName, cert.subject.organization].compactMap { $0 }.joined(separator: ", ")
        let verifyTxt = Array(
            VerifyInstructions.text(
                .init(
                    caseID: inputs.caseInfo.caseID, organisation: inputs.caseInfo.organisation, bagDirectory: top,
                    sealedAt: sealedAt,
                    signer: signerName, fingerprint: Certificate.formatFingerprint(cert.fingerprint),
                    custodyHead: inputs.custodyHead,
                    itemCount: inputs.payload.count, hasTimestamp: !request.timestampAuthorities.isEmpty,
                    withheld: inputs.withheld?.items.count ?? 0, enveloped: inputs.envelopes?.items.count ?? 0,
                    envelopeExample: inputs.envelopes?.items.first?.payload ?? "",
                    archiveEnvelope: request.archiveRecipients.isEmpty
                        ? nil : (request.outputPath as NSString).lastPathComponent)
            ).utf8)

        var tagFiles: [(path: String, bytes: [UInt8])] = [
            ("bagit.txt", BagLayout.bagitTxt()), ("bag-info.txt", BagLayout.bagInfo(info)),
            ("manifest-sha256.txt", manifest), ("VERIFY.txt", verifyTxt),
            (BagLayout.caseFile, inputs.caseBytes), (BagLayout.custodyFile, inputs.custodyBytes),
        ]
        if let withheld = inputs.withheld { tagFiles.append((WithheldList.path, withheld.bytes)) }
        if let envelopes = inputs.envelopes {
            tagFiles.append((EnvelopeList.path, envelopes.bytes))
            tagFiles.append((EnvelopeList.certificatesPath, inputs.recipients.flatMap(\.pem)))
        }
        tagFiles += inputs.itemFiles
        tagFiles += commitments
        let tagManifest = BagLayout.manifest(tagFiles.map { ($0.path, MessageDigest.sha256Hex($0.bytes)) })
        tagFiles.insert(("tagmanifest-sha256.txt", tagManifest), at: 3)

        return tagFiles
    }

    /// The `exported` custody entry that records the archive in the workspace's log.
    private func logExported(
        _ request: SealRequest, inputs: SealInputs, written: Written, sealedAt: String,
        stampTimes: [String], signer: EntrySigner
    ) throws(SanadError) {
        let cert = request.identity.certificate
        let log = try store.openCustodyLog(signer: signer)
        let details: JSONValue = .compactObject([
            "archive_sha256": .string(written.sha256), "archive_size": .int(written.size),
            "archive_name": .string((request.outputPath as NSString).lastPathComponent),
            "format": .string(request.format.rawValue),
            "sealed_custody_head": .string(inputs.custodyHead), "sealed_entries": .int(Int64(inputs.custodyEntries)),
            "signer_fingerprint": .string(cert.fingerprint), "sealed_at": .string(sealedAt),
            "timestamps": stampTimes.isEmpty ? .null : .array(stampTimes.map { .string($0) }),
            "archive_format_version": .int(Int64(BagLayout.formatVersion)), "tool": .object(Tool.json),
            "withheld": inputs.withheld.map { w in .array(w.items.map { .string($0.id) }) } ?? .null,
            "enveloped": inputs.envelopes.map { e in .array(e.items.map { .string($0.id) }) } ?? .null,
            "recipients": inputs.envelopes.map { e in .array(e.recipients.map { .string($0.fingerprint) }) } ?? .null,
            "archive_envelope": written.envelopeSize.map { size in
                [
                    "size": .int(size), "recipients": .array(request.archiveRecipients.map { .string($0.fingerprint) }),
                ]
            } ?? .null,
        ])
        try log.append([
            .init(
                time: Timestamp.utc(Date()), actor: request.actor ?? cert.subject.commonName ?? "sealer",
                action: .exported, items: [], details: details)
        ])
    }

    private func writeArchive(
        _ request: SealRequest, top: String, tagFiles: [(path: String, bytes: [UInt8])],
        signatureFiles: [(path: String, bytes: [UInt8])], payload: [SealInputs.Payload],
        envelopes: [Int: PreparedEnvelope]
    ) throws(SanadError) -> Written {
        if FileManager.default.fileExists(atPath: AtomicOutput.absolute(request.outputPath)) {
            throw SanadError(
                .usage, "\(request.outputPath) already exists",
                hint: "Choose another --out; Sanad never overwrites an archive.")
        }
        let out = try AtomicOutput(path: request.outputPath)
        // The file stays open until the writer, in the block below, is gone (it may still write
        // when an error abandons it).
        defer { withExtendedLifetime(out) {} }
        var result: Written
        do {
            // For --encrypt-archive-to, the archive's blocks go into its envelope.
            let envelope =
                request.archiveRecipients.isEmpty
                ? nil : try ArchiveEnvelope(recipients: request.archiveRecipients, output: out.fd)
            let writer = try ArchiveWriter(
                fd: out.fd, format: request.format, mtime: Int64(request.sealTime.timeIntervalSince1970),
                filter: envelope)
            for f in tagFiles + signatureFiles { try writer.addFile(path: "\(top)/\(f.path)", bytes: f.bytes) }
            try copyAllPayload(payload, envelopes: envelopes, into: writer, top: top)
            let zip = try writer.finish()
            result = Written(size: zip.size, sha256: zip.sha256, envelopeSize: try envelope?.finish())
        }
        try out.commit(mode: 0o644)
        return result
    }
}

/// The archive as written: its size and SHA-256.
struct Written {
    let size: Int64
    let sha256: String
    /// The envelope's size, for `--encrypt-archive-to`.
    let envelopeSize: Int64?
}

/// Feeds the copier's chunks into the current archive entry.
struct ArchiveEntrySink: ByteSink {
    let writer: ArchiveWriter
    func write(_ bytes: UnsafeRawBufferPointer) throws(SanadError) { try writer.writeData(bytes) }
}
