import Foundation
import SanadCustody
import SanadModel
import SanadWorkspace

/// Records that the content of sensitive items was shown (`--reveal-sensitive`), as a `viewed`
/// custody entry (docs/CUSTODY.md §3): who, when, which items, by which command. Like every
/// writer of the log it holds the workspace lock and signs with the actor's key when one is
/// configured. It is called before the content is written, so a reveal that could not be
/// recorded shows nothing.
public struct ViewRecorder {
    public let workspace: Workspace
    public var clock: () -> Date = Date.init
    public var signer: EntrySigner?

    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// What one reveal showed, for the entry's `items` and `details`.
    public struct View: Sendable {
        /// The sensitive exhibits whose content is in the output.
        public var shown: [String]
        /// The sensitive exhibits whose content was read for it (searched, filtered).
        public var read: [String]
        /// `timeline` or `search`.
        public var command: String
        /// The output format (`table`, `html`, `json`…).
        public var format: String
        /// The output file's name (no folder), or `stdout`.
        public var output: String
        /// The search query, for `search`.
        public var query: String?
        /// The custody head of the state of the case that was read.
        public var custodyHead: String?

        public init(
            shown: [String], read: [String], command: String, format: String, output: String, query: String? = nil,
            custodyHead: String? = nil
        ) {
            self.shown = shown
            self.read = read
            self.command = command
            self.format = format
            self.output = output
            self.query = query
            self.custodyHead = custodyHead
        }

        public var details: JSONValue {
            .compactObject([
                "command": .string(command), "format": .string(format), "output": .string(output),
                "query": .optional(query), "read": .array(read.map { .string($0) }),
                "custody_head": .optional(custodyHead),
            ])
        }
    }

    /// Appends the `viewed` entry; returns it as written.
    @discardableResult
    public func record(_ view: View, actor: String) throws(SanadError) -> CustodyEntry {
        let lock = try WorkspaceLock(path: workspace.lockPath)
        defer { withExtendedLifetime(lock) {} }
        let log = try CaseStore(workspace).openCustodyLog(signer: signer)
        let written = try log.append([
            .init(
                time: Timestamp.utc(clock()), actor: actor, action: .viewed, items: view.shown, details: view.details)
        ])
        return written[0]
    }
}
