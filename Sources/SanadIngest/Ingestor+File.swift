import CSanadSystem
import Foundation
import SanadCrypto
import SanadCustody
import SanadModel
import SanadWorkspace
import SanadIO

extension Ingestor {
    struct FileResult {
        var outcome: IngestOutcome
        var drafts: [CustodyLog.Draft]
        var malformed: Bool
    }

    /// A file copied into `tmp/` and hashed, not yet recorded.
    struct StagedCopy {
        let source: SourceExpander.Source
        let stat: stat
        let tmp: String
        let size: Int64
        let digests: [DigestAlgorithm: String]
        /// Detected by the worker, so a staged file keeps no bytes in memory while it waits.
        let type: FileType
    }

    /// Stage one, run by a copy worker: copies and hashes one file into a read-only temporary
    /// file. Touches nothing but `tmp/`, so workers need no coordination.
    func stage(
        _ source: SourceExpander.Source, algorithms: [DigestAlgorithm], worker: Worker,
        number: Int
    ) -> Result<StagedCopy, SanadError> {
        // O_NOATIME keeps the original's access time unchanged where the kernel allows it.
        var src = open(source.path, O_RDONLY | O_CLOEXEC | csanad_o_noatime())
        if src < 0 && errno == EPERM { src = open(source.path, O_RDONLY | O_CLOEXEC) }
        guard src >= 0 else { return .failure(SystemError.make(errno, "open \(source.path)")) }
        defer { close(src) }
        var st = stat()
        guard fstat(src, &st) == 0 else { return .failure(SystemError.make(errno, "stat \(source.path)")) }

        worker.counter += 1
        let staging: (fd: Int32, path: String)
        do throws(SanadError) {
            staging = try store.createStaging("ingest-\(getpid())-\(number)-\(worker.counter)")
        } catch {
            return .failure(error)
        }
        let (dst, tmp) = staging
        defer { close(dst) }
        do throws(SanadError) {
            let file =
                makeSink?(dst, tmp) ?? FileDescriptorSink(fd: dst, label: tmp, window: worker.window, direct: true)
            // Encrypted as it is copied, in an encrypted workspace: no plaintext reaches tmp/.
            let sink = try store.storageSink(file, expectedSize: Int64(st.st_size))
            let copied = try StreamingCopier(
                algorithms: algorithms, pool: worker.pool, keepingPrefix: FileTypeSniffer.prefixLength
            ).copy(fromFD: src, label: source.path, to: sink)
            try sink.finish(sha256: copied.digests[.sha256])
            // Read-only before it gets its final names.
            guard fchmod(dst, 0o444) == 0 else { throw SystemError.make(errno, "chmod \(tmp)") }
            let type = FileTypeSniffer.detect(copied.prefix, isWhole: Int64(copied.prefix.count) == copied.size)
            return .success(
                StagedCopy(source: source, stat: st, tmp: tmp, size: copied.size, digests: copied.digests, type: type))
        } catch {
            store.discardStaging(tmp)
            return .failure(error)
        }
    }

    /// Stage two, in source order on the calling thread: numbers the file, detects duplicates,
    /// scans zips, gives the copy its final names and writes its metadata. Writes only
    /// uncommitted state; `commit` publishes it.
    func record(
        _ staged: StagedCopy, request: IngestRequest, state: inout WorkspaceState,
        pending: PendingBatch
    ) throws(SanadError) -> FileResult {
        let source = staged.source, st = staged.stat, tmp = staged.tmp, copied = staged, type = staged.type
        var keepTmp = false
        defer { if !keepTmp { store.discardStaging(tmp) } }
        let sha = copied.digests[.sha256]!
        let sourceRef = MessageDigest.sha256Hex(Array(source.path.utf8))

        if let id = state.existing(sourceRef: sourceRef, sha256: sha) {
            let outcome = IngestOutcome(
                sourcePath: source.path, id: id, status: .alreadyPresent, sha256: sha,
                size: copied.size, type: type, duplicateOf: nil, memberCount: nil,
                warnings: Self.ignoredDeclarations(source.fields, id: id))
            return FileResult(outcome: outcome, drafts: [], malformed: false)
        }

        let id = ExhibitID(number: state.highestExhibit + 1).description
        let now = Timestamp.utc(clock())
        let fields = source.fields.merged(over: request.caseDefaults)
        let collection = try ItemMetadata.collectionJSON(fields, fromCase: Self.fromCase(source.fields, fields))
        let actor =
            request.actor ?? request.fields.collectedBy ?? request.manifest?.defaults.collectedBy ?? "unnamed operator"
        let metaRel = Workspace.itemMetadataPath(id)
        var warnings = try Self.notes(fields, declared: source.fields, size: copied.size, now: clock())
        var malformed = false
        var committed: CommittedItem
        var memberCount: Int?
        let duplicateOf = state.originalBySHA256[sha]

        if let first = duplicateOf {
            try pending.declare([metaRel])
            let meta = ItemMetadata.build(
                id: id, kind: "duplicate", duplicateOf: first, source: .init(absolutePath: source.path, stat: st),
                size: copied.size, type: type, digests: copied.digests, collection: collection,
                stored: nil, scan: nil, ingestedAt: now)
            let metaSHA = try store.writeItemRecord(CanonicalJSON.encodePretty(meta), rel: metaRel, sink: makeSink)
            committed = CommittedItem(
                id: id, kind: .duplicate, sha256: sha, size: copied.size, metadataPath: metaRel,
                metadataSHA256: metaSHA, objectPath: nil, payloadPath: nil, duplicateOf: first, sourceRef: sourceRef)
        } else {
            let original = try recordOriginal(
                staged, id: id, sourceRef: sourceRef, collection: collection, time: now, request: request,
                pending: pending)
            keepTmp = true
            (committed, memberCount, malformed) = (original.item, original.memberCount, original.malformed)
            warnings += original.warnings
        }
        state.record(committed)

        let drafts = Self.drafts(
            committed, type: type, digests: copied.digests, memberCount: memberCount, collection: collection,
            duplicateOf: duplicateOf, time: now, actor: actor)
        let outcome = IngestOutcome(
            sourcePath: source.path, id: id, status: committed.kind == .original ? .added : .duplicate,
            sha256: sha, size: copied.size, type: type, duplicateOf: duplicateOf,
            memberCount: memberCount, warnings: warnings)
        return FileResult(outcome: outcome, drafts: drafts, malformed: malformed)
    }

