import Foundation
import SanadCrypto
import SanadModel
import SanadFormat

/// The second reading of a container: libarchive, told the format (never bidding) and with no
/// filters, reads it again and must see the same entries, in the same order, with the same
/// names, types, sizes and times, the same bytes for every small file it is asked to compare,
/// and nothing it has to warn about. Two independent readers agreeing is what "one archive, one
/// reading" rests on, beside the differential fuzzer's proof that Info-ZIP, GNU tar, bsdtar and
/// Python agree with both.
///
/// The reading runs on a thread of its own from `start`, beside the profile reader's pass, and
/// is compared once both are done.
public final class ContainerCrossCheck: @unchecked Sendable {
    private struct Seen {
        let path: String
        let kind: ArchiveEntryInfo.Kind
        let size: Int64?
        let mtime: Int64?
        /// SHA-256 of the bytes libarchive read, for the entries it was asked to compare.
        let digest: String?
    }

    private var seen: [Seen] = []
    private var warnings: [String] = []
    private var failure: String?
    private let done = DispatchSemaphore(value: 0)
    private var thread: JoinableThread?

    private init() {}

    /// Starts reading `path` as `format`. Entries for which `keepBytes(path)` is true are read
    /// whole (keep it to small files), the others skipped.
    public static func start(
        path: String, format: ContainerFormat, keepBytes: @escaping @Sendable (String) -> Bool,
        limit: Int64 = 256 << 20
    ) -> ContainerCrossCheck {
        let check = ContainerCrossCheck()
        // libarchive turns zip times into local times; with TZ unset glibc stats /etc/localtime
        // at every call (4,000 times for a 1,000-item case). Naming the same zone stops that.
        if getenv("TZ") == nil { setenv("TZ", ":/etc/localtime", 0) }
        check.thread = JoinableThread {
            check.read(path: path, format: format, keepBytes: keepBytes, limit: limit)
            check.done.signal()
        }
        return check
    }

    private func read(path: String, format: ContainerFormat, keepBytes: (String) -> Bool, limit: Int64) {
        do {
            // Small reads: it mostly seeks from one header to the next, past the data.
            let reader = try ArchiveReader(path: path, formats: format == .zip ? .zip : .tar, blockSize: 8 << 10)
            while let info = try reader.nextEntry() {
                var digest: String?
                if info.kind == .file, keepBytes(info.path), (info.declaredSize ?? 0) <= limit {
                    let d = try MessageDigest(.sha256)
                    try reader.readData(limit: limit) { d.update($0) }
                    digest = d.finalizeHex()
                } else {
                    try reader.skipData()
                }
                seen.append(
                    Seen(path: info.path, kind: info.kind, size: info.declaredSize, mtime: info.mtime, digest: digest))
                if seen.count > ZipProfileParser.maxEntries { break }
            }
            warnings = reader.warnings
        } catch {
            failure = "\(error)"
        }
    }

    /// Disagreements with what the profile reader found, empty when there are none. Waits for
    /// the reading to end. `digest(i)` gives the SHA-256 (lowercase hex) of entry i's content
    /// as the profile reader read it.
    public func disagreements(with entries: [ContainerEntry], digest: (Int) -> String?) -> [String] {
        done.wait()
        thread?.join()
        if let failure { return ["libarchive cannot read it: \(failure)"] }
        var problems: [String] = []
        for (i, s) in seen.enumerated() where problems.count < 20 {
            guard i < entries.count else {
                problems.append(
                    "libarchive reads an entry \(i + 1) (\(s.path)) that the archive's structure does not hold")
                break
            }
            let e = entries[i]
            if s.path != e.path {
                problems.append("entry \(i + 1): libarchive reads the name \(s.path), not \(e.path)")
            }
            if s.kind != .file {
                problems.append("entry \(i + 1) (\(e.path)): libarchive reads a \(s.kind.rawValue), not a file")
            }
            if s.size != e.size {
                problems.append(
                    "entry \(i + 1) (\(e.path)): libarchive reads \(s.size.map(String.init) ?? "no") bytes, not "
                        + "\(e.size)"
                )
            }
            if s.mtime != e.mtime {
                problems.append("entry \(i + 1) (\(e.path)): libarchive reads another modification time")
            }
            if let got = s.digest, let expected = digest(i), got != expected {
                problems.append("entry \(i + 1) (\(e.path)): libarchive reads other bytes")
            }
        }
        if seen.count < entries.count, problems.isEmpty {
            problems.append("libarchive reads \(seen.count) entries; the archive's structure holds \(entries.count)")
        }
        // A large case's table is freed on the side, whichever thread lets go of this last.
        BackgroundRelease.release(seen)
        seen = []
        return problems + warnings.map { "libarchive warns: \($0)" }
    }

    /// Reads and compares in one call.
    public static func run(
        path: String, format: ContainerFormat, entries: [ContainerEntry], bytes: @escaping (Int) -> [UInt8]?
    ) -> [String] {
        let check = start(path: path, format: format, keepBytes: { _ in true })
        return check.disagreements(with: entries) { i in bytes(i).map { MessageDigest.sha256Hex($0) } }
    }
}
