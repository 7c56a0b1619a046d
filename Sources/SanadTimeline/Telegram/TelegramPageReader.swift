import SanadModel

/// Groups the tokens of a Telegram Desktop `messages*.html` page into blocks whose byte ranges
/// tile the file, and reads each message block's parts by the classes the exporter gives them
/// (docs/TIMELINE.md §9). HTML is read leniently: an end tag closes the innermost open element
/// of its name, and one with no such element is ignored.
struct TelegramPageReader {
    typealias Emit = (TelegramBlock) throws(SanadError) -> Void

    private var stack: [(name: [UInt8], role: TelegramRole)] = []
    private var pending: TelegramBlock?
    /// Where the open message's element is in `stack`.
    private var messageDepth = -1
    /// The page's title: the chat's name in the header; nil when longer than `maxText`.
    var title: [UInt8]? { titleTooLong ? nil : titleBytes }
    private var titleBytes: [UInt8]?
    /// The title grew past `maxText`: it is dropped whole, not kept up to whichever text piece
    /// first did not fit, which would depend on where the chunks were cut.
    private var titleTooLong = false
    private var inHeader = false

    static let maxDepth = 256
    private static let voidElements: Set<[UInt8]> = Set(
        [
            "br", "img", "meta", "link", "hr", "input", "wbr", "col", "area",
            "base", "embed", "source", "track", "param",
        ].map { Array($0.utf8) })

    mutating func add(_ token: MarkupToken, _ tag: MarkupTag, _ emit: Emit) throws(SanadError) {
        if token.kind == .startTag, tag.nameIs("div"), tag.hasClass("message") {
            try startMessage(token, tag, emit)
            return
        }
        // In place, with no copy of the block: one alive here would make every text append in
        // `inside` copy the whole text so far (quadratic in small pieces; found by sanad-fuzz).
        if pending?.role == .message, pending?.complete == false {
            pending!.length = token.end - pending!.offset
            inside(token, tag)
            return
        }
        switch token.kind {
        case .text:
            if let role = stack.last?.role, role == .headerTitle { append(token.bytes, to: role) }
            if let rest = takeSpace(token) { try start(rest, .container, emit) }
            return
        case .startTag:
            push(tag, role: headerRole(tag))
        case .endTag:
            pop(tag)
        case .incomplete:
            try start(token, .malformed, emit)
            return
        case .comment, .instruction, .declaration:
            break
        }
        try start(token, .container, emit)
    }

    mutating func finish(_ emit: Emit) throws(SanadError) {
        guard var block = pending else { return }
        pending = nil
        if block.role == .message, !block.complete { block.broken = true }
        try emit(block)
    }

    // MARK: blocks

    private mutating func startMessage(_ token: MarkupToken, _ tag: MarkupTag, _ emit: Emit) throws(SanadError) {
        if var open = pending, open.role == .message, !open.complete {
            // A message inside a message: the open one never closed.
            open.broken = true
            open.complete = true
            pending = open
            if messageDepth >= 0, messageDepth < stack.count { stack.removeSubrange(messageDepth...) }
        }
        try finish(emit)
        var block = TelegramBlock(role: .message, offset: token.offset, line: token.line)
        block.length = token.length
        block.isService = tag.hasClass("service")
        block.isJoined = tag.hasClass("joined")
        block.id = tag.raw("id").flatMap { String(validating: Array($0), as: UTF8.self) }
        block.broken = tag.overflow
        pending = block
        messageDepth = stack.count
        push(tag, role: .message)
        if tag.selfClosing || stack.count == messageDepth { closeMessage() }
    }

    private mutating func start(_ token: MarkupToken, _ role: TelegramBlock.Role, _ emit: Emit) throws(SanadError) {
        if var block = pending, block.role == role || (role == .container && block.role == .malformed) {
            block.length = token.end - block.offset
            pending = block
            return
        }
        try finish(emit)
        var block = TelegramBlock(role: role, offset: token.offset, line: token.line)
        block.length = token.length
        pending = block
    }

