import Foundation
import SanadArchive
import SanadCrypto
import SanadModel
import SanadFormat

/// `sanad verify`: every check of docs/FORMAT.md §6 on a sealed archive or unpacked bag.
/// Collects every discrepancy and returns a report; never throws.
public enum ArchiveVerifier {
    public struct Options {
        public var trustAnchors: [Certificate] = []
        /// SHA-256 of the signer certificate's DER, lowercase hex.
        public var pinnedFingerprint: String?
        /// Keys expected to have countersigned (`sanad receive`), SHA-256 of the DER, lowercase hex.
        public var countersignerFingerprints: [String] = []
        /// The archive file's SHA-256 as the sealer handed it over (`--archive-sha256`), lowercase hex.
        public var archiveSHA256: String?
        /// Files handed over for withheld items (`--supplement`): each is checked against them.
        public var supplements: [String] = []
        /// A recipient's key, to open envelopes (`--key`, `--cert`); they are never written to disk.
        public var envelopeKey: EnvelopeKey?
        /// Set while the archive inside an envelope is verified: the key has been used.
        var insideEnvelope = false
        public var workers = 2
        /// Recompute every commitment's root from its original (`commitments`, FORMAT.md §9.5);
        /// `disclose` turns it off and recomputes only the exhibits it discloses.
        public var recomputeCommitments = true
        public init() {}
    }

    public static func verify(path: String, options: Options) -> VerificationResult {
        EnvelopedArchive.sniff(path)
            ? EnvelopedArchive.verify(path: path, options: options) : verifyStream(path: path, options: options)
    }

    /// Whether the file at `path` is an archive inside an envelope (docs/FORMAT.md §2.3).
    public static func isEnvelope(_ path: String) -> Bool { EnvelopedArchive.sniff(path) }

    /// An archive file, a stream (a pipe) or a bag folder.
    static func verifyStream(
        path: String, options: Options, stream: ContainerScanner.StreamRead? = nil
    ) -> VerificationResult {
        var r = VerificationResult()
        // An archive's tag files come first: their checks start on another thread as soon as
        // they are read, while the payload is still being hashed.
        // The custody log's reading starts earlier still, as soon as the log has been read.
        let custody = EarlyCustodyReading()
        let early = EarlyTagChecks(options: options, custody: custody)
        // Never return while their threads still run (OpenSSL's exit cleanup would pull the
        // state they use from under them).
        defer {
            _ = early.result()
            early.join()
            custody.join()
            // They hold the parsed custody log and the tag files: freed on the side.
            BackgroundRelease.release((early, custody))
        }
        let contents = BagReader(
            path: path, workers: max(1, options.workers), envelopeKey: options.envelopeKey, stream: stream
        )
        .read(onTagFiles: early.start, onCustodyLog: custody.start)
        defer { BackgroundRelease.release(contents) }
        if let why = contents.unreadable {
            r.report.add(.init(.containerReadable, .fail, "the archive cannot be read: \(why)"))
            return r
        }
        if let scan = contents.container {
            guard ContainerChecks.run(scan, contents, options: options, into: &r) else { return r }
        }
        guard contents.unsafe.isEmpty else {
            for u in contents.unsafe.prefix(20) { r.report.add(.init(.containerSafety, .fail, u)) }
            return r
        }
        r.report.add(
            .init(
                .containerSafety, .pass,
                "\(contents.entries.count) entries; no links, devices, unsafe or colliding names"))
        // An excerpt (docs/FORMAT.md §10) is checked as one: its seal as an archive's, then its proofs.
        if contents.tagFiles[ExcerptDisclosure.path] != nil { return ExcerptVerifier.verified(contents, options, r) }
        // The layout and payload checks need only the bag's structure: they run here while the
        // early thread is still on the custody log and the signatures.
        let fromEarly = contents.tagSnapshotStale ? nil : early.structure()
        let structure = fromEarly ?? TagChecks.run(contents, options: options, custody: custody)
        r.absorb(structure.structure)
        guard let bag = structure.bag else { return r }
        if contents.container != nil { ContainerChecks.layout(contents, bag, into: &r) }
        PayloadCheck.run(contents, bag, into: &r)
        CommitmentCheck.run(
            contents, bag, path: path, entries: r.entries, readable: stream == nil && options.recomputeCommitments,
            into: &r)
        r.absorb(fromEarly == nil ? structure.rest : early.result()?.rest ?? VerificationResult())
        EnvelopeCheck.run(
            contents, keyGiven: options.envelopeKey != nil, keyUsed: options.insideEnvelope, into: &r)
        if !options.supplements.isEmpty {
            WithheldCheck.supplements(options.supplements, withheld: r.withheld, manifest: bag.manifest, into: &r)
        }
        return r
    }
}

/// The checks that need only the tag files: the bag's structure, then the tag manifest, the
/// custody chain, the seal and the receipts. They run as one unit, so that they can run while
/// the payload is still being read.
struct TagChecks: Sendable {
    var structure = VerificationResult()
    var bag: ParsedBag?
    var rest = VerificationResult()

