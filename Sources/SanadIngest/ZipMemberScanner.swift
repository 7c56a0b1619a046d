import Foundation
import SanadArchive
import SanadCrypto
import SanadFormat
import SanadIO
import SanadModel

/// Registers the members of a zip export as child items, reading it as a stream through
/// libarchive: nothing is unpacked to disk. Unsafe names and links are flagged, not followed;
/// a bomb stops the scan. The zip itself is always kept whole as the original.
public struct ZipMemberScanner {
    public struct Limits: Sendable {
        public var maxMembers = 100_000
        /// Uncompressed bytes allowed per compressed byte, over the whole archive.
        public var maxRatio: Int64 = 100
        /// Uncompressed bytes always allowed, whatever the ratio.
        public var ratioFloor: Int64 = 16 << 20
        public var maxTotal: Int64 = 64 << 30
        public init() {}
    }

    public struct Member: Sendable {
        public let index: Int
        public let path: String
        public let kind: ArchiveEntryInfo.Kind
        public let size: Int64
        public let mtime: Int64?
        public let type: FileType?
        public let digests: [DigestAlgorithm: String]
        public let flags: [String]
    }

    public struct Scan: Sendable {
        public enum Status: String, Sendable { case complete, aborted, failed }
        public var status: Status
        public var reason: String?
        public var members: [Member]
        /// Where the zip's local headers and central directory disagree (`ZipConsistency`):
        /// the members are read through the central directory, as unzip reads them.
        public var disagreements: [String] = []
    }

    public let algorithms: [DigestAlgorithm]
    public let limits: Limits

    public init(algorithms: [DigestAlgorithm], limits: Limits = Limits()) {
        self.algorithms = algorithms
        self.limits = limits
    }

    /// Reads the zip through its central directory. A zip without one (truncated, or not
    /// really a zip) is `failed`, and whatever its local headers still hold is recovered.
    public func scan(path: String, archiveSize: Int64) -> Scan {
        scan(archiveSize: archiveSize, audit: { ZipConsistency.audit(path: path) }) { formats throws(SanadError) in
            try ArchiveReader(path: path, formats: formats)
        }
    }

    /// The same scan of a zip read through `source` (a staged copy in an encrypted workspace).
    public func scan(source: RandomAccessSource) -> Scan {
        scan(archiveSize: source.size, audit: { ZipConsistency.audit(source: source) }) { formats throws(SanadError) in
            try ArchiveReader(source: source, formats: formats)
        }
    }

    private func scan(
        archiveSize: Int64, audit: () -> [String],
        open: (ArchiveReader.Formats) throws(SanadError) -> ArchiveReader
    ) -> Scan {
        var scan = scan(archiveSize: archiveSize, formats: .zip, open: open)
        scan.disagreements = audit()
        guard scan.status == .failed, scan.members.isEmpty else { return scan }
        var recovered = self.scan(archiveSize: archiveSize, formats: .zipLocalHeaders, open: open)
        let note = "\(recovered.members.count) member(s) recovered from local headers"
        recovered.status = recovered.status == .complete ? .failed : recovered.status
        recovered.reason = "\(scan.reason ?? "unreadable central directory"); \(note)"
        recovered.disagreements = scan.disagreements
        return recovered
    }

    private func scan(
        archiveSize: Int64, formats: ArchiveReader.Formats,
        open: (ArchiveReader.Formats) throws(SanadError) -> ArchiveReader
    ) -> Scan {
        var members: [Member] = []
        let budget = min(limits.maxTotal, max(limits.ratioFloor, archiveSize * limits.maxRatio))
        var total: Int64 = 0
        var seenNames = Set<EntryNameKey>()
        do {
            let reader = try open(formats)
            while let entry = try reader.nextEntry() {
                if entry.kind == .directory { continue }
                guard members.count < limits.maxMembers else {
                    return Scan(status: .aborted, reason: "more than \(limits.maxMembers) members", members: members)
                }
                var flags = Self.nameFlags(entry.path)
                if !seenNames.insert(EntryNameKey(entry.path)).inserted { flags.append("duplicate-name") }
                if !entry.pathIsValidUTF8 { flags.append("name-not-utf8") }
                var digests: [DigestAlgorithm: String] = [:]
                var size: Int64 = 0
                var prefix: [UInt8] = []
                if entry.kind == .file {
                    let set = try DigestSet(algorithms)
                    do {
                        size = try reader.readData(limit: budget - total) { chunk in
                            set.update(chunk)
                            if prefix.count < FileTypeSniffer.prefixLength {
                                prefix += chunk.prefix(FileTypeSniffer.prefixLength - prefix.count)
                            }
                        }
                    } catch let e as SanadError where e.code == .archiveUnsafe {
                        return Scan(
                            status: .aborted,
                            reason:
                                "members expand beyond the limit of \(budget) bytes (the larger of "
                                + "\(limits.ratioFloor >> 20) MiB and \(limits.maxRatio)× the archive's size): "
                                + "possible zip bomb",
                            members: members)
                    }
                    total += size
                    digests = set.finalize()
                } else {
                    flags.append("\(entry.kind.rawValue)-entry")
                }
                let type =
                    entry.kind == .file ? FileTypeSniffer.detect(prefix, isWhole: Int64(prefix.count) == size) : nil
                members.append(
                    Member(
                        index: members.count + 1, path: entry.path, kind: entry.kind, size: size,
                        mtime: entry.mtime, type: type, digests: digests, flags: flags))
            }
            return Scan(status: .complete, reason: nil, members: members)
        } catch let e as SanadError {
            return Scan(status: .failed, reason: e.message, members: members)
        } catch {
            return Scan(status: .failed, reason: "\(error)", members: members)
        }
    }

    /// Names that would escape or confuse an unpacking tool.
    static func nameFlags(_ name: String) -> [String] {
        var flags: [String] = []
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        let driveLetter = name.count > 1 && name.first!.isASCII && name.first!.isLetter && name.dropFirst().first == ":"
        if name.hasPrefix("/") || name.hasPrefix("\\") || driveLetter {
            flags.append("absolute-path")
        }
        if parts.contains("..") || name.split(separator: "\\").contains("..") { flags.append("parent-traversal") }
        if name.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) { flags.append("control-character") }
        return flags
    }
}
