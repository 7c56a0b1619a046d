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
/// `items/E0001.json`). Today the store is the plain folder of docs/WORKSPACE.md.
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

    /// A stored original (or its payload copy) opened for reading, streamed by the caller.
    public func openOriginal(_ rel: String) throws(SanadError) -> StoredFile {
        let path = workspace.absolute(rel)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError.make(errno, "open \(rel)") }
        return StoredFile(fd: fd, label: rel)
    }

    /// The SHA-256 and size of a stored file, read in one streaming pass.
    public func digestStored(_ rel: String) throws(SanadError) -> (sha256: String, size: Int64) {
        let r = try FileDigester.digest(path: workspace.absolute(rel))
        return (r.digests[.sha256] ?? "", r.size)
    }

    /// Whether two stored names are the same file (a payload name is a hard link to its object).
    public func sameFile(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        guard stat(workspace.absolute(a), &sa) == 0, stat(workspace.absolute(b), &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }

    /// Where an original's bytes can be read at any offset (the timeline's parsers read ranges).
    /// The one read that is not a stream; with encryption at rest it becomes a ranged input.
    public func originalForRangedReading(_ rel: String) -> String { workspace.absolute(rel) }

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
    /// to it.
    public func placeOriginal(staged tmp: String, objectRel: String, payloadRel: String) throws(SanadError) {
        let object = workspace.absolute(objectRel)
        let payload = workspace.absolute(payloadRel)
        try makeDirectory((object as NSString).deletingLastPathComponent)
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

    private func makeDirectory(_ path: String) throws(SanadError) {
        lock.lock()
        defer { lock.unlock() }
        guard !knownDirectories.contains(path) else { return }
        if mkdir(path, 0o700) != 0 && errno != EEXIST { throw SystemError.make(errno, "mkdir \(path)") }
        knownDirectories.insert(path)
    }

    // MARK: Item records

    /// An item record's bytes, or nil when it is missing or unreadable.
    public func readItemRecord(_ rel: String) -> [UInt8]? {
        FileManager.default.contents(atPath: workspace.absolute(rel)).map { [UInt8]($0) }
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
        let path = workspace.absolute(rel)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
        guard fd >= 0 else { throw SystemError.make(errno, "create \(rel)") }
        let sink = makeSink?(fd, path) ?? FileDescriptorSink(fd: fd, label: path)
        var failure: SanadError?
        bytes.withUnsafeBytes { raw in
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
    public func readCaseFile() -> [UInt8]? {
        FileManager.default.contents(atPath: workspace.caseFile).map { [UInt8]($0) }
    }

    /// The custody log, split into lines.
    public func readCustodyLog() throws(SanadError) -> CustodyLogFile.Contents {
        try CustodyLogFile.read(workspace.custodyPath)
    }

    /// The custody log's bytes, up to `length`.
    public func custodyLogBytes(upTo length: Int) -> [UInt8]? {
        FileManager.default.contents(atPath: workspace.custodyPath).map { Array([UInt8]($0).prefix(length)) }
    }

    /// The custody log, opened to append entries.
    public func openCustodyLog() throws(SanadError) -> CustodyLog {
        try CustodyLog(openingForAppend: workspace.custodyPath)
    }
}
