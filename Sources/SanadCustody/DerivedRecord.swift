import SanadModel

/// What a `derived` custody entry commits (docs/CUSTODY.md §3): files made from an item, such as
/// its preview, each with the SHA-256 `log --verify` checks and the recovery keeps.
public struct DerivedRecord: Sendable, Equatable {
    public struct File: Sendable, Equatable {
        /// What the file is to the item: `preview`, `record`.
        public let role: String
        /// Workspace-relative, in the plaintext layout (`derived/E0003/preview.png`).
        public let path: String
        public let sha256: String
        public let size: Int64
    }

    public let seq: Int64
    /// What was derived: `preview`.
    public let kind: String
    /// The item it was made from, and that item's SHA-256 when it was made.
    public let source: String
    public let sourceSHA256: String
    public let files: [File]

    init?(entry: CustodyEntry) {
        let d = entry.details
        guard entry.action == .derived, let kind = d["kind"]?.stringValue, let source = d["source"]?.stringValue,
            entry.items.first == source, let sourceSHA = d["source_sha256"]?.stringValue,
            case .array(let list)? = d["files"], !list.isEmpty
        else { return nil }
        var files: [File] = []
        for f in list {
            guard let role = f["role"]?.stringValue, let path = f["path"]?.stringValue, Self.isDerivedPath(path),
                let sha = f["sha256"]?.stringValue, let size = f["size"]?.intValue
            else { return nil }
            files.append(File(role: role, path: path, sha256: sha, size: size))
        }
        seq = entry.seq
        self.kind = kind
        self.source = source
        sourceSHA256 = sourceSHA
        self.files = files
    }

    /// The folder every derived file lives under.
    public static let folder = "derived"

    /// `derived/<item>/<name>`, neutral ASCII only: a log naming another place (`../x`,
    /// `items/…`) commits nothing, so the audit and the recovery never trust it.
    public static func isDerivedPath(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0] == Substring(folder)
            && parts.dropFirst().allSatisfy { p in
                !p.isEmpty && p.first != "."
                    && p.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
            }
    }
}
