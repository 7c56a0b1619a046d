/// Why a file is not a container in the exact form Sanad writes (docs/FORMAT.md §8, "Container
/// profile"). The rule is the stable identity tests assert on; the detail says where and what.
public struct ContainerViolation: Error, Sendable, CustomStringConvertible {
    public enum Rule: String, Sendable, CaseIterable {
        /// Neither a zip nor a tar by its first bytes (compressed, another format, or junk in front).
        case format
        /// The file ends before the container does.
        case truncated
        /// Bytes follow the container's end (a second archive, a comment, padding).
        case trailingData = "trailing-data"
        case zipLocalHeader = "zip-local-header"
        case zipDataDescriptor = "zip-data-descriptor"
        case zipCRC = "zip-crc"
        case zipCentralDirectory = "zip-central-directory"
        case zipEndRecord = "zip-end-record"
        case tarHeader = "tar-header"
        case tarExtendedHeader = "tar-extended-header"
        case tarPadding = "tar-padding"
        case tarEnd = "tar-end"
        /// An entry name that is not UTF-8, too long, or a folder.
        case entryName = "entry-name"
        /// More entries than any case holds.
        case limits
    }

    public let rule: Rule
    /// Where in the file the problem starts.
    public let offset: Int64
    public let detail: String

    public init(_ rule: Rule, at offset: Int64, _ detail: String) {
        self.rule = rule
        self.offset = offset
        self.detail = detail
    }

    public var description: String { "\(detail) (at byte \(offset); rule \(rule.rawValue))" }
}
