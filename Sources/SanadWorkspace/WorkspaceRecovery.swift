import Foundation
import SanadModel

/// Removes what an interrupted command wrote but never committed to the log.
/// Runs under the workspace lock before every write command.
public enum WorkspaceRecovery {
    public static func uncommittedPaths(_ ws: Workspace, _ state: WorkspaceState) -> [String] {
        var keep = Set<String>()
        for item in state.items {
            keep.insert(item.metadataPath)
            if let o = item.objectPath { keep.insert(o) }
            if let p = item.payloadPath {
                keep.insert(p)
                keep.insert((p as NSString).deletingLastPathComponent)
            }
            if let dir = item.objectPath.map({ ($0 as NSString).deletingLastPathComponent }) { keep.insert(dir) }
        }
        var found: [String] = []
        let fm = FileManager.default
        for top in ["items", "data", "objects/sha256"] {
            guard let walker = fm.enumerator(atPath: ws.absolute(top)) else { continue }
            while let rel = walker.nextObject() as? String {
                let path = "\(top)/\(rel)"
                if !keep.contains(path) { found.append(path) }
            }
        }
        if let tmp = try? fm.contentsOfDirectory(atPath: ws.tmpDir) { found += tmp.map { "tmp/\($0)" } }
        return found
    }

    /// Deletes uncommitted files (deepest first). Returns how many were removed.
    @discardableResult
    public static func clean(_ ws: Workspace, _ state: WorkspaceState) -> Int {
        let paths = uncommittedPaths(ws, state).sorted { $0.count > $1.count }
        for rel in paths {
            let abs = ws.absolute(rel)
            // Stored objects and their folders are read-only by design; unlock before removing.
            chmod((abs as NSString).deletingLastPathComponent, 0o700)
            chmod(abs, 0o700)
            try? FileManager.default.removeItem(atPath: abs)
        }
        return paths.count
    }
}
