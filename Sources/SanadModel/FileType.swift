/// What a file is, detected from its content.
public struct FileType: Equatable, Sendable {
    public let mime: String
    public let label: String
    /// Extension of the neutral payload name, e.g. `jpg` in `original.jpg`.
    public let fileExtension: String

    public init(mime: String, label: String, fileExtension: String) {
        self.mime = mime
        self.label = label
        self.fileExtension = fileExtension
    }

    public var json: JSONValue {
        ["mime": .string(mime), "label": .string(label), "detected_from": "content"]
    }

    public static let unknown = FileType(
        mime: "application/octet-stream", label: "unrecognised binary data", fileExtension: "bin")
    public static let empty = FileType(mime: "application/x-empty", label: "empty file", fileExtension: "bin")
}
