import CSanadSystem
import Foundation
import SanadCrypto
import SanadCustody
import SanadIO
import SanadModel

/// `sanad encrypt`: converts a plaintext workspace in place, so that a SIGKILL at any moment
/// leaves the old workspace or the new one, never a mix (docs/WORKSPACE.md §7.6).
///
/// 1. `tmp/encrypting` is written: a conversion is under way.
/// 2. Every stored file is written again encrypted, beside the old one (`.age` names, keyed
///    object names, `keys/`), and the filesystem is synced.
/// 3. The commit: `sanad-workspace.json` is renamed into place. Before it, the workspace is
///    the plaintext one; after it, the encrypted one.
/// 4. The plaintext files are unlinked, then `tmp/encrypting`.
///
/// A kill before 3 leaves encrypted leftovers that `finishInterrupted` deletes; a kill after 3
/// leaves plaintext leftovers that it unlinks. Either runs before any write command and at the
/// start of `encrypt`. Unlinked is not wiped: the old bytes stay on the disk until overwritten.
public enum WorkspaceEncryptor {
    public static let journalName = "encrypting"

    public struct Result: Sendable {
        public var items: Int
        public var storedBytes: Int64
        /// Plaintext files unlinked (not wiped).
        public var unlinked: Int
    }

    public static func encrypt(
        _ ws: Workspace, with new: Workspace.NewEncryption, actor: String, now: String
    ) throws(SanadError) -> Result {
        guard !ws.isEncrypted else { throw SanadError(.usage, "this workspace is already encrypted") }
        let lock = try WorkspaceLock(path: ws.lockPath)
        defer { withExtendedLifetime(lock) {} }
        _ = try finishInterrupted(ws)
        let audit = WorkspaceAudit.run(ws)
        guard audit.report.passed(strict: false) else {
            throw SanadError(
                .workspaceDamaged, "the workspace does not verify, so it is not converted",
                hint: "Run 'sanad log --verify' and resolve what it reports first.")
        }
        let plain = CaseStore(ws)
        let contents = try plain.readCustodyLog()
        let state = WorkspaceState(entries: ChainVerifier.verify(contents).entries)
        var enc = ws
        enc.encryption = new.marker
        enc.key = new.key
        let store = CaseStore(enc)
        let journal = "\(ws.tmpDir)/\(journalName)"
        try AtomicFile.write([], to: journal, mode: 0o600, tmpDir: ws.tmpDir)
        for dir in [ws.keysDir, ws.absolute("objects"), ws.absolute(Workspace.keyedObjectsFolder)]
        where mkdir(dir, 0o700) != 0 && errno != EEXIST {
            throw SystemError.make(errno, "mkdir \(dir)")
        }
        var bytes: Int64 = 0
        for item in state.items {
            try copyRecord(item, from: plain, to: store)
            if let object = item.objectPath, item.kind == .original {
                bytes += try copyOriginal(object, size: item.size, from: plain, to: store)
            }
        }
        for record in state.derived {
            for file in record.files { try copyDerived(file.path, from: plain, to: store) }
        }
        try copyCaseAndKeys(ws, plain: plain, to: store, new: new)
        let log = Array((try PlainCustodyLogFile(path: ws.custodyPath).read()).prefix(contents.committedLength))
        let storage = try store.custodyStorage()
        try storage.create()
        try storage.append(log)
        try CustodyLog(opening: storage).append([
            .init(
                time: now, actor: actor, action: .note,
                details: [
                    "event": "workspace-encrypted", "scheme": "age-v1", "recipient": .string(new.marker.recipient),
                    "tool": .object(Tool.json),
                ])
        ])
        try syncAll(ws.root)
        // The commit point.
        try AtomicFile.write(
            CanonicalJSON.encodePretty(new.marker.json), to: ws.absolute(WorkspaceEncryption.fileName), mode: 0o444,
            tmpDir: ws.tmpDir)
        let unlinked = removePlaintext(ws)
        unlink(journal)
        return Result(items: state.items.count, storedBytes: bytes, unlinked: unlinked)
    }

    /// Finishes or undoes a conversion that was killed: returns how many files it removed.
    @discardableResult
    public static func finishInterrupted(_ ws: Workspace) throws(SanadError) -> Int {
        let journal = "\(ws.tmpDir)/\(journalName)"
        guard FileManager.default.fileExists(atPath: journal) else { return 0 }
        let committed = FileManager.default.fileExists(atPath: ws.absolute(WorkspaceEncryption.fileName))
        let n = committed ? removePlaintext(ws) : removeEncrypted(ws)
        unlink(journal)
        return n
    }

    private static func copyRecord(_ item: CommittedItem, from plain: CaseStore, to store: CaseStore) throws(SanadError)
    {
        guard let bytes = plain.readItemRecord(item.metadataPath) else {
            throw SanadError(.workspaceDamaged, "the item file of \(item.id) cannot be read")
        }
        let target = store.workspace.absolute(store.diskName(item.metadataPath))
        unlink(target)
        _ = try store.writeItemRecord(bytes, rel: item.metadataPath)
    }

