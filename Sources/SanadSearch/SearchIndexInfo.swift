/// What an index file says about itself, from its `meta` table.
public struct SearchIndexInfo: Equatable, Sendable {
    /// `SearchIndex.schemaVersion` when it was built.
    public var schemaVersion: Int
    /// The Sanad version that built it: parsers change with Sanad, so its events may differ.
    public var toolVersion: String
    /// The caller's identity of what the events were read from (e.g. the custody log head).
    public var builtFrom: String
    public var eventCount: Int64
    /// What the build found that a reader of every search must be told (an exhibit whose date
    /// order is undecided), one sentence each.
    public var warnings: [String]

    public init(
        schemaVersion: Int, toolVersion: String, builtFrom: String, eventCount: Int64, warnings: [String] = []
    ) {
        self.schemaVersion = schemaVersion
        self.toolVersion = toolVersion
        self.builtFrom = builtFrom
        self.eventCount = eventCount
        self.warnings = warnings
    }
}
