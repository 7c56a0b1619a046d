/// One piece of a markup stream (docs/TIMELINE.md §8), with the exact bytes it covers.
///
/// Tags, comments, declarations and processing instructions are whole tokens; character
/// data comes as `text` pieces that a chunk boundary may cut, so that no text is ever held by
/// the tokenizer. Offsets are in the input, so a parser can tile the file from them.
struct MarkupToken {
    enum Kind: Equatable {
        case startTag, endTag, text, comment, instruction, declaration
        /// The input ended inside a tag, comment or declaration: a truncated file.
        case incomplete
    }

    var kind: Kind
    /// Offset of the first byte.
    var offset: Int64
    var length: Int64
    /// 1-based line of the first byte.
    var line: Int
    /// For `text` pieces, the raw bytes (entities not decoded); valid only during the
    /// callback. Empty for the other kinds.
    var bytes: UnsafeRawBufferPointer

    var end: Int64 { offset + length }
}
