import Foundation
import SanadCustody
import SanadModel
import SanadIO

/// A write-ahead list of the paths an uncommitted batch may create (`tmp/pending-batch`).
///
/// Every path is declared before the file is made, so after a crash the recovery can tell an
/// interrupted batch's leftovers (safe to delete) from files the log does not explain (kept).
public final class PendingBatch {
    public static let fileName = "pending-batch"
    private let fd: Int32
    private let path: String
    /// In an encrypted workspace each declaration is one line of base64 sealed with a key
    /// derived from the workspace's (ChaCha20-Poly1305): the names stay unreadable on disk.
    private let key: WorkspaceKey?

    public init(workspace: Workspace) throws(SanadError) {
        path = "\(workspace.tmpDir)/\(Self.fileName)"
        key = workspace.isEncrypted ? try CaseStore(workspace).requireKey() : nil
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SystemError.make(errno, "open \(path)") }
    }

    deinit { close(fd) }

    /// Declares workspace-relative paths, one per line, before they are created.
    public func declare(_ paths: [String]) throws(SanadError) {
        let text = Array((paths.joined(separator: "\n") + "\n").utf8)
        guard let key else { return try FileOutput.writeAll(fd, text, what: path) }
        let line = Data(try key.sealRecord(text)).base64EncodedString() + "\n"
        try FileOutput.writeAll(fd, Array(line.utf8), what: path)
    }

    /// After a commit: the declared paths are now recorded by the log.
    public func reset() throws(SanadError) {
        guard ftruncate(fd, 0) == 0 else { throw SystemError.make(errno, "truncate \(path)") }
    }

    /// The paths declared by an interrupted batch.
    public static func declared(in workspace: Workspace) -> Set<String> {
        guard let data = FileManager.default.contents(atPath: "\(workspace.tmpDir)/\(fileName)") else { return [] }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        guard workspace.isEncrypted else { return Set(lines) }
        // A line that does not open (torn by a kill mid-write) declared nothing that was made.
        var names = Set<String>()
        for line in lines {
            guard let key = workspace.key, let sealed = Data(base64Encoded: line),
                let text = key.openRecord([UInt8](sealed))
            else { continue }
            names.formUnion(String(decoding: text, as: UTF8.self).split(separator: "\n").map(String.init))
        }
        return names
    }
}
