import Foundation
import SanadModel
import SanadVerify

/// What `sanad disclose` cuts from a sealed archive (docs/FORMAT.md §10).
public struct ExcerptRequest {
    public var archivePath: String
    public var outputPath: String
    public var verify: ArchiveVerifier.Options
    /// Events by number (leaf numbers: 1 is the first event, 0 the bytes before it), by exhibit.
    public var events: [String: [ClosedRange<Int>]] = [:]
    /// Events that a filter keeps (`--search`, `--participant`, `--from`, `--to`), in every
    /// committed exhibit (or only `exhibits`, when given).
    public var filter: TimelineFilter?
    public var exhibits: Set<String> = []
    /// Whole items disclosed by their manifest line (a photo, an attachment).
    public var items: [String] = []
    public var recipient: String?
    public var reason: String?
    public var createdAt: Date

    public init(archivePath: String, outputPath: String, verify: ArchiveVerifier.Options, createdAt: Date) {
        self.archivePath = archivePath
        self.outputPath = outputPath
        self.verify = verify
        self.createdAt = createdAt
    }

    /// `E0001:120-135,140` → (`E0001`, [120...135, 140...140]).
    public static func parseEvents(_ text: String) throws(SanadError) -> (String, [ClosedRange<Int>]) {
        let bad = SanadError(
            .usage, "--events \(text): expected EXHIBIT:FIRST-LAST[,N…], e.g. E0001:120-135,140",
            hint: "'sanad timeline' shows each event's number (source.event).")
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, ExhibitID(parts[0]) != nil else { throw bad }
        var ranges: [ClosedRange<Int>] = []
        for piece in parts[1].split(separator: ",", omittingEmptySubsequences: false) {
            let ends = piece.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard (1...2).contains(ends.count), let a = ends[0], let b = ends.last ?? nil, a >= 0, a <= b else {
                throw bad
            }
            ranges.append(a...b)
        }
        return (parts[0], ranges)
    }
}

/// A written excerpt.
public struct ExcerptResult: Sendable {
    public var path: String
    public var sha256: String
    public var size: Int64
    /// nil for an unpacked bag.
    public var archiveSHA256: String?
    public var caseID: String?
    /// Per exhibit: the leaves disclosed and the commitment's number of events.
    public var exhibits: [(exhibit: String, disclosed: [Int], events: Int)] = []
    public var items: [String] = []

    public var json: JSONValue {
        [
            "excerpt": .string(path), "sha256": .string(sha256), "size": .int(size),
            "archive_sha256": .optional(archiveSHA256), "case_id": .optional(caseID),
            "exhibits": .array(
                exhibits.map {
                    [
                        "exhibit": .string($0.exhibit), "events": .int(Int64($0.events)),
                        "disclosed": .array($0.disclosed.map { .int(Int64($0)) }),
                    ]
                }),
            "items": .array(items.map { .string($0) }),
        ]
    }
}
