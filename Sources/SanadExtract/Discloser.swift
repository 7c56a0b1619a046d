import Foundation
import SanadArchive
import SanadCrypto
import SanadFormat
import SanadIO
import SanadModel
import SanadTimeline
import SanadVerify

/// `sanad disclose`: cuts an excerpt from a sealed archive (docs/FORMAT.md §10): the seal's
/// files, the commitments of the exhibits concerned, the chosen events' exact bytes with their
/// salts and one inclusion proof per exhibit, and whole items by their manifest line.
///
/// The archive must verify first, and each commitment is recomputed from the archive's bytes
/// before anything is disclosed from it: an excerpt never vouches for more than the archive.
public struct Discloser {
    /// The commitment files and seed of one exhibit, as the archive holds them.
    struct Committed {
        let item: TimelineItem
        let commitment: Commitment
        let lengths: [Int64]
        let seed: [UInt8]

        var offsets: [Int64] {
            var out: [Int64] = []
            out.reserveCapacity(lengths.count)
            var at: Int64 = 0
            for l in lengths {
                out.append(at)
                at += l
            }
            return out
        }
    }

    public init() {}

    public func disclose(_ request: ExcerptRequest) throws(SanadError) -> ExcerptResult {
        // Every check but the recomputation of commitments, which `prove` does for the exhibits disclosed.
        var verify = request.verify
        verify.recomputeCommitments = false
        let archive = try ArchiveItems(path: request.archivePath, verify: verify, strict: false)
        guard archive.enveloped == nil else {
            throw SanadError(
                .usage, "an excerpt cannot be cut from an archive inside an envelope",
                hint: "Decrypt it first ('openssl cms -decrypt', see its VERIFY.txt), then disclose from the archive.")
        }
        let committed = try Self.commitments(archive)
        let selected = try select(request, archive: archive, committed: committed)
        guard !selected.isEmpty || !request.items.isEmpty else {
            throw SanadError(
                .usage, "nothing to disclose: no event matched and no item was named",
                hint: "Give --events E0001:FIRST-LAST, --search, --participant/--from/--to, or --item.")
        }
        var files: [(path: String, bytes: [UInt8])] = []
        var exhibits: [ExcerptDisclosure.Exhibit] = []
        var result = ExcerptResult(
            path: request.outputPath, sha256: "", size: 0,
            archiveSHA256: archive.verification.archive?.sha256, caseID: archive.description.caseID)
        for (exhibit, indices) in selected.sorted(by: { Self.order($0.key, $1.key) }) {
            guard let c = committed[exhibit] else { continue }
            let (entry, bytes) = try Self.prove(c, indices: indices, input: try archive.input(for: c.item))
            exhibits.append(entry)
            files.append((entry.bytesPath, bytes))
            result.exhibits.append((exhibit, indices, c.commitment.events))
        }
        let whole = try Self.wholeItems(request.items, archive: archive)
        result.items = whole.map(\.item.exhibit)
        let disclosure = ExcerptDisclosure(
            createdAt: Timestamp.utc(
                Date(timeIntervalSince1970: request.createdAt.timeIntervalSince1970.rounded(.down))
            )
            .replacingOccurrences(of: ".000Z", with: "Z"),
            toolVersion: Tool.version, recipient: request.recipient, reason: request.reason,
            archiveSHA256: result.archiveSHA256,
            archiveName: (request.archivePath as NSString).lastPathComponent, exhibits: exhibits,
            items: whole.map(\.item))
        let sealFiles = try Self.sealFiles(archive, exhibits: exhibits.map(\.exhibit), withManifest: !whole.isEmpty)
        let all =
            sealFiles + whole.map { ($0.item.path, $0.bytes) } + [(ExcerptDisclosure.path, disclosure.bytes)] + files
            + [
                (
                    ExcerptInstructions.fileName,
                    ExcerptInstructions.text(
                        archive: archive, disclosure: disclosure,
                        excerptName: (request.outputPath as NSString).lastPathComponent)
                ),
                (ExcerptVerifierScript.fileName, ExcerptVerifierScript.bytes),
            ]
        let written = try Self.write(all, top: Self.top(archive), to: request.outputPath, time: request.createdAt)
        result.sha256 = written.sha256
        result.size = written.size
        return result
    }

