import Foundation
import SanadModel

/// Builds `items/E0001.json`: everything known about one item. Immutable once committed;
/// later facts go into the custody log as `note` or `derived` entries.
enum ItemMetadata {
    static let formatVersion: Int64 = 1

    struct Source {
        let absolutePath: String
        let stat: stat
    }

    static func build(
        id: String, kind: String, duplicateOf: String?, source: Source, size: Int64, type: FileType,
        digests: [DigestAlgorithm: String], collection: JSONValue, stored: JSONValue?,
        scan: ZipMemberScanner.Scan?, ingestedAt: String
    ) -> JSONValue {
        var members: [String: JSONValue] = [
            "format": "sanad-item", "version": .int(formatVersion),
            "id": .string(id), "kind": .string(kind),
            "size": .int(size), "type": type.json, "digests": digestsJSON(digests),
            "original": [
                "name": .string((source.absolutePath as NSString).lastPathComponent),
                "path": .string(source.absolutePath),
                "size": .int(Int64(source.stat.st_size)),
                "mode": .string(String(source.stat.st_mode & 0o7777, radix: 8)),
                "times": times(source.stat),
            ],
            "collection": collection,
            "ingested_at": .string(ingestedAt),
            "tool": .object(Tool.json),
        ]
        if let duplicateOf { members["duplicate_of"] = .string(duplicateOf) }
        if let stored { members["stored"] = stored }
        if let scan {
            members["member_scan"] = .compactObject([
                "status": .string(scan.status.rawValue), "reason": .optional(scan.reason),
                "count": .int(Int64(scan.members.count)), "reader": "libarchive",
                "disagreements": scan.disagreements.isEmpty ? .null : .array(scan.disagreements.map { .string($0) }),
            ])
            members["members"] = .array(scan.members.map { memberJSON($0, parent: id) })
        }
        return .object(members)
    }

    static func digestsJSON(_ d: [DigestAlgorithm: String]) -> JSONValue {
        .object(Dictionary(uniqueKeysWithValues: d.map { ($0.key.rawValue, JSONValue.string($0.value)) }))
    }

    static func times(_ st: stat) -> JSONValue {
        [
            "modified": .string(
                Timestamp.utc(seconds: Int64(st.st_mtim.tv_sec), nanoseconds: Int64(st.st_mtim.tv_nsec))),
            "accessed": .string(
                Timestamp.utc(seconds: Int64(st.st_atim.tv_sec), nanoseconds: Int64(st.st_atim.tv_nsec))),
            "status_changed": .string(
                Timestamp.utc(seconds: Int64(st.st_ctim.tv_sec), nanoseconds: Int64(st.st_ctim.tv_nsec))),
        ]
    }

    /// What a zip member's time is, said beside it.
    static let mtimeNote =
        "read as UTC; unless the zip carries UTC times, this is the exporting device's local time, zone unknown"

    static func memberJSON(_ m: ZipMemberScanner.Member, parent: String) -> JSONValue {
        .compactObject([
            "id": .string("\(parent).\(m.index)"), "parent": .string(parent), "member_path": .string(m.path),
            "entry_kind": .string(m.kind.rawValue), "size": .int(m.size),
            // Zip times are local times of the exporting phone with no zone: say so.
            "mtime": m.mtime.map { .string(Timestamp.utc(seconds: $0, nanoseconds: 0)) } ?? .null,
            // A zip entry time without an extended-timestamp field is DOS local time, read as UTC.
            "mtime_note": m.mtime == nil ? .null : .string(mtimeNote),
            "type": m.type?.json ?? .null,
            "digests": m.digests.isEmpty ? .null : digestsJSON(m.digests),
            "flags": m.flags.isEmpty ? .null : .array(m.flags.map { .string($0) }),
        ])
    }

    /// What the collector declared, as stored in the item and in the `collected` entry.
    /// `fromCase` names the fields copied from the case's defaults.
    static func collectionJSON(_ f: IntakeFields, fromCase: [String] = []) throws(SanadError) -> JSONValue {
        var declared: JSONValue = .null
        if let at = f.collectedAt {
            let d = try Timestamp.parseDeclared(at, assumingZone: nil)
            declared = ["as_written": .string(d.asWritten), "utc": .string(d.utc), "zone": .string(d.zoneSource)]
        }
        return .compactObject([
            "collected_by": .optional(f.collectedBy), "collected_at": declared, "method": .optional(f.method),
            "platform": .optional(f.platform?.rawValue), "account": .optional(f.account), "url": .optional(f.url),
            "timezone": .optional(f.timezone), "sensitive": .bool(f.sensitive ?? false), "note": .optional(f.note),
            "locale": .optional(f.locale), "date_order": .optional(try f.resolvedDateOrder()),
            "from_case_defaults": fromCase.isEmpty ? .null : .array(fromCase.map { .string($0) }),
        ])
    }
}