    /// White space after a finished message joins the message, up to the first byte that is not
    /// white space, wherever the chunks cut the text (the tokenizer gives text in pieces, so
    /// asking whether a whole piece is white space would answer differently for each chunking).
    /// Returns the rest of the piece, or nil when nothing is left.
    private mutating func takeSpace(_ token: MarkupToken) -> MarkupToken? {
        guard var block = pending, block.role == .message else { return token }
        let k = token.bytes.firstIndex { !MarkupTokenizer.isSpace($0) } ?? token.bytes.count
        guard k > 0 else { return token }
        block.length = token.offset + Int64(k) - block.offset
        pending = block
        guard k < token.bytes.count else { return nil }
        let line = token.line + MarkupTokenizer.countLF(UnsafeRawBufferPointer(rebasing: token.bytes[0..<k]))
        return MarkupToken(
            kind: .text, offset: token.offset + Int64(k), length: token.length - Int64(k), line: line,
            bytes: UnsafeRawBufferPointer(rebasing: token.bytes[k...]))
    }

    private mutating func closeMessage() {
        pending?.complete = true
        messageDepth = -1
    }

    // MARK: inside a message

    private mutating func inside(_ token: MarkupToken, _ tag: MarkupTag) {
        switch token.kind {
        case .startTag:
            if tag.nameIs("br") {
                append(Array("&#10;".utf8), to: collectingRole())
                return
            }
            if tag.overflow { pending?.broken = true }
            push(tag, role: messageRole(tag))
        case .endTag:
            pop(tag)
            if messageDepth >= 0, stack.count <= messageDepth { closeMessage() }
        case .text:
            append(token.bytes, to: collectingRole())
        case .incomplete:
            pending?.broken = true
        case .comment, .instruction, .declaration:
            break
        }
    }

    /// The innermost role that reads text, or `.ignore`.
    private func collectingRole() -> TelegramRole {
        for (_, role) in stack.reversed() {
            if role.collects || role == .ignore { return role }
            if role == .message { break }
        }
        return .ignore
    }

    private func within(_ role: TelegramRole) -> Bool {
        stack.suffix(from: max(0, messageDepth)).contains { $0.role == role }
    }

    private mutating func messageRole(_ tag: MarkupTag) -> TelegramRole {
        guard var block = pending else { return .none }
        defer { pending = block }
        if tag.hasClass("userpic_wrap") || tag.hasClass("userpic") || tag.hasClass("signature") { return .ignore }
        if block.isService {
            return tag.hasClass("body") && tag.hasClass("details") ? .serviceText : .none
        }
        if tag.hasClass("date") && tag.hasClass("details") {
            if tag.hasClass("pull_right") { block.dateTitle = tag.raw("title").map(Array.init) }
            return .ignore
        }
        if tag.hasClass("from_name") { return within(.forwardedBody) ? .forwardedName : .fromName }
        if tag.hasClass("forwarded") && tag.hasClass("body") {
            block.forwarded = true
            return .forwardedBody
        }
        if tag.hasClass("reply_to") {
            return .reply
        }
        if tag.nameIs("a"), within(.reply), let href = tag.raw("href") {
            block.replyTo = Self.messageID(in: Array(href))
            return .ignore
        }
        if tag.hasClass("text"), !within(.media) { return .text }
        if within(.poll) {
            return tag.nameIs("div") ? newMediaLine(&block) : .none
        }
        if within(.media) {
            if tag.hasClass("title") { return .mediaTitle }
            if tag.hasClass("description") { return .mediaDescription }
            if tag.hasClass("status") { return .mediaStatus }
            return .none
        }
        for wrap in ["photo_wrap", "video_file_wrap", "animated_wrap", "sticker_wrap"] where Self.hasClass(tag, wrap) {
            addMedia(&block, TelegramHTMLMedia(shape: .wrap, className: wrap, link: Self.href(tag)))
            return .ignore
        }
        if tag.hasClass("media_poll") {
            addMedia(&block, TelegramHTMLMedia(shape: .poll, className: "media_poll"))
            return .poll
        }
        if tag.hasClass("media"), let name = Self.mediaClass(tag) {
            addMedia(&block, TelegramHTMLMedia(shape: .generic, className: name, link: Self.href(tag)))
            return .media
        }
        return .none
    }

    private func newMediaLine(_ block: inout TelegramBlock) -> TelegramRole {
        guard !block.media.isEmpty, block.media[block.media.count - 1].lines.count < TelegramBlock.maxMedia else {
            return .ignore
        }
        block.media[block.media.count - 1].lines.append([])
        return .pollLine
    }

    private func addMedia(_ block: inout TelegramBlock, _ media: TelegramHTMLMedia) {
        guard block.media.count < TelegramBlock.maxMedia else {
            block.broken = true
            return
        }
        block.media.append(media)
    }

