import SanadCrypto
import SanadFormat
import SanadModel

extension ExcerptVerifier {
    /// One exhibit: its commitment, the layout of its disclosed leaves, its proof, its runs.
    static func exhibit(
        _ e: ExcerptDisclosure.Exhibit, _ c: BagContents, into r: inout VerificationResult
    )
        -> ExcerptSummary.Exhibit?
    {
        let cm: Commitment
        switch Commitment.parse(c.tagFiles[e.commitmentPath] ?? [], path: e.commitmentPath) {
        case .success(let v) where v.exhibit == e.exhibit: cm = v
        case .success:
            r.report.add(.init(.commitment, .fail, "\(e.commitmentPath) names another exhibit", subject: e.exhibit))
            return nil
        case .failure(let err):
            r.report.add(.init(.commitment, .fail, err.message, subject: e.exhibit))
            return nil
        }
        r.report.add(
            .init(
                .commitment, .pass,
                "\(e.exhibit): the seal commits to its \(cm.events) events (\(cm.messages) messages) as read by "
                    + "\(cm.parserName) \(cm.parserVersion)"))
        let blob = c.tagFiles[e.bytesPath] ?? []
        let layout = layoutProblems(e, cm, blobCount: blob.count)
        for p in layout { r.report.add(.init(.excerptBytes, .fail, "\(e.exhibit): \(p)", subject: e.exhibit)) }
        if layout.isEmpty {
            r.report.add(
                .init(
                    .excerptBytes, .pass,
                    "\(e.exhibit): \(e.leaves.count) leaves, \(blob.count) bytes, laid out as the commitment allows"))
        }
        let proven = layout.isEmpty && proofHolds(e, cm, blob)
        r.report.add(
            proven
                ? .init(
                    .inclusionProof, .pass,
                    "\(e.exhibit): the disclosed bytes, salts and \(e.proof.count) proof nodes give the sealed root "
                        + "\(cm.root.prefix(16))…")
                : .init(
                    .inclusionProof, .fail,
                    "\(e.exhibit): the disclosed bytes, salts, positions and proof do not give the sealed root",
                    subject: e.exhibit))
        let runsOK = contiguity(e, into: &r)
        return ExcerptSummary.Exhibit(
            commitment: cm, leaves: e.leaves, bytes: blob, runs: ExcerptDisclosure.runs(e.leaves.map(\.index)),
            proven: proven && runsOK)
    }

    /// The leaves tile the file: each within it, the first at 0, neighbours touching, the last
    /// at the end, and the bytes file exactly their lengths.
    static func layoutProblems(_ e: ExcerptDisclosure.Exhibit, _ cm: Commitment, blobCount: Int) -> [String] {
        var problems: [String] = []
        var total: Int64 = 0
        var previous: ExcerptDisclosure.Leaf?
        for l in e.leaves {
            total += l.length
            if l.index >= cm.leaves { problems.append("leaf \(l.index) is past its \(cm.leaves) leaves") }
            if l.offset + l.length > cm.size {
                problems.append("leaf \(l.index) ends past the file's \(cm.size) bytes")
            }
            if l.index == 0, l.offset != 0 { problems.append("leaf 0 does not start at byte 0") }
            if l.index == cm.leaves - 1, l.offset + l.length != cm.size {
                problems.append("the last leaf does not end at the file's end")
            }
            if let p = previous {
                if p.index + 1 == l.index, p.offset + p.length != l.offset {
                    problems.append("leaves \(p.index) and \(l.index) are consecutive but their bytes do not touch")
                } else if p.offset + p.length > l.offset {
                    problems.append("leaf \(l.index) starts before leaf \(p.index) ends")
                }
            }
            previous = l
        }
        if total != Int64(blobCount) {
            problems.append("\(e.bytesPath) holds \(blobCount) bytes, but the leaves add up to \(total)")
        }
        return problems
    }

    static func proofHolds(_ e: ExcerptDisclosure.Exhibit, _ cm: Commitment, _ blob: [UInt8]) -> Bool {
        var hashes: [(index: Int, hash: [UInt8])] = []
        var at = 0
        for l in e.leaves {
            let slice = Array(blob[at..<(at + Int(l.length))])
            at += Int(l.length)
            guard let salt = Hex.decode(l.salt), let content = Hex.decode(MessageDigest.sha256Hex(slice)) else {
                return false
            }
            hashes.append(
                (
                    l.index,
                    MerkleCommitment.leafHash(
                        salt: salt, index: l.index, offset: l.offset, length: l.length, contentSHA256: content)
                ))
        }
        let proof = e.proof.compactMap { Hex.decode($0) }
        guard proof.count == e.proof.count,
            let root = MerkleCommitment.root(leafCount: cm.leaves, disclosed: hashes, proof: proof)
        else { return false }
        return Hex.encode(root) == cm.root
    }

    /// Each claimed run is forwards and every event in it disclosed: nothing between was withheld.
    static func contiguity(_ e: ExcerptDisclosure.Exhibit, into r: inout VerificationResult) -> Bool {
        let disclosed = Set(e.leaves.map(\.index))
        var runsOK = true
        for run in e.runs {
            if run[0] > run[1] {
                runsOK = false
                r.report.add(
                    .init(
                        .excerptContiguity, .fail, "\(e.exhibit): the claimed run \(run[0])–\(run[1]) runs backwards",
                        subject: e.exhibit))
            } else if let gap = (run[0]...run[1]).first(where: { !disclosed.contains($0) }) {
                runsOK = false
                r.report.add(
                    .init(
                        .excerptContiguity, .fail,
                        "\(e.exhibit): events \(run[0])–\(run[1]) are claimed consecutive, but \(gap) is withheld",
                        subject: e.exhibit))
            }
        }
        if runsOK {
            let runs = ExcerptDisclosure.runs(e.leaves.map(\.index))
            r.report.add(
                .init(
                    .excerptContiguity, .pass,
                    "\(e.exhibit): \(runs.count) run(s) of consecutive events; every claimed run is complete"))
        }
        return runsOK
    }
}
