/// Why bytes became an `unparsed` event (docs/TIMELINE.md §6.1).
public enum UnparsedReason: String, CaseIterable, Sendable {
    /// A line before the first message header.
    case noHeader = "no-header"
    /// A header whose date is impossible in the file's date order.
    case invalidDate = "invalid-date"
    /// A header whose time is impossible.
    case invalidTime = "invalid-time"
    /// The bytes are not UTF-8, so no exact text can be given.
    case notUTF8 = "not-utf8"
    /// Beyond the line or event size limit.
    case tooLong = "too-long"
    /// The export's own structure around the messages (a JSON, HTML or XML export's opening,
    /// separators and closing): no event, but part of the file.
    case container
    /// A record of a structured export (a JSON object, an XML element) that is not what the
    /// format says it should be.
    case malformed
}
