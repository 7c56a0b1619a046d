import Foundation
import SanadArchive
import SanadFormat
import SanadIO
import SanadModel
import SanadTimeline

extension Discloser {
    /// The leaves each exhibit discloses, sorted: the numbers given, and the events a filter keeps.
    func select(
        _ r: ExcerptRequest, archive: ArchiveItems, committed: [String: Committed]
    ) throws(SanadError)
        -> [String: [Int]]
    {
        var selected: [String: Set<Int>] = [:]
        for (exhibit, ranges) in r.events {
            guard let c = committed[exhibit] else {
                throw SanadError(
                    .usage,
                    "\(exhibit) has no commitment in this archive: it is not a chat Sanad reads, it was withheld or "
                        + "put in an envelope, or the archive was sealed without commitments",
                    hint: "A whole item is disclosed with --item \(exhibit).")
            }
            for range in ranges {
                guard range.upperBound <= c.commitment.events else {
                    throw SanadError(
                        .usage, "\(exhibit) has \(c.commitment.events) events; there is no event \(range.upperBound)",
                        hint: "'sanad timeline \(r.archivePath)' shows each event's number.")
                }
                selected[exhibit, default: []].formUnion(range)
            }
        }
        if let filter = r.filter {
            for (exhibit, c) in committed where r.exhibits.isEmpty || r.exhibits.contains(exhibit) {
                let kept = try Self.matching(c, filter: filter, input: try archive.input(for: c.item))
                if !kept.isEmpty { selected[exhibit, default: []].formUnion(kept) }
            }
        }
        return selected.mapValues { $0.sorted() }
    }

    /// The numbers of the events `filter` keeps, read again by the parser the commitment names,
    /// whose events must begin exactly where the commitment's leaves do.
    static func matching(_ c: Committed, filter: TimelineFilter, input: any ByteInput) throws(SanadError) -> [Int] {
        guard let (parser, _) = try CommitmentBuilder().parser(for: c.item, input: input),
            parser.parserInfo.name == c.commitment.parserName, parser.parserInfo.version == c.commitment.parserVersion
        else {
            throw SanadError(
                .usage,
                "\(c.item.exhibit) was committed by \(c.commitment.parserName) \(c.commitment.parserVersion), which "
                    + "this Sanad does not have: search cannot find its events",
                hint: "Select its events by number with --events.")
        }
        let offsets = c.offsets
        var kept: [Int] = []
        var n = 0
        var misplaced = false
        try parser.parse(input) { (e: TimelineEvent) throws(SanadError) in
            n += 1
            if n >= offsets.count || offsets[n] != e.source.offset { misplaced = true }
            guard filter.keeps(e) else { return }
            if filter.isTimeBounded {
                guard let t = e.time.flatMap(TimelineBuilder.epochMilliseconds) else { return }
                if let from = filter.from, t < from { return }
                if let to = filter.to, t >= to { return }
            }
            kept.append(n)
        }
        guard !misplaced, n == c.commitment.events else {
            throw SanadError(
                .evidenceMismatch, "\(c.item.exhibit): its events do not begin where its commitment's leaves do",
                hint: "Select its events by number with --events.")
        }
        return kept
    }

    /// Whole items by their manifest line: the payload file as sealed.
    static func wholeItems(
        _ ids: [String], archive: ArchiveItems
    ) throws(SanadError) -> [(
        item: ExcerptDisclosure.Item, bytes: [UInt8]
    )] {
        guard !ids.isEmpty else { return [] }
        let manifest = ManifestFile(
            try archive.file("manifest-sha256.txt", limit: 1 << 30) ?? [], name: "manifest-sha256.txt")
        var out: [(ExcerptDisclosure.Item, [UInt8])] = []
        for id in Set(ids).sorted(by: order) {
            guard let path = manifest.entries.first(where: { $0.path.hasPrefix("data/\(id)/") })?.path,
                !path.hasSuffix(EnvelopeList.suffix), let bytes = try archive.file(path, limit: 1 << 30)
            else {
                throw SanadError(
                    .usage,
                    "\(id) has no file of its own in the clear in this archive (withheld, in an envelope, "
                        + "a duplicate or a zip member)",
                    hint: "A zip member is disclosed with its zip: --item of the zip's exhibit.")
            }
            out.append((ExcerptDisclosure.Item(exhibit: id, path: path), bytes))
        }
        return out
    }

    /// The seal's files an excerpt carries unchanged, in the archive's order.
    static func sealFiles(
        _ archive: ArchiveItems, exhibits: [String], withManifest: Bool
    ) throws(SanadError)
        -> [(path: String, bytes: [UInt8])]
    {
        let fixed: Set<String> = ["bagit.txt", "bag-info.txt", "tagmanifest-sha256.txt"]
        let commitments = Set(exhibits.map(Commitment.path))
        var out: [(String, [UInt8])] = []
        for p in archive.bagPaths
        where fixed.contains(p) || p.hasPrefix("signature/") || commitments.contains(p)
            || (withManifest && p == "manifest-sha256.txt")
        {
            guard let bytes = try archive.file(p, limit: 1 << 30) else { continue }
            out.append((p, bytes))
        }
        return out
    }

    /// The excerpt's top folder: the archive's.
    static func top(_ archive: ArchiveItems) -> String {
        if !archive.isDirectory, let first = archive.verification.entries.first?.path,
            let slash = first.firstIndex(of: "/")
        {
            return String(first[..<slash])
        }
        return archive.description.caseID ?? "excerpt"
    }

    /// A zip written as an archive is: stored entries, temporary file, fsync, rename.
    static func write(
        _ files: [(path: String, bytes: [UInt8])], top: String, to path: String, time: Date
    )
        throws(SanadError) -> (size: Int64, sha256: String)
    {
        if FileManager.default.fileExists(atPath: AtomicOutput.absolute(path)) {
            throw SanadError(.usage, "\(path) already exists", hint: "Choose another --out; Sanad never overwrites.")
        }
        let out = try AtomicOutput(path: path)
        defer { withExtendedLifetime(out) {} }
        let written: (size: Int64, sha256: String)
        do {
            let writer = try ArchiveWriter(fd: out.fd, format: .zip, mtime: Int64(time.timeIntervalSince1970))
            for f in files { try writer.addFile(path: "\(top)/\(f.path)", bytes: f.bytes) }
            let zip = try writer.finish()
            written = (zip.size, zip.sha256)
        }
        try out.commit(mode: 0o644)
        return written
    }
}
