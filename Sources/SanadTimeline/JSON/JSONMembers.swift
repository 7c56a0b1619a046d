import SanadModel

/// The members of a record read by `JSONElementParser`, in file order.
///
/// A message has a dozen members read; finding one by comparing names is cheaper than
/// hashing every name into a dictionary, twice per message in a 200,000-message export.
struct JSONMembers {
    private(set) var names: [String] = []
    private(set) var values: [JSONValue] = []

    init() {
        names.reserveCapacity(16)
        values.reserveCapacity(16)
    }

    subscript(name: String) -> JSONValue? {
        for k in names.indices where names[k] == name { return values[k] }
        return nil
    }

    /// False when `name` is already there: a repeated member makes the record ambiguous.
    mutating func add(_ name: String, _ value: JSONValue) -> Bool {
        guard self[name] == nil else { return false }
        names.append(name)
        values.append(value)
        return true
    }
}
