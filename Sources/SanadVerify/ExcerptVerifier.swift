import Foundation
import SanadCrypto
import SanadFormat
import SanadModel

/// Verifies an excerpt (docs/FORMAT.md §10): the seal exactly as for an archive (signature,
/// signer, timestamps, receipts), the digests of the sealed files the excerpt carries against
/// the signed tag manifest, then each exhibit's inclusion proof, the byte layout of its leaves
/// and its claimed runs, and each whole item against its manifest line.
enum ExcerptVerifier {
    /// Files an excerpt carries besides the seal's, the commitments, the disclosure and items.
    static let own: Set<String> = ["VERIFY-EXCERPT.txt", "verify_excerpt.py", ExcerptDisclosure.path]

    /// `r` (the container's checks) with the excerpt's.
    static func verified(
        _ c: BagContents, _ options: ArchiveVerifier.Options, _ r: VerificationResult
    )
        -> VerificationResult
    {
        var r = r
        run(c, options: options, into: &r)
        return r
    }

    static func run(_ c: BagContents, options: ArchiveVerifier.Options, into r: inout VerificationResult) {
        guard let d = form(c, into: &r), let bag = parsedBag(c, into: &r) else { return }
        r.caseID = bag.info["External-Identifier"]
        r.sealedAt = bag.info["Sanad-Sealed-At"]
        sealedFiles(c, bag, into: &r)
        SignatureCheck.run(c, bag, options: options, into: &r)
        ReceiptCheck.run(c, bag, options: options, excerpt: true, into: &r)
        var summary = ExcerptSummary(disclosure: d)
        for e in d.exhibits {
            if let s = exhibit(e, c, into: &r) { summary.exhibits.append(s) }
        }
        let manifest = ManifestFile(c.tagFiles["manifest-sha256.txt"] ?? [], name: "manifest-sha256.txt")
        for item in d.items {
            let matched = c.payload[item.path].map { manifest.sha256(of: item.path) == $0.sha256 } ?? false
            r.report.add(
                matched
                    ? .init(.disclosedItems, .pass, "\(item.exhibit): \(item.path) is the file the seal lists")
                    : .init(
                        .disclosedItems, .fail,
                        "\(item.exhibit): \(item.path) is missing or not the file manifest-sha256.txt lists",
                        subject: item.path))
            summary.items.append((item, matched))
        }
        r.excerpt = summary
    }

    /// The disclosure file, and every file it names present and nothing else beside them.
    private static func form(_ c: BagContents, into r: inout VerificationResult) -> ExcerptDisclosure? {
        let d: ExcerptDisclosure
        switch ExcerptDisclosure.parse(c.tagFiles[ExcerptDisclosure.path] ?? []) {
        case .success(let v): d = v
        case .failure(let e):
            r.report.add(.init(.excerptForm, .fail, e.message))
            return nil
        }
        var expected = own.union(["bagit.txt", "bag-info.txt", "tagmanifest-sha256.txt"])
        for e in d.exhibits { expected.formUnion([e.commitmentPath, e.bytesPath]) }
        if !d.items.isEmpty { expected.insert("manifest-sha256.txt") }
        var problems: [String] = []
        for e in c.entries
        where e.kind == .file && !expected.contains(e.path) && !d.items.contains(where: { $0.path == e.path }) {
            if BagOrder.isSealSignatureFile(e.path) || ReceiptLayout.receiptNumber(of: e.path) != nil { continue }
            problems.append("\(e.path) is not part of an excerpt")
        }
        let present = Set(c.entries.filter { $0.kind == .file }.map(\.path))
        for p in expected.subtracting(present).sorted() where p != "VERIFY-EXCERPT.txt" && p != "verify_excerpt.py" {
            problems.append("\(p) is missing")
        }
        for p in problems { r.report.add(.init(.excerptForm, .fail, p)) }
        guard problems.isEmpty else { return nil }
        r.report.add(
            .init(
                .excerptForm, .pass,
                "an excerpt of \(d.exhibits.count) exhibit(s) and \(d.items.count) whole item(s), cut "
                    + "\(d.createdAt) from "
                    + (d.archiveSHA256.map { "archive \($0.prefix(16))…" } ?? "an unpacked bag")))
        return d
    }

    private static func parsedBag(_ c: BagContents, into r: inout VerificationResult) -> ParsedBag? {
        guard let infoBytes = c.tagFiles["bag-info.txt"], let fields = BagLayout.parseBagInfo(infoBytes),
            let tm = c.tagFiles["tagmanifest-sha256.txt"]
        else {
            r.report.add(.init(.bagStructure, .fail, "bag-info.txt or tagmanifest-sha256.txt is missing or unreadable"))
            return nil
        }
        let info = Dictionary(fields, uniquingKeysWith: { a, _ in a })
        guard let v = info["Sanad-Format-Version"].flatMap(Int.init), v >= 2, v <= BagLayout.formatVersion else {
            r.report.add(
                .init(.bagStructure, .fail, "an excerpt needs a seal of format version 2 to \(BagLayout.formatVersion)")
            )
            return nil
        }
        let tagManifest = ManifestFile(tm, name: "tagmanifest-sha256.txt")
        guard tagManifest.problems.isEmpty else {
            for p in tagManifest.problems { r.report.add(.init(.manifestFormat, .fail, p)) }
            return nil
        }
        return ParsedBag(
            info: info, manifest: ManifestFile(c.tagFiles["manifest-sha256.txt"] ?? [], name: "manifest-sha256.txt"),
            tagManifest: tagManifest, tagManifestBytes: tm, signerPEM: c.tagFiles[BagLayout.signerCertificateFile])
    }

    /// The sealed tag files the excerpt carries, against the signed tag manifest.
    private static func sealedFiles(_ c: BagContents, _ bag: ParsedBag, into r: inout VerificationResult) {
        let sealed = c.entries.filter { $0.kind == .file }.map(\.path).filter {
            $0 == "bagit.txt" || $0 == "bag-info.txt" || $0 == "manifest-sha256.txt"
                || Commitment.exhibit(ofPath: $0) != nil
        }
        var bad: [String] = []
        for p in sealed where bag.tagManifest.sha256(of: p) == nil || bag.tagManifest.sha256(of: p) != c.tagDigests[p] {
            bad.append(p)
        }
        for p in bad {
            r.report.add(
                .init(.tagManifest, .fail, "\(p) is not the file the seal's tag manifest lists", subject: p))
        }
        if bad.isEmpty {
            r.report.add(
                .init(.tagManifest, .pass, "\(sealed.count) sealed files match the tag manifest the seal covers"))
        }
    }
}
