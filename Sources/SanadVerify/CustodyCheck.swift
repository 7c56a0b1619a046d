import SanadCrypto
import SanadCustody
import SanadModel
import SanadFormat

/// The custody log inside the bag: an unbroken chain, the head the seal names, and every
/// committed item present with the digests the log recorded.
enum CustodyCheck {
    static func run(_ c: BagContents, _ bag: ParsedBag, early: EarlyCustodyReading?, into r: inout VerificationResult) {
        guard let bytes = c.tagFiles[BagLayout.custodyFile] else {
            r.report.add(.init(.custodyChain, .fail, "\(BagLayout.custodyFile) is missing"))
            return
        }
        let reading = early?.result(for: bytes) ?? CustodyReading(bytes)
        defer { BackgroundRelease.release(reading) }
        let (contents, chain, items) = (reading.contents, reading.chain, reading.items)
        r.custodyEntries = contents.lines.count
        for check in chain.report.checks where check.id != .custodyTail || contents.tornTailOffset != nil {
            r.report.add(
                check.id == .custodyTail ? .init(.custodySyntax, .fail, "the log ends in an unfinished line") : check)
        }
        checkSignatures(contents, c, into: &r)
        if let head = bag.info["Sanad-Custody-Head"] {
            r.report.add(
                head == chain.head
                    ? .init(.custodyHead, .pass, "the sealed head \(head.prefix(16))… is the last entry's SHA-256")
                    : .init(
                        .custodyHead, .fail,
                        "bag-info.txt names custody head \(head), but the log's last entry hashes to \(chain.head): "
                            + "entries were added, removed or changed"
                    ))
        } else {
            r.report.add(.init(.custodyHead, .fail, "bag-info.txt does not name the custody head"))
        }
        r.itemCount = items.count
        let withheld = WithheldCheck.read(c, into: &r)
        let envelopes = EnvelopeCheck.read(c, into: &r)
        r.envelopes = envelopes
        let problems = itemProblems(items, c, bag, withheld: withheld, envelopes: envelopes)
        for (subject, detail) in problems { r.report.add(.init(.custodyItems, .fail, detail, subject: subject)) }
        if problems.isEmpty {
            r.report.add(.init(.custodyItems, .pass, "\(items.count) items in the log match their records and payload"))
        }
        WithheldCheck.report(withheld, items: items, bag: bag, into: &r)
    }

    /// Entry signatures, against the certificates the archive carries: today the seal's
    /// `signature/signer.pem` (FORMAT.md §2). An entry signed by another key is not checked (a
    /// warning) until archives carry every signer's certificate. A log without signatures adds
    /// no checks, as before signed entries existed.
    private static func checkSignatures(
        _ contents: CustodyLogFile.Contents, _ c: BagContents, into r: inout VerificationResult
    ) {
        let pem = c.tagFiles[BagLayout.signerCertificateFile] ?? []
        let certs = (try? Certificate.loadAll(pem: pem)) ?? []
        let result = CustodySignatures.check(
            contents,
            .init(
                certificates: Dictionary(certs.map { ($0.fingerprint, $0) }, uniquingKeysWith: { a, _ in a }),
                missingCertificate: .warn, certificatePlace: "the archive"))
        if result.signed > 0 { r.report.checks += result.report.checks }
    }

    /// Every committed item against the bag: its record's digest, its payload in the manifest
    /// with the recorded SHA-256, and no payload that belongs to no item. (subject, detail) pairs.
    private static func itemProblems(
        _ items: [CommittedItem], _ c: BagContents, _ bag: ParsedBag, withheld: WithheldList?,
        envelopes: EnvelopeList?
    ) -> [(String, String)] {
        let left = Dictionary((withheld?.items ?? []).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let sealed = Dictionary((envelopes?.items ?? []).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var problems: [(String, String)] = []
        // Which manifest entries an item owns, by their place in the manifest.
        var owned = [Bool](repeating: false, count: bag.manifest.entries.count)
        // Read in place, not copied: 100,000 items of ten strings each.
        for k in items.indices {
            let metaPath = "sanad/" + items[k].metadataPath
            if let meta = c.tagDigest(metaPath) {
                if meta != items[k].metadataSHA256 {
                    problems.append(
                        (items[k].id, "\(items[k].id): \(metaPath) differs from what the custody log recorded"))
                }
            } else {
                problems.append((items[k].id, "\(items[k].id): \(metaPath) is missing"))
            }
            if let payload = items[k].payloadPath, let e = sealed[items[k].id] {
                problems += EnvelopeCheck.itemProblems(e, items[k], payload: payload, bag.manifest, &owned)
            } else if let payload = items[k].payloadPath {
                let i = bag.manifest.index[payload]
                if let i { owned[i] = true }
                if i == nil, let w = left[items[k].id] {
                    // Left out by the sealer: the sealed list must say exactly what the log recorded.
                    if let why = WithheldCheck.mismatch(w, items[k]) { problems.append((items[k].id, why)) }
                } else if let w = left[items[k].id], i != nil {
                    problems.append(
                        (
                            w.id,
                            "\(w.id) is listed in \(WithheldList.path) as withheld, but \(payload) is in the archive"
                        ))
                } else if i.map({ bag.manifest.entries[$0].sha256 }) != items[k].sha256 {
                    problems.append(
                        (
                            items[k].id,
                            "\(items[k].id): \(payload) is not in the manifest with the SHA-256 the custody log "
                                + "recorded"
                        ))
                }
            }
        }
        for (i, (path, _)) in bag.manifest.entries.enumerated() where !owned[i] {
            problems.append((path, "\(path) belongs to no item in the custody log"))
        }
        return problems
    }
}
