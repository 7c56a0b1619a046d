import Foundation
import SanadFormat
import SanadModel
import SanadTimeline
import SanadVerify

/// Sanad's reading of an excerpt's disclosed events: each leaf parsed again, alone, by the
/// parser its commitment names, with the declarations the commitment records. This is a
/// reading, not part of the proof: the proof covers the bytes.
public enum ExcerptReading {
    public struct Line: Sendable {
        public var index: Int
        public var offset: Int64
        public var length: Int64
        public var sender: String?
        /// The local time as the phone showed it, and the zone basis, or nil.
        public var localTime: String?
        public var zone: String?
        public var time: String?
        public var kind: String?
        public var text: String
        /// The names of the files the event says are attached.
        public var attachments: [String] = []

        public var json: JSONValue {
            [
                "event": .int(Int64(index)), "offset": .int(offset), "length": .int(length),
                "sender": .optional(sender), "local_time": .optional(localTime), "zone": .optional(zone),
                "time": .optional(time), "kind": .optional(kind), "text": .string(text),
                "attachments": .array(attachments.map { .string($0) }),
            ]
        }
    }

    /// Whether this Sanad has the parser, at the version, that made the commitment.
    public static func parser(for c: Commitment) -> (any TimelineParser)? {
        guard let type = ParserRegistry.parser(named: c.parserName), type.version == c.parserVersion else { return nil }
        var context = ParseContext(
            exhibit: c.exhibit, platform: c.platform.flatMap(Platform.init(rawValue:)),
            dateOrder: c.dateOrder.flatMap(DateOrder.init(rawValue:)))
        context.dateOrderDeclared = c.dateOrder != nil
        if let zone = c.zone {
            context.zone = try? DeclaredZone(
                name: zone, basis: c.zoneBasis.flatMap(ZoneBasis.init(rawValue:)) ?? .declaredAtIngest)
        }
        return type.init(context)
    }

    /// One line per disclosed leaf; a leaf the parser cannot read alone is shown as text.
    public static func lines(_ e: ExcerptSummary.Exhibit) -> [Line] {
        let parser = parser(for: e.commitment)
        // The leaves' bytes lie in index order: a running offset, not a search per leaf.
        var at = 0
        return e.leaves.map { leaf in
            let end = min(e.bytes.count, at + Int(leaf.length))
            let bytes = Array(e.bytes[at..<end])
            at = end
            var line = Line(
                index: leaf.index, offset: leaf.offset, length: leaf.length,
                text: String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .newlines))
            guard let parser, leaf.index > 0,
                let event = try? parser.events(MemoryInput(bytes)).first(where: { $0.kind != .unparsed })
            else { return line }
            line.sender = event.sender?.name
            line.localTime =
                event.localTime?.iso
                ?? (event.localTimeReadings.isEmpty
                    ? nil : event.localTimeReadings.map(\.iso).joined(separator: " or ") + " (date order unknown)")
            line.zone = event.zone.map { z in [z.name, z.basis.rawValue].compactMap { $0 }.joined(separator: ", ") }
            line.time = event.time
            line.kind = event.kind.rawValue
            line.text = event.text ?? line.text
            line.attachments = event.attachments.compactMap(\.name)
            return line
        }
    }
}
