import SanadModel

/// Which parser read an event and how it read the date: part of how the time was established.
public struct ParserInfo: Equatable, Sendable {
    public var name: String
    public var version: String
    public var dateOrder: DateOrder?
    public var dateOrderBasis: DateOrderBasis?
    public var calendar: CalendarSystem?

    public init(name: String, version: String, dateOrder: DateOrder? = nil, dateOrderBasis: DateOrderBasis? = nil,
                calendar: CalendarSystem? = nil) {
        self.name = name
        self.version = version
        self.dateOrder = dateOrder
        self.dateOrderBasis = dateOrderBasis
        self.calendar = calendar
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = ["name": .string(name), "version": .string(version)]
        if let dateOrder { o["date_order"] = .string(dateOrder.rawValue) }
        if let dateOrderBasis { o["date_order_basis"] = .string(dateOrderBasis.rawValue) }
        if let calendar { o["calendar"] = .string(calendar.rawValue) }
        return .object(o)
    }
}
