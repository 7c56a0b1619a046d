import SanadModel

/// The exact bytes an event was read from: an investigator can always go back to them.
public struct EventSource: Equatable, Sendable {
    /// The exhibit number, or nil for a file read outside a case.
    public var exhibit: String?
    /// SHA-256 of the whole file, as the parser computed it from the bytes it read.
    public var sha256: String
    public var offset: Int64
    /// Bytes in the event, its final line break included.
    public var length: Int64
    /// 1-based number of the event's first line.
    public var line: Int
    /// 1-based number of the event among every event its parser gave for the file, in file order
    /// (docs/TIMELINE.md §2): what `sanad disclose` selects events by. A case's timeline gives it;
    /// nil for a parser's own events and for the placeholder of a sensitive item, which stands
    /// for all of its events.
    public var event: Int?

    public init(exhibit: String?, sha256: String, offset: Int64, length: Int64, line: Int, event: Int? = nil) {
        self.exhibit = exhibit
        self.sha256 = sha256
        self.offset = offset
        self.length = length
        self.line = line
        self.event = event
    }

    /// `event` is absent, not null, when there is none.
    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "exhibit": .optional(exhibit), "sha256": .string(sha256), "offset": .int(offset), "length": .int(length),
            "line": .int(Int64(line)),
        ]
        if let event { o["event"] = .int(Int64(event)) }
        return .object(o)
    }
}
