import Foundation
import SanadArchive
import SanadCrypto
import SanadFormat
import SanadModel

/// The seal's commitments (docs/FORMAT.md §9), recomputed: each commitment comes with its
/// `.leaves` and seed files, names an original the manifest lists with the same SHA-256, its
/// leaves tile that original, and the salted tree over the original's bytes has the sealed
/// root. The file is read again, range by range; a zip member (`E0003.2`) is recomputed when
/// an excerpt is cut from it, not here.
enum CommitmentCheck {
    static func run(
        _ c: BagContents, _ bag: ParsedBag, path: String, entries: [ContainerEntry], readable: Bool,
        into r: inout VerificationResult
    ) {
        let paths = c.tagFiles.keys.filter { BagOrder.commitmentFile($0) != nil }.sorted()
        guard !paths.isEmpty else { return }
        var problems: [String] = []
        var recomputed = 0, members = 0, events = 0
        for p in paths where Commitment.exhibit(ofPath: p) == nil {
            guard let (id, _) = BagOrder.commitmentFile(p), c.tagFiles[Commitment.path(id.description)] != nil else {
                problems.append("\(p) belongs to no commitment")
                continue
            }
        }
        for p in paths {
            guard let exhibit = Commitment.exhibit(ofPath: p) else { continue }
            switch check(exhibit, c, bag, path: path, entries: entries, readable: readable) {
            case .failure(let why): problems.append("\(exhibit): \(why.message)")
            case .success(let outcome):
                events += outcome.events
                if outcome.recomputed { recomputed += 1 } else { members += 1 }
            }
        }
        for p in problems { r.report.add(.init(.commitments, .fail, p)) }
        guard problems.isEmpty else { return }
        let total = recomputed + members
        var detail = "\(total) chat(s), \(events) events committed for disclosure"
        detail += readable ? "; \(recomputed) recomputed from their bytes" : "; not recomputed (read as a stream)"
        if members > 0 { detail += "; \(members) inside zip originals, recomputed when an excerpt is cut" }
        r.report.add(.init(.commitments, .pass, detail))
    }

    private static func check(
        _ exhibit: String, _ c: BagContents, _ bag: ParsedBag, path: String, entries: [ContainerEntry],
        readable: Bool
    ) -> Result<(events: Int, recomputed: Bool), SanadError> {
        func bad(_ why: String) -> Result<(events: Int, recomputed: Bool), SanadError> {
            .failure(SanadError(.evidenceMismatch, why))
        }
        let cm: Commitment
        switch Commitment.parse(c.tagFiles[Commitment.path(exhibit)] ?? [], path: Commitment.path(exhibit)) {
        case .success(let v): cm = v
        case .failure(let e): return .failure(e)
        }
        guard cm.exhibit == exhibit else { return bad("its commitment names \(cm.exhibit)") }
        guard let lengths = c.tagFiles[Commitment.leavesPath(exhibit)].flatMap(Commitment.parseLeaves),
            lengths.count == cm.leaves, lengths.reduce(0, +) == cm.size
        else { return bad("its .leaves file is missing, malformed, or does not tile its \(cm.size) bytes") }
        guard
            let seed = c.tagFiles[Commitment.seedPath(exhibit)].flatMap({ Commitment.parseSeed($0, exhibit: exhibit) })
        else { return bad("its seed file is missing or malformed") }
        guard let id = ExhibitID(exhibit), id.member == nil else { return .success((cm.events, false)) }
        guard let payload = bag.manifest.entries.first(where: { $0.path.hasPrefix("data/\(exhibit)/") }),
            payload.sha256 == cm.sha256, !payload.path.hasSuffix(EnvelopeList.suffix)
        else { return bad("the manifest lists no original in the clear with the SHA-256 its commitment names") }
        guard readable else { return .success((cm.events, false)) }
        var hasher = RangeHasher(lengths: lengths)
        var content = [UInt8](repeating: 0, count: lengths.count * MerkleCommitment.hashSize)
        do {
            let feed = { (chunk: UnsafeRawBufferPointer) throws(SanadError) in try hasher.take(chunk, into: &content) }
            if let entry = entries.first(where: { $0.path.hasSuffix("/" + payload.path) }) {
                try entry.forEachChunk(in: path, feed)
            } else {
                try readFile("\(path)/\(payload.path)", feed)
            }
            let root = MerkleCommitment.root(try hasher.leafHashes(content: &content, seed: seed))
            guard Hex.encode(root) == cm.root else { return bad("its original's bytes do not give the sealed root") }
        } catch {
            return .failure(error)
        }
        return .success((cm.events, true))
    }

    /// A file of a bag folder, chunk by chunk.
    private static func readFile(
        _ path: String, _ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void
    )
        throws(SanadError)
    {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError.make(errno, "open \(path)") }
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 4096)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw SystemError.make(errno, "read \(path)") }
            if n == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }
}
