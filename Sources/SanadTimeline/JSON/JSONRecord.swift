/// One element of a record array (a message), as the streaming reader hands it out.
///
/// `offset`/`length` is the element's byte range in the file *with* the separator that follows
/// it (`,` and the white space up to the next element), so that consecutive records tile the
/// array; `value` is the element's own bytes, without that separator, for a JSON parser.
public struct JSONRecord: Sendable {
    public var offset: Int64
    public var length: Int64
    /// 1-based line of the element's first byte.
    public var line: Int
    /// The path of the array the element is in (`messages`, `chats.list[2].messages`).
    public var arrayPath: JSONPath
    /// The element's position in its array, from 0.
    public var index: Int
    /// The element's bytes; empty when `tooLong`.
    public var value: [UInt8]
    /// The element was larger than the reader's limit: its bytes were not kept.
    public var tooLong: Bool
}
