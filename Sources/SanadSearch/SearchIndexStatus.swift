/// Whether an index can be searched as it is, or must be rebuilt first. Never an error: the
/// index is derived from the workspace, so anything wrong with it is cured by a rebuild.
public enum SearchIndexStatus: Equatable, Sendable {
    /// Built by this Sanad, with this schema, from what the caller says is there now.
    case current(SearchIndexInfo)
    /// There is no index file.
    case missing
    /// The index must be rebuilt; `reason` says why, for a progress message.
    case stale(Reason)

    public enum Reason: Equatable, Sendable {
        /// Built from something else (the workspace has changed since).
        case builtFrom(found: String)
        case toolVersion(found: String)
        case schemaVersion(found: Int)
        /// Not a Sanad search index, incomplete or damaged.
        case unreadable(String)
    }

    public var isCurrent: Bool {
        if case .current = self { return true }
        return false
    }
}
