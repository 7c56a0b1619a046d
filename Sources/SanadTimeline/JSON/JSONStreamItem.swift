import SanadModel

/// What the streaming reader reports, in file order.
public enum JSONStreamItem: Sendable {
    /// A string, number, boolean or null outside any record, with where it is: the chat's
    /// `name` before its messages, a thread's `title` after them. Reported as it is met, before
    /// the span that contains it.
    case scalar(JSONPath, JSONValue)
    /// An element of a record array.
    case record(JSONRecord)
    /// Bytes that are no record. Spans and records together tile the file.
    case span(JSONSpan)
}
