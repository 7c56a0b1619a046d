import SanadModel

/// Which parser read an event and how it read the date: part of how the time was established.
public struct ParserInfo: Equatable, Sendable {
    public var name: String
    public var version: String
    public var dateOrder: DateOrder?
    public var dateOrderBasis: DateOrderBasis?
    public var calendar: CalendarSystem?
    /// Where the time was read from, for parsers with more than one place to look; absent when
    /// the format has only one.
    public var timeFrom: TimeSource?
    /// The time is weak evidence (a file's modification time, which copying can change): written
    /// only when true.
    public var weak: Bool
    /// The date order declared for the item when the file's own dates disproved it: the date
    /// was read in `dateOrder`, which the file proves (docs/TIMELINE.md §5.1).
    public var declaredDateOrder: DateOrder?

    public init(
        name: String, version: String, dateOrder: DateOrder? = nil, dateOrderBasis: DateOrderBasis? = nil,
        calendar: CalendarSystem? = nil, timeFrom: TimeSource? = nil, weak: Bool = false,
        declaredDateOrder: DateOrder? = nil
    ) {
        self.declaredDateOrder = declaredDateOrder
        self.name = name
        self.version = version
        self.dateOrder = dateOrder
        self.dateOrderBasis = dateOrderBasis
        self.calendar = calendar
        self.timeFrom = timeFrom
        self.weak = weak
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = ["name": .string(name), "version": .string(version)]
        if let dateOrder { o["date_order"] = .string(dateOrder.rawValue) }
        if let dateOrderBasis { o["date_order_basis"] = .string(dateOrderBasis.rawValue) }
        if let calendar { o["calendar"] = .string(calendar.rawValue) }
        if let timeFrom { o["time_from"] = .string(timeFrom.rawValue) }
        if weak { o["weak"] = .bool(true) }
        if let declaredDateOrder { o["date_order_declared"] = .string(declaredDateOrder.rawValue) }
        return .object(o)
    }
}
