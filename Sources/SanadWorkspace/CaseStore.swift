import CSanadSystem
import Foundation
import SanadCrypto
import SanadCustody
import SanadIO
import SanadModel

/// The one way in and out of what a case stores: originals, item records, the case file and the
/// custody log. Ingest, seal, the audit (`log --verify`) and the timeline read and write them
/// only through this type, so that encryption at rest (issue 13) changes it and not them.
///
/// Paths are workspace-relative, as the custody log records them (`objects/sha256/ab/ab…`,
/// `items/E0001.json`). The store is the plain folder of docs/WORKSPACE.md, or the same files
/// as age files (`.age`) in an encrypted workspace (docs/WORKSPACE.md §7), decrypted here and nowhere else.
public final class CaseStore: @unchecked Sendable {
    public let workspace: Workspace
    /// Folders known to exist, so that placing 1,000 originals does not ask 2,000 times.
    private var knownDirectories = Set<String>()
    /// Staging files not yet placed or discarded, and their slots in the process's cleanup
    /// table: a Ctrl-C, SIGTERM or SIGHUP removes them, so an interrupted `add` leaves no copy
    /// of the evidence in `tmp/`.
    private var staging: [String: Int32] = [:]
    private let lock = NSLock()

    public init(_ workspace: Workspace) { self.workspace = workspace }

    // MARK: Originals

    /// Whether what is stored is encrypted (age files to the workspace's recipient).
    public var encrypted: Bool { workspace.isEncrypted }

    /// The unlocked key; an encrypted workspace read without one is a usage error.
    public func requireKey() throws(SanadError) -> WorkspaceKey {
        guard let key = workspace.key else {
            throw SanadError(
                .usage, "this workspace is encrypted and has not been unlocked",
                hint: "Give its passphrase (a prompt, SANAD_WORKSPACE_PASSPHRASE or --workspace-passphrase-file), "
                    + "or run 'sanad unlock'."
            )
        }
        return key
    }

    /// The name on disk of what the log calls `rel`. The log and the item records always name
    /// the plaintext layout (`objects/sha256/ab/<SHA-256>`, `items/E0001.json`); an encrypted
    /// workspace stores each as an age file, `.age` appended, and an original under a keyed MAC
    /// of its digest instead of the digest (`objects/keyed/xy/<HMAC>.age`), so that the folder
    /// listing confirms nothing about content to someone who holds a copy of an image.
    public func diskName(_ rel: String) -> String {
        guard encrypted else { return rel }
        let prefix = "objects/sha256/"
        if rel.hasPrefix(prefix), let key = workspace.key,
            let name = try? key.objectName(sha256: String(rel.split(separator: "/").last ?? ""))
        {
            return "\(Workspace.keyedObjectsFolder)/\(name.prefix(2))/\(name).age"
        }
        if rel.hasPrefix(DerivedRecord.folder + "/"), let name = try? derivedName(rel) { return name }
        // Without the key no keyed name can be made, and nothing under it can be read anyway.
        return rel.hasPrefix(prefix) ? rel : rel + ".age"
    }

    /// Where the original with this SHA-256 is recorded (`objects/sha256/…`; see `diskName`).
    public func objectRel(sha256: String) throws(SanadError) -> String { Workspace.objectPath(sha256: sha256) }

