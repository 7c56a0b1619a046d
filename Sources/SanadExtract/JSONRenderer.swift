import SanadModel

/// One JSON document (schema `manifests/timeline-output.schema.json`): what the timeline was
/// read from and how, then `events`, each in the canonical form of docs/TIMELINE.md §2.
/// Written as a stream, so it may be as large as the case.
public struct JSONRenderer: TimelineRenderer {
    private var first = true

    public init() {}

    public mutating func begin(_ header: TimelineHeader, _ out: OutputSink) throws(SanadError) {
        let head: JSONValue = [
            "format": "sanad-timeline", "version": .int(1), "tool": .object(Tool.json),
            "generated_at": .string(header.generatedAt),
            "source": header.source.json, "filters": header.filter.json, "default_zone": .optional(header.defaultZone),
            "items": .array(header.items.map(\.json)), "event_count": .int(Int64(header.eventCount)),
        ]
        var bytes = CanonicalJSON.encode(head)
        bytes.removeLast()  // the closing brace: events follow
        try out.write(bytes)
        try out.write(",\"events\":[")
    }

    public mutating func event(_ line: UnsafeRawBufferPointer, _ out: OutputSink) throws(SanadError) {
        try out.write(first ? "\n" : ",\n")
        first = false
        try out.write(UnsafeRawBufferPointer(rebasing: line[0..<(line.last == 0x0A ? line.count - 1 : line.count)]))
    }

    public mutating func end(_ out: OutputSink) throws(SanadError) {
        try out.write(first ? "]}\n" : "\n]}\n")
    }
}
