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

    public init(exhibit: String?, sha256: String, offset: Int64, length: Int64, line: Int) {
        self.exhibit = exhibit
        self.sha256 = sha256
        self.offset = offset
        self.length = length
        self.line = line
    }

    public var json: JSONValue {
        [
            "exhibit": .optional(exhibit), "sha256": .string(sha256), "offset": .int(offset), "length": .int(length),
            "line": .int(Int64(line)),
        ]
    }
}
