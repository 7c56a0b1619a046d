import Foundation
import SanadCustody
import SanadModel
import SanadWorkspace

/// Records an excerpt cut from one of the workspace's own archives as a `disclosed` custody
/// entry (docs/CUSTODY.md §3): which events and items were handed to whom, and why, from which
/// archive, in which excerpt file. An archive the workspace did not seal (no `exported` entry
/// with its SHA-256) is not this case's to record.
public struct DisclosureRecorder {
    public let workspace: Workspace
    public var clock: () -> Date = Date.init
    public var signer: EntrySigner?

    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// Whether the workspace's log records sealing the archive with this SHA-256.
    public func sealed(archiveSHA256: String?) throws(SanadError) -> Bool {
        guard let archiveSHA256 else { return false }
        let contents = try CaseStore(workspace).readCustodyLog()
        return ChainVerifier.verify(contents).entries.contains {
            $0.action == .exported && $0.details["archive_sha256"]?.stringValue == archiveSHA256
        }
    }

    public static func details(_ result: ExcerptResult, request: ExcerptRequest) -> JSONValue {
        .compactObject([
            "archive_sha256": .optional(result.archiveSHA256),
            "archive_name": .string((request.archivePath as NSString).lastPathComponent),
            "excerpt_sha256": .string(result.sha256), "excerpt_size": .int(result.size),
            "excerpt_name": .string((request.outputPath as NSString).lastPathComponent),
            "recipient": .optional(request.recipient), "reason": .optional(request.reason),
            "events": .object(
                Dictionary(
                    uniqueKeysWithValues: result.exhibits.map { e in
                        (e.exhibit, JSONValue.array(e.disclosed.map { .int(Int64($0)) }))
                    })),
            "whole_items": result.items.isEmpty ? .null : .array(result.items.map { .string($0) }),
        ])
    }

    /// Appends the `disclosed` entry; returns it as written.
    @discardableResult
    public func record(
        _ result: ExcerptResult, request: ExcerptRequest, actor: String
    ) throws(SanadError)
        -> CustodyEntry
    {
        let lock = try WorkspaceLock(path: workspace.lockPath)
        defer { withExtendedLifetime(lock) {} }
        let log = try CaseStore(workspace).openCustodyLog(signer: signer)
        let items = (result.exhibits.map(\.exhibit) + result.items).sorted {
            (ExhibitID($0) ?? ExhibitID(number: 0)) < (ExhibitID($1) ?? ExhibitID(number: 0))
        }
        let written = try log.append([
            .init(
                time: Timestamp.utc(clock()), actor: actor, action: .disclosed, items: items,
                details: Self.details(result, request: request))
        ])
        return written[0]
    }
}