    /// A derived file (a preview, WORKSPACE.md §3.6) under its keyed `.age` name; the plaintext
    /// one, in its item's folder, goes with the other plaintext files after the commit.
    private static func copyDerived(_ rel: String, from plain: CaseStore, to store: CaseStore) throws(SanadError) {
        guard let bytes = plain.readDerived(rel) else {
            throw SanadError(.workspaceDamaged, "the derived file \(rel) cannot be read")
        }
        unlink(store.workspace.absolute(store.diskName(rel)))
        try store.writeDerived(bytes, rel: rel)
    }

    private static func copyOriginal(
        _ rel: String, size: Int64, from plain: CaseStore, to store: CaseStore
    ) throws(SanadError) -> Int64 {
        let source = try plain.openOriginal(rel)
        let staging = try store.createStaging("encrypt-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do throws(SanadError) {
            let sink = try store.storageSink(
                FileDescriptorSink(fd: staging.fd, label: staging.path), expectedSize: size)
            let digests = try DigestSet([.sha256])
            try source.forEachChunk { chunk throws(SanadError) in
                digests.update(chunk)
                try sink.write(chunk)
            }
            // Bound to the digest of the bytes copied: a plaintext store that no longer matches its
            // records is caught by the seal's hash, as before the conversion.
            try sink.finish(sha256: digests.finalize()[.sha256])
            guard fchmod(staging.fd, 0o444) == 0 else { throw SystemError.make(errno, "chmod \(staging.path)") }
            close(staging.fd)
            try store.placeOriginal(staged: staging.path, objectRel: rel, payloadRel: "")
        } catch {
            close(staging.fd)
            store.discardStaging(staging.path)
            throw error
        }
        return source.size
    }

    private static func copyCaseAndKeys(
        _ ws: Workspace, plain: CaseStore, to store: CaseStore, new: Workspace.NewEncryption
    ) throws(SanadError) {
        guard let caseBytes = plain.readCaseFile() else {
            throw SanadError(.workspaceDamaged, "sanad-case.json is missing")
        }
        for dir in [ws.keysDir, ws.absolute(Workspace.keyedObjectsFolder)]
        where mkdir(dir, 0o700) != 0 && errno != EEXIST {
            throw SystemError.make(errno, "mkdir \(dir)")
        }
        try AtomicFile.write(
            new.identityFile, to: ws.absolute(WorkspaceEncryption.identityPath), mode: 0o400, tmpDir: ws.tmpDir)
        for f in new.recoveryFiles {
            try AtomicFile.write(f.bytes, to: ws.absolute(f.path), mode: 0o444, tmpDir: ws.tmpDir)
        }
        unlink(store.diskName(ws.caseFile))
        try store.writeCaseFile(caseBytes)
        for (_, der) in plain.readCertificates() { try store.writeCertificate(try Certificate(der: der)) }
        if let setting = plain.readSigningKeySetting() { try store.writeSigningKeySetting(setting) }
    }

    private static func syncAll(_ root: String) throws(SanadError) {
        let fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError.make(errno, "open \(root)") }
        defer { close(fd) }
        guard csanad_syncfs(fd) == 0 else { throw SystemError.make(errno, "sync \(root)") }
    }

    /// After the commit: every plaintext file the encrypted workspace replaced.
    private static func removePlaintext(_ ws: Workspace) -> Int {
        var n = 0
        for f in [Workspace.caseFileName, "custody.jsonl", CaseStore.signingKeyFile, "index/search.sqlite"] {
            n += remove(ws.absolute(f))
        }
        for dir in ["items", CaseStore.certificatesFolder] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: ws.absolute(dir))) ?? []
            where !name.hasSuffix(".age") {
                n += remove(ws.absolute("\(dir)/\(name)"))
            }
        }
        for dir in ["objects/sha256", "data"] { n += removeTree(ws.absolute(dir)) }
        // Derived files: plaintext ones sit in a folder per item, encrypted ones at the top.
        let derived = ws.absolute(DerivedRecord.folder)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: derived)) ?? [] where !name.hasSuffix(".age")
        {
            n += removeTree("\(derived)/\(name)")
        }
        return n
    }

    /// Before the commit: every encrypted file a killed conversion wrote.
    private static func removeEncrypted(_ ws: Workspace) -> Int {
        var n = removeTree(ws.keysDir) + removeTree(ws.absolute(Workspace.keyedObjectsFolder))
        for dir in ["", "items", CaseStore.certificatesFolder, DerivedRecord.folder] {
            let path = dir.isEmpty ? ws.root : ws.absolute(dir)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] where name.hasSuffix(".age")
            {
                n += remove("\(path)/\(name)")
            }
        }
        return n
    }

    private static func remove(_ path: String) -> Int {
        chmod(path, 0o600)
        return unlink(path) == 0 ? 1 : 0
    }

    private static func removeTree(_ root: String) -> Int {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return 0 }
        var files: [String] = []
        var dirs: [String] = []
        while let rel = walker.nextObject() as? String {
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: "\(root)/\(rel)", isDirectory: &isDir)
            if isDir.boolValue { dirs.append("\(root)/\(rel)") } else { files.append("\(root)/\(rel)") }
        }
        let n = files.reduce(0) { $0 + remove($1) }
        for d in dirs.sorted(by: { $0.count > $1.count }) { rmdir(d) }
        rmdir(root)
        return n
    }
}
