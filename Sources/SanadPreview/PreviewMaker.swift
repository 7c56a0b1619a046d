import Foundation
import SanadCrypto
import SanadCustody
import SanadIngest
import SanadModel
import SanadWorkspace

/// `sanad preview E0003`: makes an item's unrecognisable preview and commits it to the case as
/// a derived item (docs/WORKSPACE.md §3.6), by the commit protocol of §5: the names are declared
/// in the pending batch, the files written, the filesystem synced, then one `derived` custody
/// entry (signed when a signer is given) commits them. The original is read through the store,
/// decrypted in memory, and checked against its recorded SHA-256 before it is decoded.
public struct PreviewMaker {
    public let workspace: Workspace
    public var clock: () -> Date = Date.init
    /// Signs the `derived` entry, when the workspace has a key configured.
    public var signer: EntrySigner?
    public var limits = PreviewLimits.standard
    private let store: CaseStore

    public init(workspace: Workspace) {
        self.workspace = workspace
        store = CaseStore(workspace)
    }

    /// The item's preview: made and committed, or the one the log already commits.
    public func make(item id: String, actor: String) throws(SanadError) -> DerivedPreview {
        let lock = try WorkspaceLock(path: workspace.lockPath)
        defer { withExtendedLifetime(lock) {} }
        let log = try store.openCustodyLog(signer: signer)
        let state = WorkspaceState(entries: log.entries)
        // An interrupted run's leftovers go; files the log does not explain stop the command.
        try WorkspaceRecovery.clean(workspace, state)
        let item = try committedItem(id, state)
        if let found = state.derived.first(where: { $0.kind == "preview" && $0.source == id }) {
            return DerivedPreview(found: found)
        }
        let format = try imageFormat(of: item)
        let bytes = try readOriginal(item, state)
        guard ImageFormat(mime: FileTypeSniffer.detect(Array(bytes.prefix(64)), isWhole: false).mime) == format else {
            throw SanadError(
                .workspaceDamaged, "the stored bytes of \(id) are not the \(format.mime) its item record says",
                hint: "Run 'sanad log --verify'.")
        }
        let rendered = try PreviewRenderer.render(bytes, format: format, limits: limits, label: id)
        return try commit(rendered, item: item, format: format, log: log, actor: actor)
    }

    private func committedItem(_ id: String, _ state: WorkspaceState) throws(SanadError) -> CommittedItem {
        guard let item = state.byID[id] else {
            let hint =
                id.contains(".")
                ? "A zip member has no stored file of its own; previews are of image items."
                : "List the exhibits with 'sanad items'."
            throw SanadError(.usage, "\(id) is not an exhibit of this case", hint: hint)
        }
        return item
    }

    private func imageFormat(of item: CommittedItem) throws(SanadError) -> ImageFormat {
        let record = try store.committedItemRecord(item)
        let mime = record["type"]?["mime"]?.stringValue ?? ""
        guard let format = ImageFormat(mime: mime) else {
            let label = record["type"]?["label"]?.stringValue ?? mime
            throw SanadError(
                .usage, "\(item.id) is \(label.isEmpty ? "not an image" : label), not an image Sanad previews",
                hint: "Previews are made of \(ImageFormat.supportedNames) images only.")
        }
        return format
    }

    /// The original's bytes in memory (a duplicate's are its first original's), after checking
    /// them against the SHA-256 the log commits: a preview names the digest it was made from.
    private func readOriginal(_ item: CommittedItem, _ state: WorkspaceState) throws(SanadError) -> [UInt8] {
        let owner = item.duplicateOf.flatMap { state.byID[$0] } ?? item
        guard let object = owner.objectPath else {
            throw SanadError(.workspaceDamaged, "\(item.id) has no stored original", hint: "Run 'sanad log --verify'.")
        }
        guard owner.size <= limits.maximumInputBytes else {
            throw SanadError(
                .imageTooLarge,
                "\(item.id) is \(owner.size) bytes; previews read at most \(limits.maximumInputBytes) (nothing was "
                    + "decoded)", hint: "A file this large may be a decompression bomb; no preview is made of it.")
        }
        let file = try store.openOriginal(object)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(owner.size))
        let digest = try DigestSet([.sha256])
        try file.forEachChunk { (chunk: UnsafeRawBufferPointer) throws(SanadError) in
            digest.update(chunk)
            bytes.append(contentsOf: chunk)
        }
        guard digest.finalize()[.sha256] == item.sha256 else {
            throw SanadError(
                .evidenceMismatch, "the stored original of \(item.id) differs from its recorded SHA-256",
                hint: "Run 'sanad log --verify'; no preview was made.")
        }
        return bytes
    }
}
