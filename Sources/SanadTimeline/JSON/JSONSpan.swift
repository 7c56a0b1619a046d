/// Bytes of a JSON export that are no record: the document's own structure between records,
/// or the rest of a document that stopped being JSON.
public struct JSONSpan: Sendable {
    public enum Kind: Sendable, Equatable {
        /// Structure around the records: the opening, the closing, and what lies between two
        /// record arrays (the end of one chat and the start of the next).
        case container
        /// From the start of the record or structure in which the syntax broke (or the file
        /// ended too early) to the end of the file.
        case malformed(String)
    }

    public var offset: Int64
    public var length: Int64
    public var line: Int
    public var kind: Kind
}
