import SanadModel

/// Who sent an event, as the export writes it.
public struct EventSender: Equatable, Sendable {
    /// As written, format marks removed.
    public var name: String
    /// `+` and digits, when the name is a phone number (an unsaved contact).
    public var phone: String?
    /// The platform's user id, when it gives one.
    public var id: String?

    public init(name: String, phone: String? = nil, id: String? = nil) {
        self.name = name
        self.phone = phone
        self.id = id
    }

    /// A sender whose phone number is read from the name when the name is one.
    public init(writtenName name: String) {
        self.init(name: name, phone: Self.phoneNumber(in: name))
    }

    /// `+964 770 123 4567` and `+1 (555) 010-0123` are phone numbers: a `+`, then only digits,
    /// spaces, hyphens and parentheses, 6 to 15 digits (E.164). Anything else is a name.
    public static func phoneNumber(in name: String) -> String? {
        var scalars = name.unicodeScalars.makeIterator()
        guard scalars.next() == "+" else { return nil }
        var digits = "+"
        while let s = scalars.next() {
            switch s {
            case "0"..."9": digits.unicodeScalars.append(s)
            case " ", "-", "(", ")", "\u{00A0}": continue
            default: return nil
            }
        }
        return (7...16).contains(digits.count) ? digits : nil
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = ["name": .string(name)]
        if let phone { o["phone"] = .string(phone) }
        if let id { o["id"] = .string(id) }
        return .object(o)
    }
}
