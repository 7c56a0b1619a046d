import Foundation
import SanadArchive
import SanadCrypto
import SanadIO
import SanadModel
import SanadWorkspace

/// Copying the stored originals into the archive, each checked against its recorded digest.
extension Sealer {
    /// Streams one original of a plaintext workspace into the archive, re-hashing it.
    func copyPayload(
        _ p: SealInputs.Payload, into writer: ArchiveWriter, top: String, pool: ChunkPool
    ) throws(SanadError) {
        let stored: StoredFile
        do { stored = try store.openOriginal(p.objectRel) } catch { throw unopened(p, error) }
        // The file stays open (it closes when `stored` goes) until the copy below is done.
        defer { withExtendedLifetime(stored) {} }
        guard stored.size == p.item.size else { throw resized(p) }
        try writer.beginFile(path: "\(top)/\(p.bagPath)", size: p.item.size)
        let copied = try StreamingCopier(algorithms: [.sha256], pool: pool, hashInline: true).copy(
            fromFD: stored.fd, label: p.objectRel, to: ArchiveEntrySink(writer: writer))
        guard copied.digests[.sha256] == p.item.sha256, copied.size == p.item.size else { throw changed(p) }
    }

    /// Streams the originals of an encrypted workspace into the archive: opened and decrypted
    /// ahead on the other core (`StoredFileFeed`), never on disk in the clear. An original bound
    /// to its recorded digest (`AgeBinding`) is checked by its chunks' tags, which decryption
    /// verifies to the last one; any other is hashed again here.
    func copyEncryptedPayload(
        _ payload: [SealInputs.Payload], into writer: ArchiveWriter, top: String
    ) throws(SanadError) {
        let feed = StoredFileFeed(store: store, files: payload.map { ($0.objectRel, $0.item.sha256) })
        var digests: DigestSet?
        var size: Int64 = 0
        try feed.run(
            opened: { (i, file) throws(SanadError) in
                let p = payload[i]
                guard file.size == p.item.size else { throw resized(p) }
                digests = file.bound ? nil : try DigestSet([.sha256])
                size = 0
                try writer.beginFile(path: "\(top)/\(p.bagPath)", size: p.item.size)
            },
            chunk: { (_, bytes) throws(SanadError) in
                digests?.update(bytes)
                size += Int64(bytes.count)
                try writer.writeData(bytes)
            },
            ended: { (i) throws(SanadError) in
                let p = payload[i]
                let found = digests?.finalize()[.sha256] ?? p.item.sha256
                guard found == p.item.sha256, size == p.item.size else { throw changed(p) }
            },
            failed: { failure in
                failure.opening ? unopened(payload[failure.index], failure.error) : failure.error
            })
    }

    /// An original that does not open: missing, or there and not opening with the workspace's
    /// key (its header changed).
    func unopened(_ p: SealInputs.Payload, _ error: SanadError) -> SanadError {
        let missing = access(store.workspace.absolute(store.diskName(p.objectRel)), F_OK) != 0
        return SanadError(
            .workspaceDamaged,
            "\(p.item.id): its stored original " + (missing ? "is missing" : "cannot be opened: \(error.message)"),
            hint: "Run 'sanad log --verify'; nothing was sealed.")
    }

    func resized(_ p: SealInputs.Payload) -> SanadError {
        SanadError(
            .workspaceDamaged, "\(p.item.id): its stored original changed size since it was recorded",
            hint: "Run 'sanad log --verify'; nothing was sealed.")
    }

    func changed(_ p: SealInputs.Payload) -> SanadError {
        SanadError(
            .workspaceDamaged,
            "\(p.item.id): its stored original no longer matches its recorded SHA-256 (the store was corrupted "
                + "or tampered with)",
            hint: "Run 'sanad log --verify'; nothing was sealed.")
    }
}