    private static func add(_ bytes: some Collection<UInt8>, to buffer: inout [UInt8]?, broken: inout Bool) {
        if (buffer?.count ?? 0) + bytes.count > TelegramBlock.maxText {
            broken = true
            return
        }
        if buffer == nil { buffer = [] }
        buffer!.append(contentsOf: bytes)
    }

    private mutating func append(_ bytes: some Collection<UInt8>, to role: TelegramRole) {
        if role == .headerTitle {
            guard !titleTooLong else { return }
            if (titleBytes?.count ?? 0) + bytes.count <= TelegramBlock.maxText {
                if titleBytes == nil { titleBytes = [] }
                titleBytes?.append(contentsOf: bytes)
            } else {
                titleTooLong = true
            }
            return
        }
        guard var block = pending, block.role == .message else { return }
        pending = nil  // one owner, so that appending does not copy the text so far
        defer { pending = block }
        // No nested function here: one that captured `block` would box it, and each append
        // through it would then copy the whole text (quadratic on a long message in small chunks).
        switch role {
        case .fromName: Self.add(bytes, to: &block.fromName, broken: &block.broken)
        case .forwardedName: Self.add(bytes, to: &block.forwardedName, broken: &block.broken)
        case .text: Self.add(bytes, to: &block.text, broken: &block.broken)
        case .serviceText: Self.add(bytes, to: &block.serviceText, broken: &block.broken)
        case .mediaTitle, .mediaDescription, .mediaStatus, .pollLine:
            guard !block.media.isEmpty else { return }
            let k = block.media.count - 1
            if block.media[k].title.count + block.media[k].description.count + block.media[k].status.count + bytes.count
                > TelegramBlock.maxText
            {
                block.broken = true
                return
            }
            switch role {
            case .mediaTitle: block.media[k].title += bytes
            case .mediaDescription: block.media[k].description += bytes
            case .mediaStatus: block.media[k].status += bytes
            default:
                if !block.media[k].lines.isEmpty { block.media[k].lines[block.media[k].lines.count - 1] += bytes }
            }
        default:
            return
        }
    }

    // MARK: the element stack

    private mutating func headerRole(_ tag: MarkupTag) -> TelegramRole {
        if tag.hasClass("page_header") { return .none }
        if tag.nameIs("title") || tag.nameIs("script") || tag.nameIs("style") { return .ignore }
        if tag.hasClass("text"), tag.hasClass("bold"), titleBytes == nil, !titleTooLong { return .headerTitle }
        return .none
    }

    private mutating func push(_ tag: MarkupTag, role: TelegramRole) {
        guard !tag.selfClosing, !Self.voidElements.contains(tag.name) else { return }
        guard stack.count < Self.maxDepth else {
            pending?.broken = true
            return
        }
        stack.append((tag.name, role))
    }

    private mutating func pop(_ tag: MarkupTag) {
        guard let k = stack.lastIndex(where: { $0.name == tag.name }) else { return }
        if messageDepth >= 0, k < messageDepth {
            // The end tag closes an element around the message: the message is cut short.
            pending?.broken = true
        }
        stack.removeSubrange(k...)
    }

    // MARK: attribute helpers

    private static func hasClass(_ tag: MarkupTag, _ word: String) -> Bool {
        guard let value = tag.raw("class") else { return false }
        return value.split(separator: 0x20).contains { $0.elementsEqual(word.utf8) }
    }

    private static func href(_ tag: MarkupTag) -> String? {
        guard tag.nameIs("a"), let raw = tag.raw("href"), !raw.isEmpty else { return nil }
        return MarkupText.string(raw)
    }

    /// `media_file` from `media clearfix pull_left block_link media_file`.
    private static func mediaClass(_ tag: MarkupTag) -> String? {
        guard let value = tag.raw("class") else { return nil }
        for word in value.split(separator: 0x20) where word.starts(with: "media_".utf8) {
            return String(decoding: word, as: UTF8.self)
        }
        return nil
    }

    /// `123` from `#go_to_message123` or `messages2.html#go_to_message123`.
    static func messageID(in href: [UInt8]) -> String? {
        let marker = Array("go_to_message".utf8)
        guard href.count > marker.count else { return nil }
        for i in 0...(href.count - marker.count) where href[i..<(i + marker.count)].elementsEqual(marker) {
            let digits = href[(i + marker.count)...].prefix { (0x30...0x39).contains($0) }
            return digits.isEmpty || digits.count > 19 ? nil : String(decoding: digits, as: UTF8.self)
        }
        return nil
    }
}
