import Foundation
import SanadArchive
import SanadCustody
import SanadModel
import SanadFormat

/// The checks of "one archive, one reading" (docs/FORMAT.md §8): the file is a zip or tar in
/// exactly the form Sanad writes, libarchive reads the same entries from it, its top folder is
/// the case id and its entries come in Sanad's order; and its own SHA-256, which the report
/// always states, matches the one the sealer handed over when that is given.
enum ContainerChecks {
    static let repackedHint =
        "If the archive was unpacked and packed again (by unzip and zip, 7-Zip, Windows, macOS, tar…), "
        + "it is no longer the sealed archive: unpack it and run 'sanad verify FOLDER' on the bag folder, "
        + "or ask the sealer for the archive file exactly as sealed and its SHA-256."

    static let truncatedHint =
        "The file is incomplete: a copy or download stopped early. Copy it again from the sender, and "
        + "check its size and SHA-256 against what the sealer gave."

    /// Returns false when the container is malformed and nothing else should be read from it.
    static func run(
        _ scan: ContainerScan, _ c: BagContents, options: ArchiveVerifier.Options,
        into r: inout VerificationResult
    ) -> Bool {
        r.archive = .init(format: scan.format?.rawValue, size: scan.size, sha256: scan.sha256)
        r.entries = scan.violation == nil ? scan.entries : []
        if let v = scan.violation {
            r.containerViolation = v
            r.report.add(.init(.containerProfile, .fail, "\(v.detail) (byte \(v.offset); rule \(v.rule.rawValue))"))
            r.hint = v.rule == .truncated ? truncatedHint : repackedHint
            return false
        }
        let format = scan.format?.rawValue ?? "?"
        r.report.add(
            .init(
                .containerProfile, .pass,
                "a \(format) in exactly the form Sanad writes: \(scan.entries.count) stored entries, every one of "
                    + "its \(scan.size) bytes accounted for"
            ))
        digest(scan, options: options, into: &r)
        switch c.disagreements {
        case nil:
            r.report.add(
                .init(
                    .containerAgreement, .info,
                    "read once, from a stream: libarchive's second reading needs a file it can read again"))
        case let d? where d.isEmpty:
            r.report.add(
                .init(
                    .containerAgreement, .pass,
                    "libarchive, reading it again on its own, sees the same \(scan.entries.count) entries (names, "
                        + "types, sizes, times) and the same tag files"
                ))
        case let d?:
            for problem in d { r.report.add(.init(.containerAgreement, .fail, problem)) }
            r.hint = repackedHint
            return false
        }
        return true
    }

    /// `archive-digest`: the file's SHA-256, compared with `--archive-sha256` when given.
    static func digest(_ scan: ContainerScan, options: ArchiveVerifier.Options, into r: inout VerificationResult) {
        guard let sha = scan.sha256 else { return }
        guard let expected = options.archiveSHA256 else {
            r.report.add(
                .init(
                    .archiveDigest, .info,
                    "the archive file's SHA-256 is \(sha); compare it with the one the sealer gave you "
                        + "(--archive-sha256)"
                ))
            return
        }
        r.report.add(
            expected == sha
                ? .init(
                    .archiveDigest, .pass, "the archive file's SHA-256 is \(sha), the one given with --archive-sha256")
                : .init(
                    .archiveDigest, .fail,
                    "the archive file's SHA-256 is \(sha), not \(expected) as given with --archive-sha256: this is "
                        + "not the file the sealer handed over"
                ))
    }

    /// Entry times are signed too: every entry of the seal carries `Sanad-Sealed-At` (to the
    /// second, rounded down), and a receipt's files the time of its `received` entry. A time
    /// nobody signed could still be changed, and GNU tar warns about one in the future.
    static func times(_ c: BagContents, _ bag: ParsedBag) -> [String] {
        guard let entries = c.container?.entries else { return [] }
        func seconds(_ text: String?) -> Int64? {
            guard let text, let p = RFC3339.parse(text), let offset = p.offsetSeconds else { return nil }
            return p.localEpochSeconds - Int64(offset)
        }
        guard let sealed = seconds(bag.info["Sanad-Sealed-At"]) else {
            return ["bag-info.txt has no Sanad-Sealed-At to check the entries' times against"]
        }
        var receiptTimes: [Int: Int64] = [:]
        for (i, e) in entries.enumerated() {
            var expected = sealed
            // Only a receipt's files carry another time; the rest are named from their bytes.
            if BagEntrySink.inner(e.path, hasPrefix: ReceiptLayout.folderPrefix),
                let n = ReceiptLayout.receiptNumber(of: BagEntrySink.splitTop(e.path).1)
            {
                if let known = receiptTimes[n] {
                    expected = known
                } else {
                    let line = CustodyLogFile.split(c.tagFiles[ReceiptLayout.custodyPath(n)] ?? []).lines.first
                    expected = seconds(line.flatMap { try? JSONParser.parse($0.bytes) }?["time"]?.stringValue) ?? -1
                    receiptTimes[n] = expected
                }
            }
            if e.mtime != expected {
                return [
                    "entry \(i + 1) (\(e.path)) has the time \(Timestamp.utc(epochMilliseconds: e.mtime * 1000)), "
                        + "not the signed time of its seal or receipt"
                ]
            }
        }
        return []
    }

    /// `container-layout`: the top folder is `External-Identifier` and the entries come in the
    /// order Sanad writes them.
    static func layout(_ c: BagContents, _ bag: ParsedBag, into r: inout VerificationResult) {
        var problems: [String] = []
        let caseID = bag.info["External-Identifier"] ?? ""
        if c.top != caseID {
            problems.append("the archive's top folder is '\(c.top ?? "")', but bag-info.txt names the case '\(caseID)'")
        }
        if let (a, b) = BagOrder.firstMisordered(c.entries.map(\.path)) {
            problems.append("\(b) comes after \(a); Sanad writes them the other way round")
        }
        problems += times(c, bag)
        for p in problems { r.report.add(.init(.containerLayout, .fail, p)) }
        if problems.isEmpty {
            r.report.add(
                .init(
                    .containerLayout, .pass,
                    "one top folder named after case \(caseID), entries in Sanad's order, each with its signed time"))
        } else {
            r.hint = repackedHint
        }
        let now = Int64(Date().timeIntervalSince1970)
        if let latest = c.container?.entries.map(\.mtime).max(), latest > now + 300 {
            r.report.add(
                .init(
                    .containerTimes, .warn,
                    "the archive's times lie in the future (\(Timestamp.utc(epochMilliseconds: latest * 1000))): "
                        + "the sealer's clock was ahead, and tar will warn when it unpacks it"
                ))
        }
    }
}
