import SanadModel

/// Turns what a source says about time into an event's `time`, `local_time` and `zone`
/// (docs/TIMELINE.md §3), the same way for every parser.
public struct EventClock: Sendable {
    public struct Reading: Equatable, Sendable {
        public var time: String?
        public var localTime: LocalDateTime
        public var zone: EventZone
    }

    private var resolver: ZoneResolver?

    /// `declared` is the zone from the context (ingest or timeline), if any.
    public init(declared: DeclaredZone?) {
        resolver = declared.map(ZoneResolver.init)
    }

    /// A wall-clock time with no zone in the source: placed in the declared zone, or floating
    /// (`time` nil, basis `unknown`) when there is none.
    public mutating func local(_ local: LocalDateTime) -> Reading {
        guard var r = resolver else { return Reading(time: nil, localTime: local, zone: .unknown) }
        let resolved = r.resolve(local)
        resolver = r
        return Reading(
            time: UTCTime.string(epochMilliseconds: resolved.epochMilliseconds), localTime: local, zone: resolved.zone)
    }

    /// A wall-clock time whose UTC offset the source states (`+03:00` in an ISO time, EXIF
    /// `OffsetTimeOriginal`, Telegram's `date` beside `date_unixtime`).
    public func local(_ local: LocalDateTime, statedOffsetSeconds offset: Int, milliseconds: Int = 0) -> Reading {
        let ms = (local.secondsAsIfUTC - Int64(offset)) * 1000 + Int64(milliseconds)
        return Reading(
            time: UTCTime.string(epochMilliseconds: ms), localTime: local,
            zone: EventZone(basis: .sourceOffset, offsetSeconds: offset))
    }

    /// An instant the source states with no zone (SMS Backup & Restore `date`, Unix times): the
    /// local time is shown in the declared zone, or in UTC with basis `source-instant`.
    /// `withSeconds` false drops the seconds the source does not show. Nil outside the years
    /// 1–9999 (a hostile or corrupt number).
    public func instant(epochMilliseconds ms: Int64, withSeconds: Bool = true) -> Reading? {
        let limit: Int64 = 253_402_300_800_000 - 86_400_000 * 2
        guard ms > -limit, ms < limit else { return nil }  // not abs(): abs(Int64.min) traps
        let time = UTCTime.string(epochMilliseconds: ms)
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        if let zone = resolver?.zone {
            let offset = zone.offset(atInstant: seconds)
            guard let local = Self.wallClock(seconds + Int64(offset), withSeconds: withSeconds) else { return nil }
            return Reading(
                time: time, localTime: local,
                zone: EventZone(basis: zone.basis, name: zone.name, offsetSeconds: offset))
        }
        guard let local = Self.wallClock(seconds, withSeconds: withSeconds) else { return nil }
        return Reading(
            time: time, localTime: local,
            zone: EventZone(basis: .sourceInstant, offsetSeconds: 0))
    }

    /// The wall clock of `seconds` since 1970 read as UTC; nil outside the years 1–9999.
    public static func wallClock(_ seconds: Int64, withSeconds: Bool = true) -> LocalDateTime? {
        guard seconds > -62_135_596_800, seconds < 253_402_300_800 else { return nil }
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let sod = Int(seconds - days * 86_400)
        let (y, m, d) = CivilDate.fromDays(Int(days))
        return LocalDateTime(
            year: y, month: m, day: d, hour: sod / 3600, minute: sod / 60 % 60,
            second: withSeconds ? sod % 60 : nil)
    }
}
