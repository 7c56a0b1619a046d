import Foundation
import SanadModel

/// Writes events in RFC 8785 canonical form straight into a byte buffer, with the same bytes as
/// `CanonicalJSON.encode(event.json)` but without building a `JSONValue` tree and sorting its
/// keys for every event: a large export has a million events.
///
/// The member names below are written in canonical (UTF-16 code unit) order by hand; a test
/// checks the output against `CanonicalJSON` on every fixture and on fuzzed events. The
/// conversation, parser and zone members and the source's exhibit and digest rarely change
/// within a file, so their bytes are cached.
public struct EventJSONWriter {
    private var lastConversation: Conversation?
    private var conversationBytes: [UInt8] = []
    private var lastParser: ParserInfo?
    private var parserBytes: [UInt8] = []
    private var lastZone: EventZone?
    private var zoneBytes: [UInt8] = []
    private var lastExhibit: String??
    private var exhibitBytes: [UInt8] = []
    private var lastSHA256: String?
    private var sha256Bytes: [UInt8] = []

    public init() {}

    /// `,"local_time_readings":[…]`, for an event whose date order is undecided.
    private static func readings(_ readings: [LocalDateTime], into out: inout [UInt8]) {
        out.append(contentsOf: Array(",\"local_time_readings\":[".utf8))
        for (n, r) in readings.enumerated() {
            if n > 0 { out.append(0x2C) }
            CanonicalJSON.writeString(r.iso, into: &out)
        }
        out.append(0x5D)
    }

    /// Appends the event and, when `newline`, an LF. `number`, when given, is written as
    /// `source.event` in place of the event's own: a timeline numbers the events it is handed
    /// without copying each to set it.
    public mutating func write(_ e: TimelineEvent, number: Int? = nil, into out: inout [UInt8], newline: Bool = true) {
        if lastConversation != e.conversation {
            conversationBytes = CanonicalJSON.encode(e.conversation.json)
            lastConversation = e.conversation
        }
        if lastParser != e.parser {
            parserBytes = CanonicalJSON.encode(e.parser.json)
            lastParser = e.parser
        }
        raw(out: &out, "{\"attachments\":[")
        for (n, a) in e.attachments.enumerated() {
            if n > 0 { out.append(0x2C) }
            Self.attachment(a, into: &out)
        }
        raw(out: &out, "],\"conversation\":")
        out.append(contentsOf: conversationBytes)
        raw(out: &out, ",\"forwarded_from\":")
        Self.optional(e.forwardedFrom, into: &out)
        raw(out: &out, ",\"kind\":")
        CanonicalJSON.writeString(e.kind.rawValue, into: &out)
        raw(out: &out, ",\"local_time\":")
        Self.optional(e.localTime?.iso, into: &out)
        if !e.localTimeReadings.isEmpty { Self.readings(e.localTimeReadings, into: &out) }
        raw(out: &out, ",\"parser\":")
        out.append(contentsOf: parserBytes)
        raw(out: &out, ",\"platform\":")
        CanonicalJSON.writeString(e.platform.rawValue, into: &out)
        if let reason = e.reason {
            raw(out: &out, ",\"reason\":")
            CanonicalJSON.writeString(reason.rawValue, into: &out)
        }
        raw(out: &out, ",\"reply_to\":")
        Self.optional(e.replyTo, into: &out)
        raw(out: &out, ",\"sender\":")
        sender(e.sender, into: &out)
        if let placeholder = e.sensitive {
            raw(out: &out, ",\"sensitive\":")
            out.append(contentsOf: CanonicalJSON.encode(placeholder.json))
        }
        source(e, number: number ?? e.source.event, into: &out)
        raw(out: &out, ",\"text\":")
        Self.optional(e.text, into: &out)
        raw(out: &out, ",\"time\":")
        Self.optional(e.time, into: &out)
        raw(out: &out, ",\"v\":")
        Self.integer(Int64(TimelineEvent.formatVersion), into: &out)
        raw(out: &out, ",\"zone\":")
        if let z = e.zone {
            if lastZone != z {
                zoneBytes.removeAll(keepingCapacity: true)
                Self.zone(z, into: &zoneBytes)
                lastZone = z
            }
            out.append(contentsOf: zoneBytes)
        } else {
            raw(out: &out, "null")
        }
        out.append(0x7D)
        if newline { out.append(0x0A) }
    }

    private func sender(_ sender: EventSender?, into out: inout [UInt8]) {
        guard let s = sender else { return raw(out: &out, "null") }
        var first = true
        out.append(0x7B)
        if let id = s.id { Self.member("id", id, first: &first, into: &out) }
        Self.member("name", s.name, first: &first, into: &out)
        if let phone = s.phone { Self.member("phone", phone, first: &first, into: &out) }
        out.append(0x7D)
    }