    /// A stored original (or its payload copy) opened for reading, streamed by the caller.
    public func openOriginal(_ rel: String) throws(SanadError) -> StoredFile {
        let path = workspace.absolute(diskName(rel))
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError.make(errno, "open \(rel)") }
        guard encrypted else { return try StoredFile(fd: fd, label: rel) }
        let key: WorkspaceKey
        do { key = try requireKey() } catch {
            close(fd)
            throw error
        }
        return try StoredFile(fd: fd, label: rel, key: key)
    }

    /// The SHA-256 and size of a stored file's content, read in one streaming pass.
    public func digestStored(_ rel: String) throws(SanadError) -> (sha256: String, size: Int64) {
        guard encrypted else {
            let r = try FileDigester.digest(path: workspace.absolute(rel))
            return (r.digests[.sha256] ?? "", r.size)
        }
        let file = try openOriginal(rel)
        let digests = try DigestSet([.sha256])
        var size: Int64 = 0
        try file.forEachChunk { chunk throws(SanadError) in
            digests.update(chunk)
            size += Int64(chunk.count)
        }
        return (digests.finalize()[.sha256] ?? "", size)
    }

    /// Whether two stored names are the same file (a payload name is a hard link to its object).
    public func sameFile(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        guard stat(workspace.absolute(a), &sa) == 0, stat(workspace.absolute(b), &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }

    /// What a copy into staging writes through: the bytes as they are, or an age stream to the
    /// workspace's recipient whose size is padded to reveal only a rounded size. Call
    /// `finish` after the last byte.
    public func storageSink(_ inner: ByteSink, expectedSize: Int64) throws(SanadError) -> StorageSink {
        guard encrypted else { return StorageSink(passingTo: inner) }
        return try StorageSink(encryptingTo: inner, key: try requireKey(), expectedSize: expectedSize)
    }

    /// A new, empty staging file for an original being copied in (`tmp/<name>`, mode 0600),
    /// open for writing; `placeOriginal` gives it its final names, or the caller removes it.
    public func createStaging(_ name: String) throws(SanadError) -> (fd: Int32, path: String) {
        let path = "\(workspace.tmpDir)/\(name)"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SystemError.make(errno, "create \(path)") }
        let slot = csanad_cleanup_add(path)
        lock.lock()
        staging[path] = slot
        lock.unlock()
        return (fd, path)
    }

    /// A staged copy opened for reading (decrypted on the fly when encrypted): the zip scan.
    public func openStaged(_ path: String) throws(SanadError) -> StoredFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError.make(errno, "open \(path)") }
        guard encrypted else { return try StoredFile(fd: fd, label: "the staged copy") }
        let key: WorkspaceKey
        do { key = try requireKey() } catch {
            close(fd)
            throw error
        }
        return try StoredFile(fd: fd, label: "the staged copy", key: key)
    }

    /// Removes a staging file that will not be placed (a failed copy, an item already present).
    public func discardStaging(_ path: String) {
        unlink(path)
        forgetStaging(path)
    }

    private func forgetStaging(_ path: String) {
        lock.lock()
        let slot = staging.removeValue(forKey: path)
        lock.unlock()
        if let slot { csanad_cleanup_remove(slot) }
    }

    /// Gives a staged copy its content address, read-only, and links the neutral payload name
    /// to it. An encrypted workspace has no payload links: `data/E0001/original.jpg` would name
    /// the type of every exhibit.
    public func placeOriginal(staged tmp: String, objectRel: String, payloadRel: String) throws(SanadError) {
        let object = workspace.absolute(diskName(objectRel))
        let payload = workspace.absolute(payloadRel)
        try makeDirectory((object as NSString).deletingLastPathComponent)
        if encrypted {
            guard rename(tmp, object) == 0 else { throw SystemError.make(errno, "store \(objectRel)") }
            forgetStaging(tmp)
            return
        }
        try makeDirectory((payload as NSString).deletingLastPathComponent)
        guard rename(tmp, object) == 0 else { throw SystemError.make(errno, "store \(objectRel)") }
        forgetStaging(tmp)
        if link(object, payload) != 0 {
            // Only a leftover of an interrupted batch can be in the way; it was declared, so replace it.
            guard errno == EEXIST, unlink(payload) == 0, link(object, payload) == 0 else {
                throw SystemError.make(errno, "link \(payloadRel)")
            }
        }
    }

    func makeDirectory(_ path: String) throws(SanadError) {
        lock.lock()
        defer { lock.unlock() }
        guard !knownDirectories.contains(path) else { return }
        if mkdir(path, 0o700) != 0 && errno != EEXIST { throw SystemError.make(errno, "mkdir \(path)") }
        knownDirectories.insert(path)
    }

    // MARK: Item records

    /// An item record's bytes, or nil when it is missing or unreadable.
    public func readItemRecord(_ rel: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: workspace.absolute(diskName(rel))) else { return nil }
        guard encrypted else { return [UInt8](data) }
        guard let key = workspace.key else { return nil }
        return try? EncryptedFiles.open([UInt8](data), key: key, label: rel)
    }

    /// The item record the log commits for `item`, parsed, after checking its bytes against
    /// the digest the log recorded: a reader of the case never trusts a record on its own.
    public func committedItemRecord(_ item: CommittedItem) throws(SanadError) -> JSONValue {
        guard let bytes = readItemRecord(item.metadataPath) else {
            throw SanadError(
                .workspaceDamaged, "the item file of \(item.id) cannot be read", hint: "Run 'sanad log --verify'.")
        }
        guard MessageDigest.sha256Hex(bytes) == item.metadataSHA256 else {
            throw SanadError(
                .workspaceDamaged, "the item file of \(item.id) changed after it was recorded",
                hint: "Run 'sanad log --verify'.")
        }
        do { return try JSONParser.parse(bytes) } catch {
            throw SanadError(.workspaceDamaged, "the item file of \(item.id) is not JSON")
        }
    }

    /// Writes an item record straight to its final name, read-only. No temp + rename is needed:
    /// the name was declared in the pending batch first, the batch's syncfs makes it durable,
    /// and only the log append commits it, so a torn file is an uncommitted leftover. `sink`
    /// writes the bytes (tests give one that fails). Returns its SHA-256.
    public func writeItemRecord(
        _ bytes: [UInt8], rel: String, sink makeSink: ((Int32, String) -> ByteSink)? = nil
    ) throws(SanadError) -> String {
        let path = workspace.absolute(diskName(rel))
        let stored = encrypted ? try EncryptedFiles.seal(bytes, key: try requireKey()) : bytes
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
        guard fd >= 0 else { throw SystemError.make(errno, "create \(rel)") }
        let sink = makeSink?(fd, path) ?? FileDescriptorSink(fd: fd, label: path)
        var failure: SanadError?
        stored.withUnsafeBytes { raw in
            do throws(SanadError) { try sink.write(raw) } catch { failure = error }
        }
        close(fd)
        if let failure {
            unlink(path)
            throw failure
        }
        return MessageDigest.sha256Hex(bytes)
    }

    // MARK: The case file and the custody log

    /// `sanad-case.json`'s bytes, or nil when it is missing or unreadable.
    public func readCaseFile() -> [UInt8]? { (try? readCaseFileChecked()) ?? nil }

    /// `sanad-case.json`'s bytes, nil when it is missing; throws when it cannot be decrypted.
    public func readCaseFileChecked() throws(SanadError) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: diskName(workspace.caseFile)) else { return nil }
        guard encrypted else { return [UInt8](data) }
        return try EncryptedFiles.open([UInt8](data), key: try requireKey(), label: Workspace.caseFileName)
    }

    /// Writes the case file once, at `init`.
    public func writeCaseFile(_ bytes: [UInt8]) throws(SanadError) {
        let stored = encrypted ? try EncryptedFiles.seal(bytes, key: try requireKey()) : bytes
        try AtomicFile.write(stored, to: diskName(workspace.caseFile), mode: 0o444, tmpDir: workspace.tmpDir)
    }

    /// Where the custody log lives: `custody.jsonl`, or `custody.jsonl.age` when encrypted.
    public func custodyStorage() throws(SanadError) -> CustodyLogStorage {
        guard encrypted else { return PlainCustodyLogFile(path: workspace.custodyPath) }
        return EncryptedCustodyLog(
            path: diskName(workspace.custodyPath), key: try requireKey(), tmpDir: workspace.tmpDir)
    }

    /// The custody log, split into lines.
    public func readCustodyLog() throws(SanadError) -> CustodyLogFile.Contents {
        CustodyLogFile.split(try custodyStorage().read())
    }

    /// The custody log's bytes, up to `length`.
    public func custodyLogBytes(upTo length: Int) -> [UInt8]? {
        guard let storage = try? custodyStorage(), let bytes = try? storage.read() else { return nil }
        return Array(bytes.prefix(length))
    }

    /// The custody log, opened to append entries.
    public func openCustodyLog() throws(SanadError) -> CustodyLog { try CustodyLog(opening: try custodyStorage()) }
}
