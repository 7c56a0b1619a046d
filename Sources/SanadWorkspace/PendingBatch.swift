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

    public init(workspace: Workspace) throws(SanadError) {
        path = "\(workspace.tmpDir)/\(Self.fileName)"
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SystemError.make(errno, "open \(path)") }
    }

    deinit { close(fd) }

    /// Declares workspace-relative paths, one per line, before they are created.
    public func declare(_ paths: [String]) throws(SanadError) {
        try FileOutput.writeAll(fd, Array((paths.joined(separator: "\n") + "\n").utf8), what: path)
    }

    /// After a commit: the declared paths are now recorded by the log.
    public func reset() throws(SanadError) {
        guard ftruncate(fd, 0) == 0 else { throw SystemError.make(errno, "truncate \(path)") }
    }

    /// The paths declared by an interrupted batch.
    public static func declared(in workspace: Workspace) -> Set<String> {
        guard let data = FileManager.default.contents(atPath: "\(workspace.tmpDir)/\(fileName)") else { return [] }
        return Set(String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init))
    }
}
