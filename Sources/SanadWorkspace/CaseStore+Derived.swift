import CSanadSystem
import Foundation
import SanadCrypto
import SanadCustody
import SanadModel

/// Files derived from items (previews, docs/WORKSPACE.md §3.6): written once beside the case's
/// originals, committed by a `derived` custody entry, and in an encrypted workspace stored as
/// age files under keyed names like everything else.
extension CaseStore {
    /// `derived/<item>/<name>`: the name the log records.
    public static func derivedPath(item: String, name: String) -> String { "\(DerivedRecord.folder)/\(item)/\(name)" }

    /// The name on disk of a derived file of an encrypted workspace: `derived/<HMAC>.age`, the
    /// HMAC of its recorded path under the key that names originals. `derived/E0003/preview.png`
    /// would tell which exhibits are images; the keyed name tells only how many derived files exist.
    func derivedName(_ rel: String) throws(SanadError) -> String {
        let name = try requireKey().objectName(sha256: "derived:" + rel)
        return "\(DerivedRecord.folder)/\(name).age"
    }

    /// Writes a derived file once, read-only, under a name declared in the pending batch
    /// beforehand (see `writeItemRecord`: only the log append commits it). Returns its SHA-256.
    @discardableResult
    public func writeDerived(_ bytes: [UInt8], rel: String) throws(SanadError) -> String {
        guard DerivedRecord.isDerivedPath(rel) else {
            throw SanadError(.internalError, "\(rel) is not a derived file's name")
        }
        try makeDirectory(workspace.absolute(DerivedRecord.folder))
        if !encrypted { try makeDirectory((workspace.absolute(rel) as NSString).deletingLastPathComponent) }
        return try writeItemRecord(bytes, rel: rel)
    }

    /// A derived file's bytes, decrypted; nil when it is missing or does not decrypt.
    public func readDerived(_ rel: String) -> [UInt8]? { readItemRecord(rel) }

    /// Makes everything written so far durable before the log entry that commits it
    /// (docs/WORKSPACE.md §5): one `syncfs` of the workspace's filesystem.
    public func syncWorkspace() throws(SanadError) {
        let fd = open(workspace.root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError.make(errno, "open \(workspace.root)") }
        defer { close(fd) }
        guard csanad_syncfs(fd) == 0 else { throw SystemError.make(errno, "sync \(workspace.root)") }
    }
}
