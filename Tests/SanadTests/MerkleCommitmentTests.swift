import Foundation
import SanadCrypto
import SanadModel
import XCTest

/// The commitments' hashing (docs/FORMAT.md §9): the worked example's values, computed also by
/// Tests/interop/excerpt_reference.py and by plain hashlib; and, for every tree size up to 40
/// and many selections, proofs that verify, and fail after any single-byte change.
final class MerkleCommitmentTests: XCTestCase {
    let seed = Array(UInt8(0)...UInt8(31))
    let leaves: [[UInt8]] = [[], Array("hello\n".utf8), Array("world\n".utf8)]

    func sha(_ b: [UInt8]) -> [UInt8] { Hex.decode(MessageDigest.sha256Hex(b))! }

    func hashes(_ leaves: [[UInt8]]) -> [UInt8] {
        var offsets: [UInt64] = [], at: UInt64 = 0
        for l in leaves {
            offsets.append(at)
            at += UInt64(l.count)
        }
        return MerkleCommitment.leafHashes(
            seed: seed, firstIndex: 0, offsets: offsets, lengths: leaves.map { UInt64($0.count) },
            contentHashes: leaves.flatMap(sha))
    }

    func testTheWorkedExampleGivesItsRoot() {
        XCTAssertEqual(
            Hex.encode(MerkleCommitment.salt(seed: seed, index: 1)),
            "c432e059c378eef7fe2f1181a4050836f51e0856fd74937be81784fa0efa7a1c")
        let flat = hashes(leaves)
        XCTAssertEqual(
            Hex.encode(MerkleCommitment.root(flat)), "ef57fcbb247c50525f37e5835b8e60507e626348893c8d066e922e4ec8e1b57a")
        // The same leaf hash from the salt, as an excerpt's verifier computes it.
        let one = MerkleCommitment.leafHash(
            salt: MerkleCommitment.salt(seed: seed, index: 1), index: 1, offset: 0, length: 6,
            contentSHA256: sha(leaves[1]))
        XCTAssertEqual(one, Array(flat[32..<64]))
        // Disclosing leaf 1: the proof is leaf 0's hash and leaf 2's, in that order.
        let proof = MerkleCommitment.proof(flat, disclosed: [1])
        XCTAssertEqual(proof, [Array(flat[0..<32]), Array(flat[64..<96])])
        XCTAssertEqual(
            MerkleCommitment.root(leafCount: 3, disclosed: [(1, one)], proof: proof), MerkleCommitment.root(flat))
    }

    func testTheRootIsRFC9162sShape() {
        // Five leaves: MTH = H(1 ‖ H(1 ‖ H(1‖a‖b) ‖ H(1‖c‖d)) ‖ e), built here by hand.
        let flat = hashes((0..<5).map { [UInt8(ascii: "a") + UInt8($0)] })
        let h = (0..<5).map { Array(flat[($0 * 32)..<($0 * 32 + 32)]) }
        let n = MerkleCommitment.node
        XCTAssertEqual(MerkleCommitment.root(flat), n(n(n(h[0], h[1]), n(h[2], h[3])), h[4]))
    }

    func testEveryHonestProofVerifiesAndEverySingleByteChangeFails() {
        var rng = SystemRandomNumberGenerator()
        for count in 1...40 {
            let leaves = (0..<count).map { i in (0..<(i % 7)).map { UInt8(truncatingIfNeeded: $0 * 31 + i) } }
            let flat = hashes(leaves)
            let root = MerkleCommitment.root(flat)
            for _ in 0..<6 {
                let chosen = (0..<count).filter { _ in Bool.random(using: &rng) }
                let disclosed = chosen.isEmpty ? [Int.random(in: 0..<count, using: &rng)] : chosen
                let proof = MerkleCommitment.proof(flat, disclosed: disclosed)
                let given = disclosed.map { (index: $0, hash: Array(flat[($0 * 32)..<($0 * 32 + 32)])) }
                XCTAssertEqual(MerkleCommitment.root(leafCount: count, disclosed: given, proof: proof), root)
                // Any byte of any proof node, or of any disclosed leaf hash, changed: never the root.
                for k in proof.indices {
                    var p = proof
                    p[k][Int.random(in: 0..<32, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
                    XCTAssertNotEqual(MerkleCommitment.root(leafCount: count, disclosed: given, proof: p), root)
                }
                for k in given.indices {
                    var g = given
                    g[k].hash[Int.random(in: 0..<32, using: &rng)] ^= 1
                    XCTAssertNotEqual(MerkleCommitment.root(leafCount: count, disclosed: g, proof: proof), root)
                }
                // A node too few or too many is refused outright.
                if !proof.isEmpty {
                    XCTAssertNil(
                        MerkleCommitment.root(leafCount: count, disclosed: given, proof: Array(proof.dropLast())))
                }
                XCTAssertNil(MerkleCommitment.root(leafCount: count, disclosed: given, proof: proof + [root]))
            }
        }
    }

    func testASaltOrPositionChangeChangesTheLeaf() {
        let salt = MerkleCommitment.salt(seed: seed, index: 2)
        let base = MerkleCommitment.leafHash(salt: salt, index: 2, offset: 6, length: 6, contentSHA256: sha(leaves[2]))
        var other = salt
        other[0] ^= 1
        XCTAssertNotEqual(
            MerkleCommitment.leafHash(salt: other, index: 2, offset: 6, length: 6, contentSHA256: sha(leaves[2])), base)
        XCTAssertNotEqual(
            MerkleCommitment.leafHash(salt: salt, index: 3, offset: 6, length: 6, contentSHA256: sha(leaves[2])), base)
        XCTAssertNotEqual(
            MerkleCommitment.leafHash(salt: salt, index: 2, offset: 7, length: 6, contentSHA256: sha(leaves[2])), base)
        XCTAssertNotEqual(MerkleCommitment.salt(seed: seed, index: 2), MerkleCommitment.salt(seed: seed, index: 3))
    }
}
