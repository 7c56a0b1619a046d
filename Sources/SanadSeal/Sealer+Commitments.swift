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
            guard let built = try builder.build(item, input: try source.input(for: item), seed: seed) else {
                continue
            }
            out.files.append((Commitment.path(item.exhibit), built.commitment.bytes))
            out.files.append((Commitment.leavesPath(item.exhibit), Commitment.leavesFile(built.lengths)))
            out.files.append(
                (Commitment.seedPath(item.exhibit), Commitment.seedFile(exhibit: item.exhibit, seed: seed)))
            out.committed.append((item.exhibit, built.commitment.events))
        }
        return out
    }
}
