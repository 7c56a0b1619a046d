import Foundation
import SanadArchive
import SanadCustody
import SanadModel
import SanadFormat
import SanadIO
import SanadTimeline
import SanadVerify

/// The items of a sealed archive (zip or tar) or unpacked bag, read without unpacking it.
///
/// The archive must verify first (every check of `sanad verify`): a timeline read from an
/// archive that does not would trace its lines to bytes nobody can vouch for. Each parser then
/// hashes the bytes it reads, and the timeline checks them against the sealed manifest.
public struct ArchiveItems: ItemSource {
    public static let maxItemFile = 16 << 20
    /// The sealed custody log is read for its amendments (256 MiB: about 500,000 entries).
    public static let maxCustodyFile = 256 << 20
    public let path: String
    public let isDirectory: Bool
    public let description: SourceDescription
    public let items: [TimelineItem]
    public let verification: VerificationResult
    /// `data/E0001/original.txt` → the entry, where the verifier found it in the container.
    let payloadEntries: [String: ContainerEntry]
    /// Every entry by its path inside the bag's top folder, for `file(_:limit:)`.
    let bagEntries: [String: ContainerEntry]
    /// For an archive inside an envelope: the archive, decrypted range by range.
    let enveloped: EnvelopedArchiveSource?

    public init(path: String, verify options: ArchiveVerifier.Options, strict: Bool) throws(SanadError) {
        try Self.checkPath(path)
        try self.init(
            path: path, verified: ArchiveVerifier.verify(path: path, options: options), options: options, strict: strict
        )
    }

    /// The items of an archive `verification` is the verifier's result for (`sanad report`
    /// verifies once, and reports on an archive that does not verify too).
    public init(
        path: String, verified verification: VerificationResult, options: ArchiveVerifier.Options, strict: Bool
    ) throws(SanadError) {
        self.path = path
        isDirectory = try Self.checkPath(path)
        self.verification = verification
        var byPath: [String: ContainerEntry] = [:]
        for e in verification.entries {
            guard let slash = e.path.firstIndex(of: "/") else { continue }
            byPath[String(e.path[e.path.index(after: slash)...])] =
                byPath[String(e.path[e.path.index(after: slash)...])] ?? e
        }
        bagEntries = byPath
        switch verification.verdict(strict: strict) {
        case .verified: break
        case .malformed:
            let why = verification.report.failures.first.map { "\($0.name): \($0.detail)" } ?? "malformed"
            throw SanadError(
                .archiveCorrupt, "no timeline can be read from \(path): it is malformed (\(why))",
                hint: verification.hint ?? "Run 'sanad verify \(path)' for the full report.")
        case .doesNotVerify:
            let why =
                (verification.report.failures.first ?? verification.report.warnings.first).map {
                    "\($0.name): \($0.detail)"
                } ?? ""
            throw SanadError(
                .evidenceMismatch, "no timeline can be read from \(path): it does not verify (\(why))",
                hint: "Run 'sanad verify \(path)' for the full report.")
        }
        // An archive inside an envelope, verified as a stream, is opened again for random access.
        if !isDirectory, ArchiveVerifier.isEnvelope(path), let key = options.envelopeKey {
            enveloped = try EnvelopedArchiveSource(path: path, key: key)
        } else {
            enveloped = nil
        }
        let (tagFiles, payload) = try Self.readTagFiles(
            path: path, isDirectory: isDirectory, verified: verification, source: enveloped)
        payloadEntries = payload
        let info = Dictionary(
            BagLayout.parseBagInfo(tagFiles["bag-info.txt"] ?? []) ?? [], uniquingKeysWith: { a, _ in a })
        // The sealed manifest, read by the verifier's own reader (it has just accepted it).
        let sealed = ManifestFile(tagFiles["manifest-sha256.txt"] ?? [], name: "manifest-sha256.txt")
        // Withheld items and items sealed in envelopes have no bytes the timeline can read.
        let unreadable = Set(verification.withheld.map(\.id)).union(verification.envelopes?.items.map(\.id) ?? [])
        items = try Self.items(tagFiles: tagFiles, sealed: sealed, unreadable: unreadable)
        description = SourceDescription(
            kind: isDirectory ? "bag" : "archive", path: path, caseID: info["External-Identifier"],
            custodyHead: info["Sanad-Custody-Head"])
    }

