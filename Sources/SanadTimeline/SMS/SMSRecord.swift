/// The bytes of one event of an SMS Backup & Restore file while they are collected
/// (docs/TIMELINE.md §8): a message or call element with what it holds, or the file's own
/// structure around them.
struct SMSRecord {
    enum Role: Equatable {
        /// The prolog, the root's tags, comments: `unparsed` with reason `container`.
        case container
        /// An `<sms>`, `<mms>` or `<call>` element.
        case element(SMSElement)
        /// Bytes that should be a record but are not one (an unknown element, text, a tag
        /// cut by the end of the file).
        case malformed
    }

    var role: Role
    var offset: Int64
    var line: Int
    var length: Int64 = 0
    /// The element's start tag.
    var root = MarkupTag()
    /// The element's end tag was read (or it closed itself).
    var complete = false
    /// Tags open inside the element.
    var depth = 0
    /// Something inside broke the format: an end tag for another element, too deep, a limit.
    var broken = false
    var parts: [MMSPart] = []
    /// `<addr>` elements of an MMS: address as written, `type` (137 from, 151 to, 130 cc).
    var addresses: [(address: String?, type: String?)] = []

    static let maxChildren = 256
    static let maxDepth = 16

    init(role: Role, offset: Int64, line: Int) {
        self.role = role
        self.offset = offset
        self.line = line
    }
}

enum SMSElement: Equatable {
    case sms, mms, call
}

/// One `<part>` of an MMS.
struct MMSPart {
    /// `ct`, lowercased, parameters removed (`image/jpeg`).
    var contentType: String?
    /// `cl`, else `name`, else `fn`: the file name the phone gave the part.
    var fileName: String?
    /// `text`, decoded; nil when missing or not UTF-8 (then `textInvalid`).
    var text: String?
    var textInvalid = false
    var textTruncated = false
    /// The part carries its bytes in `data` (base64).
    var hasData: Bool
}
