import SanadModel

/// SHA-256 of consecutive ranges of a stream (a commitment's leaves), fed chunk by chunk: the
/// ranges wholly inside a chunk are hashed in one call, and a range that spans chunks through
/// a running digest. `leafHashes` then salts and hashes them as a commitment's leaves.
public struct RangeHasher {
    private let lengths: [Int64]
    /// The next range to finish.
    private var next = 0
    /// Bytes of range `next` already fed to `running`.
    private var fed: Int64 = 0
    private var running: MessageDigest?

    public init(lengths: [Int64]) { self.lengths = lengths }

    public var finished: Bool { next == lengths.count }

    public mutating func take(_ chunk: UnsafeRawBufferPointer, into out: inout [UInt8]) throws(SanadError) {
        var at = 0
        while at < chunk.count || (next < lengths.count && lengths[next] - fed == 0 && running == nil) {
            guard next < lengths.count else {
                throw SanadError(.evidenceMismatch, "the file is longer than its events say")
            }
            let remaining = lengths[next] - fed
            if running == nil, remaining <= Int64(chunk.count - at) {
                at = finishWhole(chunk, from: at, into: &out)
                continue
            }
            let take = Int(min(remaining, Int64(chunk.count - at)))
            if running == nil { running = try MessageDigest(.sha256) }
            running!.update(UnsafeRawBufferPointer(rebasing: chunk[at..<(at + take)]))
            at += take
            fed += Int64(take)
            if fed == lengths[next] {
                let digest = Hex.decode(running!.finalizeHex()) ?? []
                out.replaceSubrange((next * 32)..<(next * 32 + 32), with: digest)
                running = nil
                fed = 0
                next += 1
            }
        }
    }

    /// Hashes every range that starts at `from` and ends inside the chunk, in one call.
    private mutating func finishWhole(_ chunk: UnsafeRawBufferPointer, from: Int, into out: inout [UInt8]) -> Int {
        var offsets: [UInt64] = []
        var lens: [UInt64] = []
        var at = from
        let first = next
        while next < lengths.count, lengths[next] <= Int64(chunk.count - at) {
            offsets.append(UInt64(at))
            lens.append(UInt64(lengths[next]))
            at += Int(lengths[next])
            next += 1
        }
        let hashes = MerkleCommitment.rangeHashes(chunk, offsets: offsets, lengths: lens)
        out.replaceSubrange((first * 32)..<(next * 32), with: hashes)
        return at
    }

    /// The commitment's leaf hashes under `seed`, from the ranges' SHA-256s (`content`, flat):
    /// call once every chunk has been taken.
    public mutating func leafHashes(content: inout [UInt8], seed: [UInt8]) throws(SanadError) -> [UInt8] {
        // Empty leaves after the last byte (or in an empty file).
        try take(UnsafeRawBufferPointer(start: nil, count: 0), into: &content)
        guard finished else { throw SanadError(.evidenceMismatch, "the file is shorter than its events say") }
        var offsets: [UInt64] = []
        offsets.reserveCapacity(lengths.count)
        var at: Int64 = 0
        for l in lengths {
            offsets.append(UInt64(at))
            at += l
        }
        return MerkleCommitment.leafHashes(
            seed: seed, firstIndex: 0, offsets: offsets, lengths: lengths.map { UInt64($0) }, contentHashes: content)
    }
}
