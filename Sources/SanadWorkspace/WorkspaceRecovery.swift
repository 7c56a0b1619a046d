import Foundation
import SanadModel
import SanadCustody

/// Finds and removes what an interrupted command wrote but never committed to the log.
/// Runs under the workspace lock before every write command.
///
/// Only files that an interrupted batch declared beforehand (see `PendingBatch`) are deleted.
/// Any other file the log does not record is *unrecorded*: the log may have lost entries (a
/// restored backup, a truncation) or someone put files there by hand. Those are never deleted.
public enum WorkspaceRecovery {
    public struct Findings: Sendable {
        /// Leftovers of an interrupted batch: safe to delete.
        public var uncommitted: [String] = []
        /// Files the log does not explain: evidence of damage, never deleted automatically.
        public var unrecorded: [String] = []
        /// Temporary files in tmp/.
        public var temporary: [String] = []
    }

    public static func scan(_ ws: Workspace, _ state: WorkspaceState) -> Findings {
        // Compared by the names on disk: an encrypted workspace stores `rel` under another name.
        let store = CaseStore(ws)
        var keep = Set<String>()
        for item in state.items {
            keep.insert(store.diskName(item.metadataPath))
            for p in [item.objectPath, item.payloadPath].compactMap({ $0 }) {
                let disk = store.diskName(p)
                keep.insert(disk)
                keep.insert((disk as NSString).deletingLastPathComponent)
            }
        }
        // Derived files (previews) the log commits, and in a plaintext workspace their item's folder.
        for record in state.derived {
            for file in record.files {
                let disk = store.diskName(file.path)
                keep.insert(disk)
                if !ws.isEncrypted { keep.insert((disk as NSString).deletingLastPathComponent) }
            }
        }
        var declared = Set<String>()
        for p in PendingBatch.declared(in: ws) {
            let disk = store.diskName(p)
            declared.insert(disk)
            // A stored original's folder is declared with it (its keyed name depends on the file's).
            if p.hasPrefix("objects/sha256/"), p.split(separator: "/").count == 4 {
                declared.insert((disk as NSString).deletingLastPathComponent)
            }
        }
        var findings = Findings()
        let fm = FileManager.default
        // A conversion killed half-way (`WorkspaceEncryptor`) left files of the other form.
        let converting = fm.fileExists(atPath: "\(ws.tmpDir)/\(WorkspaceEncryptor.journalName)")
        let tops =
            (ws.isEncrypted ? ["items", Workspace.keyedObjectsFolder] : ["items", "data", "objects/sha256"])
            + [DerivedRecord.folder]
        for top in tops {
            guard let walker = fm.enumerator(atPath: ws.absolute(top)) else { continue }
            while let rel = walker.nextObject() as? String {
                let path = "\(top)/\(rel)"
                if keep.contains(path) { continue }
                if declared.contains(path) || converting && path.hasSuffix(".age") != ws.isEncrypted {
                    findings.uncommitted.append(path)
                } else {
                    findings.unrecorded.append(path)
                }
            }
        }
        if let tmp = try? fm.contentsOfDirectory(atPath: ws.tmpDir) {
            findings.temporary = tmp.filter { $0 != PendingBatch.fileName }.map { "tmp/\($0)" }
        }
        // A folder holding an unrecorded file is not itself a leftover to delete.
        findings.uncommitted.removeAll { dir in findings.unrecorded.contains { $0.hasPrefix(dir + "/") } }
        return findings
    }

    /// Deletes an interrupted batch's leftovers and temporary files. Refuses, changing nothing,
    /// when unrecorded files exist.
    @discardableResult
    public static func clean(_ ws: Workspace, _ state: WorkspaceState) throws(SanadError) -> Int {
        try WorkspaceEncryptor.finishInterrupted(ws)
        let f = scan(ws, state)
        if let example = f.unrecorded.first {
            throw SanadError(
                .workspaceDamaged,
                "\(f.unrecorded.count) file(s) in the workspace are not recorded in the custody log (e.g. "
                    + "\(example)); the log may have lost entries",
                hint:
                    "Run 'sanad log --verify' and compare the log with a backup. Sanad will not write to this "
                    + "workspace until these files are explained and moved out."
            )
        }
        let doomed = (f.uncommitted + f.temporary).sorted { $0.count > $1.count }
        for rel in doomed { remove(ws.absolute(rel)) }
        remove("\(ws.tmpDir)/\(PendingBatch.fileName)")
        return doomed.count
    }

    private static func remove(_ abs: String) {
        // Stored objects are read-only by design; unlock before removing.
        chmod(abs, 0o600)
        if unlink(abs) != 0 { rmdir(abs) }
    }
}
