import SanadFormat
import SanadModel
import SanadVerify

extension Discloser {
    /// The events `request` selects from an archive already read, each exhibit's commitment
    /// recomputed from the archive's bytes and the selected leaves proven against its root, in
    /// memory: what `sanad report --events` shows. Nothing is written.
    public func provenEvents(
        _ request: ExcerptRequest, archive: ArchiveItems
    ) throws(SanadError) -> [ExcerptSummary.Exhibit] {
        let committed = try Self.commitments(archive)
        let selected = try select(request, archive: archive, committed: committed)
        var out: [ExcerptSummary.Exhibit] = []
        for (exhibit, indices) in selected.sorted(by: { Self.order($0.key, $1.key) }) {
            guard let c = committed[exhibit] else { continue }
            let (entry, bytes) = try Self.prove(c, indices: indices, input: try archive.input(for: c.item))
            out.append(
                ExcerptSummary.Exhibit(
                    commitment: c.commitment, leaves: entry.leaves, bytes: bytes, runs: entry.runs, proven: true))
        }
        return out
    }
}
