/// The bytes of one event of a Telegram HTML page while they are collected: a message block
/// (`<div class="message …">` to its end tag and the white space after it), or the page's own
/// structure around the messages.
struct TelegramBlock {
    enum Role: Equatable { case container, message, malformed }

    var role: Role
    var offset: Int64
    var line: Int
    var length: Int64 = 0
    /// The message's end tag was read.
    var complete = false
    var isService = false
    var isJoined = false
    /// The `id` attribute: `message123`, or `message-1` for the exporter's date headings.
    var id: String?
    /// The `title` of `pull_right date details`, raw.
    var dateTitle: [UInt8]?
    var fromName: [UInt8]?
    var forwarded = false
    var forwardedName: [UInt8]?
    var replyTo: String?
    var text: [UInt8]?
    var serviceText: [UInt8]?
    var media: [TelegramHTMLMedia] = []
    /// A limit was reached or the markup broke inside the block.
    var broken = false

    static let maxText = 1 << 20
    static let maxMedia = 64

    init(role: Role, offset: Int64, line: Int) {
        self.role = role
        self.offset = offset
        self.line = line
    }
}

/// One media block of a message.
struct TelegramHTMLMedia {
    enum Shape: Equatable {
        /// `photo_wrap`, `video_file_wrap`, `animated_wrap`, `sticker_wrap`: the file is in the export.
        case wrap
        /// `media … media_X`: a title, a description and a status, maybe a link.
        case generic
        case poll
    }

    var shape: Shape
    /// `photo_wrap`, `media_file`, `media_voice_message`…
    var className: String
    var link: String?
    var title: [UInt8] = []
    var description: [UInt8] = []
    var status: [UInt8] = []
    var lines: [[UInt8]] = []
}