    /// The tag files the timeline reads (bag-info, the manifest, item records) and the payload
    /// entries, where the verifier found them.
    /// Whether `path` is a folder; a path that is neither a folder nor a regular file is refused.
    @discardableResult
    public static func checkPath(_ path: String) throws(SanadError) -> Bool {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw SanadError(.pathNotFound, "\(path) does not exist")
        }
        var st = stat()
        guard isDir.boolValue || (stat(path, &st) == 0 && st.st_mode & S_IFMT == S_IFREG) else {
            throw SanadError(
                .usage,
                "\(path) is not a regular file; the timeline reads an archive twice (to verify it, then to read its "
                    + "items)",
                hint: "Save the archive to a file first.")
        }
        return isDir.boolValue
    }

    private static func readTagFiles(
        path: String, isDirectory: Bool, verified: VerificationResult, source: RandomAccessSource?
    ) throws(SanadError)
        -> ([String: [UInt8]], [String: ContainerEntry])
    {
        var tagFiles: [String: [UInt8]] = [:]
        var payload: [String: ContainerEntry] = [:]
        if isDirectory {
            for name in ["bag-info.txt", "manifest-sha256.txt", BagLayout.custodyFile] {
                tagFiles[name] = try readFile("\(path)/\(name)")
            }
            let itemsDir = "\(path)/sanad/items"
            for name in (try? FileManager.default.contentsOfDirectory(atPath: itemsDir)) ?? []
            where name.hasSuffix(".json") {
                tagFiles["sanad/items/\(name)"] = try readFile("\(itemsDir)/\(name)")
            }
            return (tagFiles, payload)
        }
        // Exactly the entries the verifier read, where it read them: no second opinion on what
        // the container holds.
        for entry in verified.entries {
            guard let slash = entry.path.firstIndex(of: "/") else { continue }
            let inner = String(entry.path[entry.path.index(after: slash)...])
            if inner.hasPrefix("data/") {
                payload[inner] = entry
            } else if inner == "bag-info.txt" || inner == "manifest-sha256.txt" || inner.hasPrefix("sanad/items/")
                || inner == BagLayout.custodyFile
            {
                guard entry.size <= Int64(inner == BagLayout.custodyFile ? maxCustodyFile : maxItemFile) else {
                    throw SanadError(.archiveCorrupt, "\(inner) in the archive is too large")
                }
                var bytes: [UInt8] = []
                if let source {
                    try entry.forEachChunk(in: source) { bytes += $0 }
                } else {
                    try entry.forEachChunk(in: path) { bytes += $0 }
                }
                tagFiles[inner] = bytes
            }
        }
        return (tagFiles, payload)
    }

    /// The items of the item records, by exhibit, each checked against the sealed manifest, with
    /// the members of chat exports after their container. Items the sealer withheld or sealed in
    /// envelopes (the verifier has checked `sanad/withheld.json` and `sanad/envelopes.json`
    /// against the log) have no bytes to read: the manifest lists an envelope, not the original.
    private static func items(
        tagFiles: [String: [UInt8]], sealed: ManifestFile, unreadable: Set<String>
    ) throws(SanadError) -> [TimelineItem] {
        var items: [TimelineItem] = []
        // The verifier has checked the chain; only the amendments of declarations are read here.
        let custody = ChainVerifier.verify(CustodyLogFile.split(tagFiles[BagLayout.custodyFile] ?? []))
        let state = WorkspaceState(entries: custody.entries)
        if let seq = state.malformedEntries.first {
            throw SanadError(
                .archiveCorrupt, "the sealed custody log's entry \(seq) does not decode as its action requires",
                hint: "The sealer's workspace did not pass 'sanad log --verify'; ask for a new seal.")
        }
        let amendments = state.amendments
        let itemFiles = tagFiles.keys.filter { $0.hasPrefix("sanad/items/") && $0.hasSuffix(".json") }
            .sorted { a, b in
                let ea = ExhibitID(String(a.dropFirst(12).dropLast(5))) ?? ExhibitID(number: 0)
                let eb = ExhibitID(String(b.dropFirst(12).dropLast(5))) ?? ExhibitID(number: 0)
                return ea < eb
            }
        var duplicates: [(id: String, of: String, record: JSONValue, amendments: [Amendment])] = []
        for name in itemFiles {
            guard let record = try? JSONParser.parse(tagFiles[name] ?? []), record["kind"]?.stringValue == "duplicate",
                let id = record["id"]?.stringValue, let of = record["duplicate_of"]?.stringValue
            else { continue }
            duplicates.append((id, of, record, amendments[id] ?? []))
        }
        let viaDuplicates = SensitiveMark.duplicateReasons(duplicates)
        for name in itemFiles {
            let record: JSONValue
            do { record = try JSONParser.parse(tagFiles[name] ?? []) } catch {
                throw SanadError(.archiveCorrupt, "\(name) in the archive is not JSON")
            }
            let itemAmendments = amendments[record["id"]?.stringValue ?? ""] ?? []
            let metadata = Amendment.applied(itemAmendments, toRecord: record)
            guard metadata["kind"]?.stringValue != "duplicate",
                !unreadable.contains(metadata["id"]?.stringValue ?? "")
            else { continue }
            var item = try TimelineItem(metadata: metadata, ordinal: items.count + 1)
            item.sensitiveReason =
                SensitiveMark.reason(record: record, amendments: itemAmendments) ?? viaDuplicates[item.exhibit]
            guard let stored = metadata["stored"]?["payload"]?.stringValue ?? payloadPath(for: item.exhibit, in: sealed)
            else { continue }
            guard sealed.sha256(of: stored) == item.sha256 else {
                throw SanadError(
                    .evidenceMismatch,
                    "\(item.exhibit): the sealed manifest does not list \(stored) with the digest its item file records"
                )
            }
            item.payloadPath = stored
            items.append(item)
            for var member in item.chatMembers(metadata: metadata) {
                member.ordinal = items.count + 1
                member.payloadPath = stored
                items.append(member)
            }
        }
        return items
    }

    public func input(for item: TimelineItem) throws(SanadError) -> any ByteInput {
        guard let payloadPath = item.payloadPath else {
            throw SanadError(.internalError, "no payload for \(item.exhibit)")
        }
        if item.parent != nil {
            guard let dot = item.exhibit.firstIndex(of: "."),
                let index = Int(item.exhibit[item.exhibit.index(after: dot)...])
            else {
                throw SanadError(.internalError, "bad member number \(item.exhibit)")
            }
            if isDirectory {
                return ZipMemberInput(
                    zipPath: "\(path)/\(payloadPath)", memberPath: item.originalName ?? "", index: index,
                    limit: item.size,
                    label: item.exhibit)
            }
            guard let entry = payloadEntries[payloadPath] else {
                throw SanadError(.evidenceMismatch, "\(item.exhibit): \(payloadPath) is not in the archive")
            }
            if let enveloped {
                return ZipMemberInput(
                    source: SourceSlice(enveloped, offset: entry.dataOffset, size: entry.size),
                    memberPath: item.originalName ?? "", index: index, limit: item.size, label: item.exhibit)
            }
            return ZipMemberInput(
                zipPath: path, outerEntry: entry, memberPath: item.originalName ?? "", index: index, limit: item.size,
                label: item.exhibit)
        }
        if isDirectory { return FileInput(path: "\(path)/\(payloadPath)", label: item.exhibit) }
        guard let entry = payloadEntries[payloadPath] else {
            throw SanadError(.evidenceMismatch, "\(item.exhibit): \(payloadPath) is not in the archive")
        }
        if let enveloped {
            return SourceInput(SourceSlice(enveloped, offset: entry.dataOffset, size: entry.size), label: item.exhibit)
        }
        return ArchiveEntryInput(archivePath: path, entry: entry, label: item.exhibit)
    }

    /// The first path the manifest lists in the exhibit's payload folder.
    static func payloadPath(for exhibit: String, in sealed: ManifestFile) -> String? {
        sealed.entries.first { $0.path.hasPrefix("data/\(exhibit)/") }?.path
    }

    static func readFile(_ path: String) throws(SanadError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path), data.count <= maxItemFile else {
            throw SanadError(.archiveCorrupt, "\(path) cannot be read")
        }
        return Array(data)
    }
}
