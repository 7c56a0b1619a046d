import Foundation
import SanadCrypto
import SanadExtract
import SanadFormat
import SanadModel
import SanadTimeline

/// The commitments of a seal (docs/FORMAT.md §9): for every item sealed in the clear that a
/// chat parser reads (a zip's chat members included), its events cut into salted leaves under
/// a seed derived from the sealing key, and three tag files.
extension Sealer {
    struct Commitments {
        var files: [(path: String, bytes: [UInt8])] = []
        var committed: [(exhibit: String, events: Int)] = []
    }

    func commitments(_ request: SealRequest, inputs: SealInputs) throws(SanadError) -> Commitments {
        var out = Commitments()
        guard request.commitments else { return out }
        // Only originals whose bytes the bag holds in the clear.
        let clear = Set(inputs.payload.filter { !$0.enveloped }.map(\.item.id))
        let source = try WorkspaceItems(workspace)
        let seeds = try CommitmentSeeds(request.identity.key)
        let builder = CommitmentBuilder()
        for item in source.items where clear.contains(item.parent ?? item.exhibit) {
            let seed = try seeds.seed(exhibit: item.exhibit, sha256: item.sha256)
            let built: CommitmentBuilder.Built?
            do {
                built = try builder.build(item, input: try source.input(for: item), seed: seed)
            } catch {
                throw storeProblem(item, inputs: inputs) ?? error
            }
            guard let built else { continue }
            out.files.append((Commitment.path(item.exhibit), built.commitment.bytes))
            out.files.append((Commitment.leavesPath(item.exhibit), Commitment.leavesFile(built.lengths)))
            out.files.append(
                (Commitment.seedPath(item.exhibit), Commitment.seedFile(exhibit: item.exhibit, seed: seed)))
            out.committed.append((item.exhibit, built.commitment.events))
        }
        return out
    }

    /// When reading an item for its commitment fails, whether its stored original (or its zip's)
    /// is what failed: the same error the payload's copy would give.
    private func storeProblem(_ item: TimelineItem, inputs: SealInputs) -> SanadError? {
        guard let p = inputs.payload.first(where: { $0.item.id == (item.parent ?? item.exhibit) }) else { return nil }
        if store.encrypted {
            do { _ = try store.openOriginal(p.objectRel) } catch { return unopened(p, error) }
        }
        let found: (sha256: String, size: Int64)
        do { found = try store.digestStored(p.objectRel) } catch { return error }
        if found.size != p.item.size { return resized(p) }
        if found.sha256 != p.item.sha256 { return changed(p) }
        return nil
    }
}
