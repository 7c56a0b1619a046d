import Foundation
import SanadCrypto
import SanadCustody
import SanadFormat
import SanadModel

/// Originals the sealer left out of the bag (`sanad/withheld.json`, docs/FORMAT.md §2.1), and
/// files handed over for them later (`verify --supplement`).
enum WithheldCheck {
    /// The sealed list, if the bag has one; a list that cannot be read fails `withheld`.
    static func read(_ c: BagContents, into r: inout VerificationResult) -> WithheldList? {
        guard let bytes = c.tagFiles[WithheldList.path] else { return nil }
        switch WithheldList.parse(bytes) {
        case .success(let list): return list
        case .failure(let e):
            r.report.add(.init(.withheld, .fail, e.message, subject: WithheldList.path))
            return nil
        }
    }

    /// Why a listed item is not what the custody log recorded, or nil when it is.
    static func mismatch(_ w: WithheldList.Item, _ item: CommittedItem) -> String? {
        guard w.sha256 == item.sha256, w.size == item.size, w.payload == item.payloadPath else {
            return "\(w.id): \(WithheldList.path) gives another SHA-256, size or path than the custody log recorded"
        }
        return nil
    }

    /// The `withheld` check: what was withheld, and that every listed exhibit is one the log
    /// committed (an unknown one fails).
    static func report(_ list: WithheldList?, items: [CommittedItem], bag: ParsedBag, into r: inout VerificationResult)
    {
        guard let list else { return }
        let known = Set(items.map(\.id))
        var failed = false
        for w in list.items where !known.contains(w.id) {
            r.report.add(.init(.withheld, .fail, "\(w.id) is listed as withheld but is no item of the custody log"))
            failed = true
        }
        guard !failed else { return }
        r.withheld = list.items
        let names = list.items.map { "\($0.id) (\($0.type), \($0.size) bytes, SHA-256 \($0.sha256))" }
        r.report.add(
            .init(
                .withheld, .info,
                "\(list.items.count) item(s) withheld by the sealer (their digests are sealed): "
                    + names.joined(separator: "; ")))
    }

    /// The `supplement` check for each file: exactly a withheld item (pass), an item the archive
    /// holds anyway (warn), or none of them (fail). Reads each file once, streaming.
    static func supplements(
        _ paths: [String], withheld: [WithheldList.Item], manifest: ManifestFile?, into r: inout VerificationResult
    ) {
        for path in paths {
            let digest: (sha256: String, size: Int64)
            do {
                let d = try FileDigester.digest(path: path)
                digest = (d.digests[.sha256] ?? "", d.size)
            } catch {
                r.report.add(.init(.supplement, .fail, "\(path) cannot be read: \(error.message)", subject: path))
                continue
            }
            let name = (path as NSString).lastPathComponent
            if let w = withheld.first(where: { $0.sha256 == digest.sha256 && $0.size == digest.size }) {
                r.report.add(
                    .init(
                        .supplement, .pass,
                        "\(name) is exactly \(w.id), which the sealer withheld (SHA-256 \(w.sha256), \(w.size) bytes)",
                        subject: path))
            } else if let held = manifest?.entries.first(where: { $0.sha256 == digest.sha256 }) {
                r.report.add(
                    .init(
                        .supplement, .warn,
                        "\(name) is not a withheld item: the archive holds it already, as \(held.path)",
                        subject: path))
            } else {
                r.report.add(
                    .init(
                        .supplement, .fail,
                        "\(name) matches no withheld item (its SHA-256 is \(digest.sha256), \(digest.size) bytes)",
                        subject: path))
            }
        }
    }
}
