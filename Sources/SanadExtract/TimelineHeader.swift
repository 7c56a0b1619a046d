import SanadModel

/// What a rendered timeline says about itself before its events: where it was read from, with
/// which filters and zone, and what happened to each item.
public struct TimelineHeader: Sendable {
    public var source: SourceDescription
    public var generatedAt: String
    public var filter: TimelineFilter
    public var defaultZone: String?
    public var items: [TimelineBuilder.ItemOutcome]
    public var eventCount: Int

    public init(
        source: SourceDescription, generatedAt: String, filter: TimelineFilter, defaultZone: String?,
        items: [TimelineBuilder.ItemOutcome], eventCount: Int
    ) {
        self.source = source
        self.generatedAt = generatedAt
        self.filter = filter
        self.defaultZone = defaultZone
        self.items = items
        self.eventCount = eventCount
    }

    public var floating: Int { items.reduce(0) { $0 + $1.floating } }

    /// The `--timezone` given, and the sentence every format prints about floating times.
    public var zoneNote: String? {
        let floating = floating
        guard floating > 0 else { return nil }
        return
            "\(floating) event(s) have a local time with no known zone (floating): they are not instants, have no "
            + "UTC time, and are listed after all timed events, exhibit by exhibit. Give --timezone (or record "
            + "the phone's zone at ingest) to place them."
    }
}