    static func order(_ a: String, _ b: String) -> Bool {
        (ExhibitID(a) ?? ExhibitID(number: 0)) < (ExhibitID(b) ?? ExhibitID(number: 0))
    }

    /// Every exhibit the archive commits to, its files checked against each other and the item.
    static func commitments(_ archive: ArchiveItems) throws(SanadError) -> [String: Committed] {
        var out: [String: Committed] = [:]
        for item in archive.items {
            guard let bytes = try archive.file(Commitment.path(item.exhibit), limit: 1 << 20) else { continue }
            let path = Commitment.path(item.exhibit)
            let c = try Commitment.parse(bytes, path: path).get()
            guard c.exhibit == item.exhibit, c.sha256 == item.sha256, c.size == item.size,
                let leafBytes = try archive.file(Commitment.leavesPath(item.exhibit), limit: 1 << 30),
                let lengths = Commitment.parseLeaves(leafBytes), lengths.count == c.leaves,
                lengths.reduce(0, +) == c.size,
                let seedBytes = try archive.file(Commitment.seedPath(item.exhibit), limit: 1 << 16),
                let seed = Commitment.parseSeed(seedBytes, exhibit: item.exhibit)
            else {
                throw SanadError(
                    .archiveCorrupt,
                    "the commitment files of \(item.exhibit) do not agree with each other or with the item",
                    hint: "Run 'sanad verify' on the archive.")
            }
            out[item.exhibit] = Committed(item: item, commitment: c, lengths: lengths, seed: seed)
        }
        return out
    }

    /// The disclosed entry of one exhibit and the leaves' bytes, after the commitment has been
    /// recomputed from the archive's bytes.
    static func prove(
        _ c: Committed, indices: [Int], input: any ByteInput
    ) throws(SanadError) -> (
        ExcerptDisclosure.Exhibit, [UInt8]
    ) {
        let hashes = try CommitmentBuilder.leafHashes(input, lengths: c.lengths, seed: c.seed, label: c.item.exhibit)
        // The proof holds the roots of every subtree with nothing disclosed: with the disclosed
        // leaves it gives the root, without hashing the tree twice.
        let nodes = MerkleCommitment.proof(hashes, disclosed: indices)
        let disclosed = indices.map { (index: $0, hash: Array(hashes[($0 * 32)..<($0 * 32 + 32)])) }
        let root = MerkleCommitment.root(leafCount: c.lengths.count, disclosed: disclosed, proof: nodes)
        guard let root, Hex.encode(root) == c.commitment.root else {
            throw SanadError(
                .evidenceMismatch,
                "\(c.item.exhibit): the archive's bytes do not give the root its commitment states",
                hint: "Run 'sanad verify' on the archive: its commitments check fails.")
        }
        let offsets = c.offsets
        let leaves = indices.map {
            ExcerptDisclosure.Leaf(
                index: $0, offset: offsets[$0], length: c.lengths[$0],
                salt: Hex.encode(MerkleCommitment.salt(seed: c.seed, index: $0)))
        }
        let proof = nodes.map { Hex.encode($0) }
        let bytes = try Self.read(input, ranges: leaves.map { ($0.offset, $0.length) })
        return (
            ExcerptDisclosure.Exhibit(
                exhibit: c.item.exhibit, leaves: leaves, proof: proof, runs: ExcerptDisclosure.runs(indices)),
            bytes
        )
    }

    /// The bytes of sorted, disjoint ranges of a stream, concatenated.
    static func read(_ input: any ByteInput, ranges: [(offset: Int64, length: Int64)]) throws(SanadError) -> [UInt8] {
        var out: [UInt8] = []
        var next = 0
        var at: Int64 = 0
        try input.forEachChunk { (chunk: UnsafeRawBufferPointer) throws(SanadError) in
            let end = at + Int64(chunk.count)
            while next < ranges.count {
                let r = ranges[next]
                let lo = max(r.offset, at), hi = min(r.offset + r.length, end)
                if lo < hi { out += chunk[Int(lo - at)..<Int(hi - at)] }
                if r.offset + r.length <= end { next += 1 } else { break }
            }
            at = end
        }
        return out
    }
}
