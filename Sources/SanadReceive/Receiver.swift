import Foundation
import SanadArchive
import SanadCrypto
import SanadCustody
import SanadModel
import SanadNetwork
import SanadFormat
import SanadIO
import SanadVerify

/// `sanad receive`: verifies a sealed archive, then writes a copy that carries the recipient's
/// countersignature (docs/FORMAT.md §7).
///
/// Nothing is signed unless the archive verifies. Every entry is copied byte for byte, with its
/// time, so the payload and every earlier signature stay valid; the receipt's files are appended
/// after them. The copy is written under a temporary name, verified again in full (so an archive
/// that changed while it was read is caught), synced, and only then renamed into place.
public final class Receiver {
    public var timestampClient = TimestampClient()

    public init() {}

    public func receive(_ q: ReceiveRequest) throws(SanadError) -> ReceiveOutcome {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: q.inputPath, isDirectory: &isDir) else {
            throw SanadError(.pathNotFound, "\(q.inputPath) does not exist")
        }
        guard !isDir.boolValue else {
            throw SanadError(
                .usage, "\(q.inputPath) is a folder; receive countersigns an archive file",
                hint: "Give the zip or tar file you were sent. 'sanad verify' checks an unpacked folder.")
        }
        var st = stat()
        guard stat(q.inputPath, &st) == 0, st.st_mode & S_IFMT == S_IFREG else {
            throw SanadError(
                .usage,
                "\(q.inputPath) is not a regular file; receive reads the archive twice (to verify it, then to copy it)",
                hint: "Save the archive to a file first, then receive that file.")
        }
        let out = AtomicOutput.absolute(q.outputPath)
        guard !FileManager.default.fileExists(atPath: out) else {
            throw SanadError(
                .usage, "\(q.outputPath) already exists",
                hint: "Choose another --out; Sanad never overwrites an archive.")
        }
        guard AtomicOutput.absolute(q.inputPath) != out else {
            throw SanadError(.usage, "--out must differ from the archive received")
        }

