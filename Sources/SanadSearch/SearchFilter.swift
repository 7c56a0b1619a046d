import SanadModel
import SanadTimeline

/// What narrows a search besides its words. Empty sets mean "any".
public struct SearchFilter: Equatable, Sendable {
    public var platforms: Set<Platform>
    public var kinds: Set<EventKind>
    /// Exhibit numbers (`E0003`) of the files the events were read from.
    public var exhibits: Set<String>
    /// Inclusive lower bound on `time`, RFC 3339 UTC as events write it. An event without a
    /// `time` (no zone known) never passes a time bound: it cannot be placed on either side.
    public private(set) var since: String?
    /// Exclusive upper bound on `time`.
    public private(set) var until: String?

    public init(platforms: Set<Platform> = [], kinds: Set<EventKind> = [], exhibits: Set<String> = []) {
        self.platforms = platforms
        self.kinds = kinds
        self.exhibits = exhibits
    }

    /// Sets the time bounds from RFC 3339 times with `Z` or an offset; they are compared as
    /// UTC instants. A time without a zone is refused (`invalid-time`): it is not an instant.
    public mutating func setTimeRange(since: String?, until: String?) throws(SanadError) {
        self.since = try since.map { (t: String) throws(SanadError) in try Self.utc(t) }
        self.until = try until.map { (t: String) throws(SanadError) in try Self.utc(t) }
    }

    private static func utc(_ text: String) throws(SanadError) -> String {
        guard let parts = RFC3339.parse(text), let offset = parts.offsetSeconds else {
            throw SanadError(
                .invalidTime, "'\(text)' is not an RFC 3339 time with a zone",
                hint: "Write it as 2022-03-18T11:56:00Z or 2022-03-18T14:56:00+03:00.")
        }
        return Timestamp.utc(epochMilliseconds: (parts.localEpochSeconds - Int64(offset)) * 1000 + parts.milliseconds)
    }

    /// The SQL conditions after the MATCH, and the values for their `?`s in order.
    var sql: (clause: String, values: [String]) {
        var clause = ""
        var values: [String] = []
        func any(_ column: String, _ set: [String]) {
            guard !set.isEmpty else { return }
            clause += " AND \(column) IN (" + Array(repeating: "?", count: set.count).joined(separator: ",") + ")"
            values += set
        }
        any("platform", platforms.map(\.rawValue).sorted())
        any("kind", kinds.map(\.rawValue).sorted())
        any("exhibit", exhibits.sorted())
        if let since {
            clause += " AND time >= ?"
            values.append(since)
        }
        if let until {
            clause += " AND time < ?"
            values.append(until)
        }
        return (clause, values)
    }
}
