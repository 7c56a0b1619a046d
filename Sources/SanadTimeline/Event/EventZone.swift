import SanadModel

/// How the zone of an event's local time was established (docs/TIMELINE.md §3).
public enum ZoneBasis: String, CaseIterable, Sendable {
    /// The source states the offset (Telegram `date_unixtime`, EXIF `OffsetTimeOriginal`).
    case sourceOffset = "source-offset"
    /// The phone's zone, declared by the collector with `sanad add --timezone` (or taken from
    /// the case's defaults at ingest, which the item record says).
    case declaredAtIngest = "declared-at-ingest"
    /// The phone's zone as corrected after ingest with `sanad amend`; the custody log keeps the
    /// original declaration and names who amended it and why.
    case amended
    /// The investigator's default, `sanad timeline --timezone`.
    case givenToTimeline = "given-to-timeline"
    /// The source states the instant (a Unix time) but not the zone of the device, and none was
    /// declared: `time` is exact and `local_time` is shown in UTC, offset `+00:00`.
    case sourceInstant = "source-instant"
    /// No zone: the local time is floating and `time` is null.
    case unknown
}

/// A daylight-saving case in which the conversion had to choose (docs/TIMELINE.md §3).
public enum DSTCase: String, Sendable {
    /// The local time occurs twice; the earlier instant was taken.
    case repeated
    /// The local time never occurred; the offset before the change was applied.
    case skipped
}

/// The `zone` member of an event.
public struct EventZone: Equatable, Sendable {
    public var basis: ZoneBasis
    /// IANA name, for declared zones.
    public var name: String?
    /// Seconds east of UTC that were applied: time = local time − offset.
    public var offsetSeconds: Int?
    public var dst: DSTCase?

    public init(basis: ZoneBasis, name: String? = nil, offsetSeconds: Int? = nil, dst: DSTCase? = nil) {
        self.basis = basis
        self.name = name
        self.offsetSeconds = offsetSeconds
        self.dst = dst
    }

    public static let unknown = EventZone(basis: .unknown)

    /// `+03:00`, `-05:30`, `+00:00`.
    public static func formatOffset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        let h = minutes / 60, m = minutes % 60
        return sign + (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = ["basis": .string(basis.rawValue)]
        if let name { o["name"] = .string(name) }
        if let offsetSeconds { o["offset"] = .string(Self.formatOffset(offsetSeconds)) }
        if let dst { o["dst"] = .string(dst.rawValue) }
        return .object(o)
    }
}