    /// `,"source":{…}`, with the exhibit and digest encoded once per run of events that share them.
    private mutating func source(_ e: TimelineEvent, number: Int?, into out: inout [UInt8]) {
        raw(out: &out, ",\"source\":{")
        if let n = number {
            raw(out: &out, "\"event\":")
            Self.integer(Int64(n), into: &out)
            out.append(0x2C)
        }
        raw(out: &out, "\"exhibit\":")
        if lastExhibit != .some(e.source.exhibit) {
            exhibitBytes.removeAll(keepingCapacity: true)
            Self.optional(e.source.exhibit, into: &exhibitBytes)
            lastExhibit = .some(e.source.exhibit)
        }
        out.append(contentsOf: exhibitBytes)
        raw(out: &out, ",\"length\":")
        Self.integer(e.source.length, into: &out)
        raw(out: &out, ",\"line\":")
        Self.integer(Int64(e.source.line), into: &out)
        raw(out: &out, ",\"offset\":")
        Self.integer(e.source.offset, into: &out)
        raw(out: &out, ",\"sha256\":")
        if lastSHA256 != e.source.sha256 {
            sha256Bytes.removeAll(keepingCapacity: true)
            CanonicalJSON.writeString(e.source.sha256, into: &sha256Bytes)
            lastSHA256 = e.source.sha256
        }
        out.append(contentsOf: sha256Bytes)
        out.append(0x7D)
    }

    /// Copies `line`, an event this writer wrote without `source.event`, into `out` with the
    /// member `"event":number` added, as `write` would have written it (`event` is the first
    /// member of `source`). Searches for `"source":{`, which no string can hold: a string's
    /// quotes are escaped. False, and nothing copied, when the line has none.
    public static func insert(event number: Int, into line: UnsafeRawBufferPointer, _ out: inout [UInt8]) -> Bool {
        guard let base = line.baseAddress else { return false }
        let marker: StaticString = "\"source\":{"
        let m = marker.utf8CodeUnitCount
        var at = m - 1
        // The line's few `{` before `source`'s are found with memchr; each is checked for the marker.
        while at < line.count, let hit = memchr(base + at, 0x7B, line.count - at) {
            at = base.distance(to: UnsafeRawPointer(hit)) + 1
            guard memcmp(base + at - m, marker.utf8Start, m) == 0 else { continue }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[0..<at]))
            ("\"event\":" as StaticString).withUTF8Buffer { out.append(contentsOf: $0) }
            integer(Int64(number), into: &out)
            out.append(0x2C)
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[at...]))
            return true
        }
        return false
    }

    private func raw(out: inout [UInt8], _ s: StaticString) {
        s.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    private static func zone(_ z: EventZone, into out: inout [UInt8]) {
        var first = true
        out.append(0x7B)
        member("basis", z.basis.rawValue, first: &first, into: &out)
        if let dst = z.dst { member("dst", dst.rawValue, first: &first, into: &out) }
        if let name = z.name { member("name", name, first: &first, into: &out) }
        if let offset = z.offsetSeconds { member("offset", EventZone.formatOffset(offset), first: &first, into: &out) }
        out.append(0x7D)
    }

    private static func attachment(_ a: EventAttachment, into out: inout [UInt8]) {
        var first = true
        out.append(0x7B)
        if let exhibit = a.exhibit { member("exhibit", exhibit, first: &first, into: &out) }
        if let media = a.media { member("media", media.rawValue, first: &first, into: &out) }
        if !first { out.append(0x2C) }
        first = false
        out.append(contentsOf: "\"name\":".utf8)
        optional(a.name, into: &out)
        member("status", a.status.rawValue, first: &first, into: &out)
        out.append(0x7D)
    }

    private static func member(_ key: String, _ value: String, first: inout Bool, into out: inout [UInt8]) {
        if !first { out.append(0x2C) }
        first = false
        CanonicalJSON.writeString(key, into: &out)
        out.append(0x3A)
        CanonicalJSON.writeString(value, into: &out)
    }

    private static func optional(_ s: String?, into out: inout [UInt8]) {
        if let s {
            CanonicalJSON.writeString(s, into: &out)
        } else {
            ("null" as StaticString).withUTF8Buffer { out.append(contentsOf: $0) }
        }
    }

    /// Decimal digits written in place (no `String` per number: an event has up to five).
    private static func integer(_ v: Int64, into out: inout [UInt8]) {
        if v >= 0, v < 10 {
            out.append(0x30 + UInt8(v))
            return
        }
        var magnitude = v.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: enough for 20 digits
        let count = withUnsafeMutableBytes(of: &digits) { buf -> Int in
            var i = buf.count
            repeat {
                i -= 1
                buf[i] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            return buf.count - i
        }
        if v < 0 { out.append(0x2D) }
        withUnsafeBytes(of: &digits) { out.append(contentsOf: $0.suffix(count)) }
    }
}
