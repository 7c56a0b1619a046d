import Foundation
import SanadArchive
import SanadFormat
import SanadModel

/// Any file of a verified archive, read where the verifier found it: what `disclose` copies
/// into an excerpt (tag files, signatures, receipts, commitments, whole items).
extension ArchiveItems {
    /// Every path in the bag (relative to its top folder), in the container's order.
    public var bagPaths: [String] {
        if isDirectory {
            let base = URL(fileURLWithPath: path).standardizedFileURL.path
            let walker = FileManager.default.enumerator(atPath: base)
            var out: [String] = []
            while let rel = walker?.nextObject() as? String {
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: "\(base)/\(rel)", isDirectory: &isDir), !isDir.boolValue {
                    out.append(rel)
                }
            }
            return out.sorted { (BagOrder.key($0) ?? .init0) < (BagOrder.key($1) ?? .init0) }
        }
        return verification.entries.compactMap { e in
            e.path.firstIndex(of: "/").map { String(e.path[e.path.index(after: $0)...]) }
        }.filter { !$0.isEmpty && !$0.hasSuffix("/") }
    }

    /// The bytes of `inner` (a path relative to the bag's top folder), at most `limit` of them;
    /// nil when the bag has no such file.
    public func file(_ inner: String, limit: Int64) throws(SanadError) -> [UInt8]? {
        if isDirectory {
            let full = "\(path)/\(inner)"
            guard FileManager.default.fileExists(atPath: full) else { return nil }
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: full),
                let size = attributes[.size] as? NSNumber, size.int64Value <= limit,
                let data = FileManager.default.contents(atPath: full)
            else { throw SanadError(.archiveCorrupt, "\(inner) cannot be read, or is larger than \(limit) bytes") }
            return Array(data)
        }
        guard let entry = bagEntries[inner] else { return nil }
        guard entry.size <= limit else {
            throw SanadError(.archiveCorrupt, "\(inner) is larger than \(limit) bytes")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(entry.size))
        if let enveloped {
            try entry.forEachChunk(in: enveloped) { bytes += $0 }
        } else {
            try entry.forEachChunk(in: path) { bytes += $0 }
        }
        return bytes
    }
}

extension BagOrder.Key {
    /// Before every path Sanad writes.
    static var init0: BagOrder.Key { BagOrder.key("bagit.txt")! }
}
