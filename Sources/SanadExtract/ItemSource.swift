import SanadModel
import SanadTimeline

/// Where a timeline's items and their bytes come from: a case workspace or a sealed archive.
public protocol ItemSource {
    /// What the timeline was read from, for its header: `workspace` or `archive`, the path,
    /// the case id and the custody head that identifies the state of the case.
    var description: SourceDescription { get }
    /// Every item in exhibit order (zip members follow their zip).
    var items: [TimelineItem] { get }
    /// The item's bytes, readable more than once, never unpacked to disk.
    func input(for item: TimelineItem) throws(SanadError) -> any ByteInput
}

public struct SourceDescription: Sendable, Equatable {
    public var kind: String
    public var path: String
    public var caseID: String?
    public var custodyHead: String?

    public var json: JSONValue {
        [
            "kind": .string(kind), "path": .string(path), "case_id": .optional(caseID),
            "custody_head": .optional(custodyHead),
        ]
    }
}