    /// An original: its zip members scanned, moved to its content address with its payload
    /// name, and its item record written (uncommitted until the batch commits).
    private func recordOriginal(
        _ staged: StagedCopy, id: String, sourceRef: String, collection: JSONValue, time now: String,
        request: IngestRequest, pending: PendingBatch
    ) throws(SanadError) -> (item: CommittedItem, memberCount: Int?, malformed: Bool, warnings: [String]) {
        let source = staged.source, st = staged.stat, tmp = staged.tmp, copied = staged, type = staged.type
        let sha = copied.digests[.sha256] ?? ""
        let metaRel = Workspace.itemMetadataPath(id)
        var warnings: [String] = []
        var malformed = false
        var memberCount: Int?
        var scan: ZipMemberScanner.Scan?
        if type.mime == "application/zip" {
            let s = scanZip(tmp, size: copied.size, request: request)
            scan = s
            memberCount = s.members.count
            malformed = s.status != .complete
            warnings += Self.zipWarnings(s)
        }
        let objectRel = try store.objectRel(sha256: sha)
        let payloadRel = Workspace.payloadPath(id, fileExtension: type.fileExtension)
        // An encrypted workspace makes no payload link (its name would give the type away).
        let payloadNames = store.encrypted ? [] : [payloadRel, (payloadRel as NSString).deletingLastPathComponent]
        try pending.declare([metaRel, objectRel, (objectRel as NSString).deletingLastPathComponent] + payloadNames)
        try store.placeOriginal(staged: tmp, objectRel: objectRel, payloadRel: payloadRel)
        let stored: JSONValue = ["object": .string(objectRel), "payload": .string(payloadRel)]
        let meta = ItemMetadata.build(
            id: id, kind: "original", duplicateOf: nil, source: .init(absolutePath: source.path, stat: st),
            size: copied.size, type: type, digests: copied.digests, collection: collection,
            stored: stored, scan: scan, ingestedAt: now)
        let metaSHA = try store.writeItemRecord(CanonicalJSON.encodePretty(meta), rel: metaRel, sink: makeSink)
        let committed = CommittedItem(
            id: id, kind: .original, sha256: sha, size: copied.size, metadataPath: metaRel,
            metadataSHA256: metaSHA, objectPath: objectRel, payloadPath: payloadRel, duplicateOf: nil,
            sourceRef: sourceRef)

        return (committed, memberCount, malformed, warnings)
    }

    /// The members of a zip just copied, as unzip reads them.
    private func scanZip(_ tmp: String, size: Int64, request: IngestRequest) -> ZipMemberScanner.Scan {
        let scanner = ZipMemberScanner(algorithms: request.algorithms, limits: zipLimits)
        guard store.encrypted else { return scanner.scan(path: tmp, archiveSize: size) }
        do { return scanner.scan(source: try store.openStaged(tmp)) } catch {
            return ZipMemberScanner.Scan(status: .failed, reason: error.message, members: [])
        }
    }

    /// What the advocate is told about a zip: read only in part, self-contradicting, or holding
    /// unsafe names.
    static func zipWarnings(_ s: ZipMemberScanner.Scan) -> [String] {
        var warnings: [String] = []
        if s.status != .complete {
            warnings.append(
                "the zip could not be fully read (\(s.reason ?? s.status.rawValue)); it is kept whole as "
                    + "one item, with \(s.members.count) member(s) registered"
            )
        }
        if !s.disagreements.isEmpty {
            warnings.append(
                "the zip describes itself two ways that disagree (\(s.disagreements.count): "
                    + "\(s.disagreements[0])\(s.disagreements.count > 1 ? "; …" : "")): unzip would show "
                    + "one content, other tools another. It is kept whole; its members are read as "
                    + "unzip reads them, and the item record lists every disagreement"
            )
        }
        let flagged = s.members.filter { !$0.flags.isEmpty }.count
        if flagged > 0 {
            warnings.append("\(flagged) zip member(s) have unsafe names or are links; they are flagged, never unpacked")
        }
        return warnings
    }

    /// The `collected` entry, then `ingested` or `duplicate`, that commit one file.
    static func drafts(
        _ committed: CommittedItem, type: FileType, digests: [DigestAlgorithm: String], memberCount: Int?,
        collection: JSONValue, duplicateOf: String?, time: String, actor: String
    ) -> [CustodyLog.Draft] {
        var details = committed.logDetails.objectValue ?? [:]
        details["type"] = .string(type.mime)
        if digests.count > 1 { details["digests"] = ItemMetadata.digestsJSON(digests) }
        if let memberCount { details["members"] = .int(Int64(memberCount)) }
        return [
            .init(time: time, actor: actor, action: .collected, items: [committed.id], details: collection),
            .init(
                time: time, actor: actor, action: committed.kind == .original ? .ingested : .duplicate,
                items: duplicateOf.map { [committed.id, $0] } ?? [committed.id], details: .object(details)),
        ]
    }
}
