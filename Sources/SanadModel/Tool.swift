/// The tool's own identity, recorded in everything it derives.
public enum Tool {
    public static let name = "sanad"
    public static let version = "0.1.0"
    public static var json: [String: JSONValue] { ["name": .string(name), "version": .string(version)] }
}
