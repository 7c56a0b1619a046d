import CSanadOpenSSL
import CSanadOpenSSLShims
import Dispatch
import SanadModel

/// Salted Merkle commitments over the events of a file, and their multi-leaf inclusion proofs
/// (docs/FORMAT.md §9).
///
/// Leaf i is `SHA-256(0x00 ‖ salt_i ‖ u64be(i) ‖ u64be(offset) ‖ u64be(length) ‖ SHA-256(bytes))`
/// with `salt_i = HMAC-SHA256(seed, u64be(i))`; interior nodes are RFC 9162's
/// `SHA-256(0x01 ‖ left ‖ right)`. Hashes are 32-byte arrays, or flat arrays of them.
public enum MerkleCommitment {
    public static let hashSize = 32
    /// From this many leaves, leaves and the two halves of the tree are hashed on two threads.
    static let parallelLeaves = 1 << 16

    /// The leaf hashes of leaves `firstIndex ..< firstIndex + offsets.count`, flat.
    public static func leafHashes(
        seed: [UInt8], firstIndex: Int, offsets: [UInt64], lengths: [UInt64], contentHashes: [UInt8]
    ) -> [UInt8] {
        precondition(offsets.count == lengths.count && contentHashes.count == offsets.count * hashSize)
        var out = [UInt8](repeating: 0, count: offsets.count * hashSize)
        guard !offsets.isEmpty else { return out }
        // A large chat's leaves are hashed in two halves, on two cores.
        let halves = offsets.count >= parallelLeaves ? 2 : 1
        let per = (offsets.count + halves - 1) / halves
        seed.withUnsafeBufferPointer { s in
            offsets.withUnsafeBufferPointer { o in
                lengths.withUnsafeBufferPointer { l in
                    contentHashes.withUnsafeBufferPointer { c in
                        out.withUnsafeMutableBufferPointer { r in
                            let (sp, op, lp, cp, rp) = (s, o, l, c, r)
                            DispatchQueue.concurrentPerform(iterations: halves) { h in
                                let from = h * per, n = min(per, op.count - from)
                                csanad_commit_leaves(
                                    sp.baseAddress, sp.count, UInt64(firstIndex + from), n, op.baseAddress! + from,
                                    lp.baseAddress! + from, cp.baseAddress! + from * hashSize,
                                    rp.baseAddress! + from * hashSize)
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Leaf `index`'s salt under `seed`.
    public static func salt(seed: [UInt8], index: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: hashSize)
        seed.withUnsafeBufferPointer { s in
            out.withUnsafeMutableBufferPointer {
                csanad_commit_salt(s.baseAddress, s.count, UInt64(index), $0.baseAddress)
            }
        }
        return out
    }

    /// One leaf's hash from its salt and the SHA-256 of its bytes.
    public static func leafHash(
        salt: [UInt8], index: Int, offset: Int64, length: Int64, contentSHA256: [UInt8]
    )
        -> [UInt8]
    {
        precondition(salt.count == hashSize && contentSHA256.count == hashSize)
        var out = [UInt8](repeating: 0, count: hashSize)
        out.withUnsafeMutableBufferPointer { o in
            csanad_commit_leaf(salt, UInt64(index), UInt64(offset), UInt64(length), contentSHA256, o.baseAddress)
        }
        return out
    }

    /// `SHA-256(0x01 ‖ left ‖ right)`.
    public static func node(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: hashSize)
        let pair = left + right
        out.withUnsafeMutableBufferPointer { csanad_merkle_nodes(pair, 1, $0.baseAddress) }
        return out
    }

    /// RFC 9162's Merkle Tree Hash of the flat leaf hashes `leaves[lo ..< hi]` (in leaves).
    /// Built level by level: a lone last node moves up unchanged, which gives RFC 9162's shape.
    public static func subtreeRoot(_ leaves: [UInt8], _ lo: Int, _ hi: Int) -> [UInt8] {
        precondition(lo < hi && hi * hashSize <= leaves.count)
        // One buffer, each level written over the one below it: node j of a level is written
        // where pair j began, after the pair has been read.
        var level = Array(leaves[(lo * hashSize)..<(hi * hashSize)])
        var count = hi - lo
        level.withUnsafeMutableBufferPointer { b in
            while count > 1 {
                let pairs = count / 2
                csanad_merkle_nodes(b.baseAddress, pairs, b.baseAddress)
                if count % 2 == 1 {
                    (b.baseAddress! + pairs * hashSize).update(
                        from: b.baseAddress! + (count - 1) * hashSize, count: hashSize)
                }
                count = pairs + count % 2
            }
        }
        return Array(level.prefix(hashSize))
    }

    public static func root(_ leaves: [UInt8]) -> [UInt8] {
        let n = leaves.count / hashSize
        guard n >= parallelLeaves else { return subtreeRoot(leaves, 0, n) }
        // RFC 9162's two subtrees, each on its own core.
        let k = split(n)
        let halves = UnsafeMutablePointer<[UInt8]>.allocate(capacity: 2)
        halves.initialize(repeating: [], count: 2)
        defer { halves.deinitialize(count: 2).deallocate() }
        DispatchQueue.concurrentPerform(iterations: 2) { h in
            halves[h] = h == 0 ? subtreeRoot(leaves, 0, k) : subtreeRoot(leaves, k, n)
        }
        return node(halves[0], halves[1])
    }

    /// The largest power of two below `n` (n > 1): RFC 9162's split.
    static func split(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// The inclusion proof of the sorted, unique leaf indices `disclosed`: the root of every
    /// largest subtree holding none of them, in a pre-order walk, left before right.
    public static func proof(_ leaves: [UInt8], disclosed: [Int]) -> [[UInt8]] {
        var ranges: [(lo: Int, hi: Int)] = []
        func walk(_ lo: Int, _ hi: Int, _ d: ArraySlice<Int>) {
            if d.isEmpty { return ranges.append((lo, hi)) }
            if hi - lo == 1 { return }
            let mid = lo + split(hi - lo)
            let cut = d.firstIndex { $0 >= mid } ?? d.endIndex
            walk(lo, mid, d[d.startIndex..<cut])
            walk(mid, hi, d[cut..<d.endIndex])
        }
        walk(0, leaves.count / hashSize, disclosed[...])
        // The subtrees' roots are independent: the large ones are hashed on both cores.
        let out = UnsafeMutablePointer<[UInt8]>.allocate(capacity: ranges.count)
        out.initialize(repeating: [], count: ranges.count)
        defer { out.deinitialize(count: ranges.count).deallocate() }
        let order = ranges.indices.sorted { ranges[$0].hi - ranges[$0].lo > ranges[$1].hi - ranges[$1].lo }
        DispatchQueue.concurrentPerform(iterations: order.count) { k in
            let i = order[k]
            out[i] = subtreeRoot(leaves, ranges[i].lo, ranges[i].hi)
        }
        return Array(UnsafeBufferPointer(start: out, count: ranges.count))
    }

    /// The root that `proof` and the disclosed leaf hashes (by index, sorted, unique, each below
    /// `leafCount`) give, or nil when the proof has too few or too many nodes or a malformed one.
    public static func root(leafCount: Int, disclosed: [(index: Int, hash: [UInt8])], proof: [[UInt8]]) -> [UInt8]? {
        guard leafCount > 0, !disclosed.isEmpty else { return nil }
        var next = 0
        func walk(_ lo: Int, _ hi: Int, _ d: ArraySlice<(index: Int, hash: [UInt8])>) -> [UInt8]? {
            if d.isEmpty {
                guard next < proof.count, proof[next].count == hashSize else { return nil }
                next += 1
                return proof[next - 1]
            }
            if hi - lo == 1 { return d.count == 1 && d.first!.index == lo ? d.first!.hash : nil }
            let mid = lo + split(hi - lo)
            let cut = d.firstIndex { $0.index >= mid } ?? d.endIndex
            guard let l = walk(lo, mid, d[d.startIndex..<cut]), let r = walk(mid, hi, d[cut..<d.endIndex]) else {
                return nil
            }
            return node(l, r)
        }
        guard let root = walk(0, leafCount, disclosed[...]), next == proof.count else { return nil }
        return root
    }

    /// SHA-256 of each range of `bytes`, flat.
    public static func rangeHashes(_ bytes: UnsafeRawBufferPointer, offsets: [UInt64], lengths: [UInt64]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: offsets.count * hashSize)
        guard !offsets.isEmpty else { return out }
        out.withUnsafeMutableBufferPointer { o in
            csanad_sha256_ranges(
                bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), offsets, lengths, offsets.count, o.baseAddress)
        }
        return out
    }
}
