/// Where one attribute of a tag is in `MarkupTag.storage`.
struct MarkupAttribute {
    var name: Range<Int>
    /// The value as written (entities not decoded), or its first `MarkupTokenizer.maxValue`
    /// bytes when `truncated`.
    var value: Range<Int>
    /// Bytes of the value in the file: an MMS part's base64 `data` can be megabytes, and
    /// only its size is kept.
    var fileLength: Int64
    var truncated: Bool
}