        // The receipt's entries are signed by the recipient: a key that cannot sign them stops here.
        _ = try EntrySigner(q.identity)
        let verification = ArchiveVerifier.verify(path: q.inputPath, options: q.verifyOptions)
        guard verification.verdict(strict: q.strict) == .verified else {
            return ReceiveOutcome(verification: verification, receipt: nil)
        }
        try Self.requireConfirmedSealer(verification, q)
        guard let archive = verification.archive, let sha = archive.sha256,
            let format = archive.format.flatMap(ArchiveWriter.Format.init)
        else {
            throw SanadError(
                .usage, "\(q.inputPath) is not an archive file", hint: "Give the zip or tar file you were sent.")
        }
        let received = Received(sha256: sha, size: archive.size, format: format, entries: verification.entries)
        let receipt = try write(q, out: out, received: received, verification: verification)
        return ReceiveOutcome(verification: verification, receipt: receipt)
    }

    /// The archive's entries as copied: tag files in full (they are small), and its top folder.
    private struct Copied {
        var top = ""
        var tagFiles: [String: [UInt8]] = [:]
    }

    /// The archive as verified: what the receipt records, and the entries the copy takes, read
    /// from where the verifier found them.
    private struct Received {
        let sha256: String
        let size: Int64
        let format: ArchiveWriter.Format
        let entries: [ContainerEntry]
    }

    private func write(
        _ q: ReceiveRequest, out: String, received: Received,
        verification: VerificationResult
    ) throws(SanadError) -> ReceiveResult {
        let output = try AtomicOutput(path: out)
        // The file stays open until the writer, in the block below, is gone.
        defer { withExtendedLifetime(output) {} }
        let when = Int64(q.receiveTime.timeIntervalSince1970)
        let cert = q.identity.certificate
        let built: (n: Int, files: [(String, [UInt8])], head: String, entries: Int, stamps: [String])
        let written: (size: Int64, sha256: String)
        do {
            let writer = try ArchiveWriter(fd: output.fd, format: received.format, mtime: when)
            let copied = try copyEntries(received.entries, from: q.inputPath, into: writer)
            built = try buildReceipt(q, copied: copied, received: received, verification: verification)
            for (path, bytes) in built.files {
                try writer.addFile(path: "\(copied.top)/\(path)", bytes: bytes, mtime: when)
            }
            written = try writer.finish()
        }
        try output.sync()

        // The copy must verify, with this receipt pinned; anything else means the input changed.
        var options = q.verifyOptions
        options.countersignerFingerprints.append(cert.fingerprint)
        let check = ArchiveVerifier.verify(path: output.temporaryPath, options: options)
        guard check.verdict(strict: q.strict) == .verified else {
            let why = check.report.failures.first?.detail ?? check.report.warnings.first?.detail ?? "unknown"
            throw SanadError(
                .ioError,
                "the countersigned copy does not verify (\(why)); the archive may have changed while it was read. "
                    + "Nothing was written."
            )
        }
        try output.commit(mode: 0o644)
        return ReceiveResult(
            outputPath: q.outputPath, sha256: written.sha256, size: written.size, receivedSHA256: received.sha256,
            receivedSize: received.size, receiptNumber: built.n, custodyHead: built.head, custodyEntries: built.entries,
            signerFingerprint: cert.fingerprint, timestampTimes: built.stamps)
    }

    /// Copies every entry byte for byte, keeping its name and time, from where the verifier
    /// found it, and keeps the tag files. The copy is in the container the sender chose.
    private func copyEntries(
        _ entries: [ContainerEntry], from path: String, into writer: ArchiveWriter
    ) throws(SanadError) -> Copied {
        var copied = Copied()
        for e in entries {
            let parts = e.path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            if copied.top.isEmpty { copied.top = String(parts[0]) }
            let rel = parts.count > 1 ? String(parts[1]) : ""
            try writer.beginFile(path: e.path, size: e.size, mtime: e.mtime)
            let keep = !rel.hasPrefix("data/")
            var bytes: [UInt8] = []
            try e.forEachChunk(in: path) { chunk throws(SanadError) in
                try writer.writeData(chunk)
                if keep { bytes += chunk }
            }
            if keep { copied.tagFiles[rel] = bytes }
        }
        return copied
    }

    /// The receipt's files, in archive order: custody entries, manifest, signature, certificates,
    /// then any time-stamp tokens over the signature.
    private func buildReceipt(
        _ q: ReceiveRequest, copied: Copied, received: Received,
        verification: VerificationResult
    ) throws(SanadError) -> (n: Int, files: [(String, [UInt8])], head: String, entries: Int, stamps: [String]) {
        let files = copied.tagFiles
        let n = (files.keys.compactMap(ReceiptLayout.receiptNumber(of:)).max() ?? 0) + 1
        var chain = files[BagLayout.custodyFile] ?? []
        for k in stride(from: 1, to: n, by: 1) { chain += files[ReceiptLayout.custodyPath(k)] ?? [] }
        let lines = CustodyLogFile.split(chain).lines
        guard let last = lines.last else { throw SanadError(.archiveCorrupt, "the archive carries no custody log") }

        let cert = q.identity.certificate
        let (line1, line2) = try Self.receiptEntries(
            q, n: n, seq: Int64(lines.count), prev: MessageDigest.sha256Hex(last.bytes), info: files["bag-info.txt"],
            received: received, verification: verification)
        let custody = line1 + [0x0A] + line2 + [0x0A]

        var all = files
        all[ReceiptLayout.custodyPath(n)] = custody
        let manifest = ReceiptLayout.manifest(receipt: n, files: all)
        let signature = try CMSSignature.signDetached(
            content: manifest, key: q.identity.key, certificate: cert,
            chain: q.identity.chain, signingTime: q.receiveTime)
        var out: [(String, [UInt8])] = [
            (ReceiptLayout.custodyPath(n), custody), (ReceiptLayout.manifestPath(n), manifest),
            (ReceiptLayout.signaturePath(n), signature),
            (ReceiptLayout.signerPath(n), ([cert] + q.identity.chain).flatMap(\.pem)),
        ]
        var stamps: [String] = []
        for (i, url) in q.timestampAuthorities.enumerated() {
            let stamp = try timestampClient.stamp(signature, authority: url)
            out.append((ReceiptLayout.tokenPath(n, i), stamp.response))
            if !stamp.chainPEM.isEmpty { out.append((ReceiptLayout.tokenChainPath(n, i), stamp.chainPEM)) }
            stamps.append(stamp.time)
        }
        return (n, out, MessageDigest.sha256Hex(line2), lines.count + 2, stamps)
    }

    /// The receipt's two custody entries, `received` and `verified`, as canonical lines.
    private static func receiptEntries(
        _ q: ReceiveRequest, n: Int, seq: Int64, prev: String, info bagInfo: [UInt8]?, received: Received,
        verification: VerificationResult
    ) throws(SanadError) -> ([UInt8], [UInt8]) {
        let cert = q.identity.certificate
        let signer = try EntrySigner(q.identity)
        let actor = q.actor ?? cert.subject.commonName ?? "recipient"
        let time = Timestamp.utc(q.receiveTime)
        let info = Dictionary(BagLayout.parseBagInfo(bagInfo ?? []) ?? [], uniquingKeysWith: { a, _ in a })
        let checks = verification.report.checks
        let count = { (o: Report.Outcome) in JSONValue.int(Int64(checks.filter { $0.outcome == o }.count)) }

        let receivedEntry = try signer.signed(
            CustodyEntry(
                seq: seq, time: time, actor: actor, action: .received, items: [],
                details: .compactObject([
                    "archive_sha256": .string(received.sha256), "archive_size": .int(received.size),
                    "archive_name": .string((q.inputPath as NSString).lastPathComponent),
                    "case_id": .optional(info["External-Identifier"]),
                    "sealed_custody_head": .optional(info["Sanad-Custody-Head"]),
                    "receipt": .int(Int64(n)), "recipient_fingerprint": .string(cert.fingerprint),
                    "tool": .object(Tool.json),
                    // Committed before the tokens are asked for: a verifier sees one taken out.
                    "timestamps": .int(Int64(q.timestampAuthorities.count)),
                ]),
                prev: prev))
        let line1 = receivedEntry.canonicalLine
        let verifiedEntry = try signer.signed(
            CustodyEntry(
                seq: seq + 1, time: time, actor: actor, action: .verified, items: [],
                details: .compactObject([
                    "archive_sha256": .string(received.sha256), "verdict": .string("verified"),
                    "strict": .bool(q.strict),
                    "checks": ["pass": count(.pass), "info": count(.info), "warn": count(.warn), "fail": count(.fail)],
                    "warnings": .array(verification.report.warnings.map { .string($0.name) }),
                    "items": .int(Int64(verification.itemCount)),
                    "signatures": .array(
                        verification.signatures.map { s in
                            .compactObject([
                                "role": .string(s.role.description), "fingerprint": .optional(s.fingerprint),
                                "identity": .string(s.identity.rawValue),
                            ])
                        }),
                    "timestamps": .array(verification.timestamps.map { .string($0) }), "tool": .object(Tool.json),
                ]),
                prev: MessageDigest.sha256Hex(line1)))
        let line2 = verifiedEntry.canonicalLine
        return (line1, line2)

    }

    /// The seal's key must be pinned or trusted, unless the recipient accepts an unconfirmed one.
    private static func requireConfirmedSealer(_ v: VerificationResult, _ q: ReceiveRequest) throws(SanadError) {
        guard !q.acceptUnconfirmedSigner, let seal = v.signatures.first(where: { $0.role == .seal }),
            seal.identity == .unconfirmed
        else { return }
        throw SanadError(
            .usage,
            "the archive verified, but whose seal it is could not be confirmed (\(seal.signer ?? "an unnamed key"), "
                + "a key neither pinned nor trusted); nothing was countersigned or written",
            hint:
                "Give --signer-fingerprint with the fingerprint the sealer gave you by another channel, or --trust "
                + "with the CA that issued the sealer's certificate; --accept-unconfirmed-signer countersigns anyway.")
    }
}