    /// `onStructure` is called with the structure's outcome (and the bag, when it has one)
    /// before the other checks start.
    static func run(
        _ c: BagContents, options: ArchiveVerifier.Options, custody: EarlyCustodyReading? = nil,
        onStructure: (TagChecks) -> Void = { _ in }
    ) -> TagChecks {
        var t = TagChecks()
        let parsed = BagStructure.check(c, into: &t.structure)
        if let bag = parsed {
            t.structure.caseID = bag.info["External-Identifier"]
            t.structure.sealedAt = bag.info["Sanad-Sealed-At"]
            t.bag = bag
        }
        onStructure(t)
        guard let bag = parsed else { return t }
        TagCheck.run(c, bag, into: &t.rest)
        CustodyCheck.run(c, bag, early: custody, into: &t.rest)
        SignatureCheck.run(c, bag, options: options, into: &t.rest)
        ReceiptCheck.run(c, bag, options: options, into: &t.rest)
        return t
    }
}

/// `TagChecks` on a thread of their own, started with the tag files of an archive.
final class EarlyTagChecks: @unchecked Sendable {
    private let options: ArchiveVerifier.Options
    private let custody: EarlyCustodyReading
    private var checked: TagChecks?
    private var structured: TagChecks?
    private var started = false
    private let done = DispatchSemaphore(value: 0)
    private let structureDone = DispatchSemaphore(value: 0)
    private var thread: JoinableThread?

    init(options: ArchiveVerifier.Options, custody: EarlyCustodyReading) {
        self.options = options
        self.custody = custody
    }

    func start(_ contents: BagContents) {
        started = true
        thread = JoinableThread(stackSize: 4 << 20) { [self] in
            checked = TagChecks.run(contents, options: options, custody: custody) { t in
                structured = t
                structureDone.signal()
            }
            done.signal()
        }
    }

    /// Waits for the thread to end, if it ran (its results may already be in).
    func join() { thread?.join() }

    /// The bag's structure (`structure` and `bag`; `rest` still empty), waiting only for it;
    /// nil when the checks never started. A latch, like `result`.
    func structure() -> TagChecks? {
        guard started else { return nil }
        structureDone.wait()
        structureDone.signal()
        return structured
    }

    /// The checks' results, waiting for them; nil when they never started. Any number of
    /// calls, from any thread: the semaphore is a latch each waiter signals again.
    func result() -> TagChecks? {
        guard started else { return nil }
        done.wait()
        done.signal()
        return checked
    }
}

/// The parsed tag files every later check needs.
struct ParsedBag {
    var info: [String: String]
    var manifest: ManifestFile
    var tagManifest: ManifestFile
    var tagManifestBytes: [UInt8]
    var signerPEM: [UInt8]?
}

enum BagStructure {
    static func check(_ c: BagContents, into r: inout VerificationResult) -> ParsedBag? {
        var problems: [String] = []
        if c.tagFiles["bagit.txt"].map({ String(decoding: $0, as: UTF8.self).hasPrefix("BagIt-Version: 1.0\n") })
            != true
        {
            problems.append("bagit.txt is missing or not BagIt 1.0")
        }
        let infoPairs = c.tagFiles["bag-info.txt"].flatMap { BagLayout.parseBagInfo($0) }
        if infoPairs == nil { problems.append("bag-info.txt is missing or unreadable") }
        let manifestBytes = c.tagFiles["manifest-sha256.txt"], tagBytes = c.tagFiles["tagmanifest-sha256.txt"]
        if manifestBytes == nil { problems.append("manifest-sha256.txt is missing") }
        if tagBytes == nil { problems.append("tagmanifest-sha256.txt is missing") }
        let info = Dictionary(infoPairs ?? [], uniquingKeysWith: { a, _ in a })
        if let v = info["Sanad-Format-Version"].flatMap(Int.init), v > BagLayout.formatVersion {
            problems.append("format version \(v); this Sanad reads up to \(BagLayout.formatVersion)")
        }
        guard problems.isEmpty, let manifestBytes, let tagBytes else {
            for p in problems { r.report.add(.init(.bagStructure, .fail, p)) }
            return nil
        }
        let manifest = ManifestFile(manifestBytes, name: "manifest-sha256.txt")
        let tag = ManifestFile(tagBytes, name: "tagmanifest-sha256.txt")
        let formatProblems = manifest.problems + tag.problems
        guard formatProblems.isEmpty else {
            for p in formatProblems { r.report.add(.init(.manifestFormat, .fail, p)) }
            return nil
        }
        r.report.add(.init(.bagStructure, .pass, "BagIt 1.0 bag '\(c.top ?? "?")' with SHA-256 manifests"))
        return ParsedBag(
            info: info, manifest: manifest, tagManifest: tag, tagManifestBytes: tagBytes,
            signerPEM: c.tagFiles[BagLayout.signerCertificateFile])
    }
}
