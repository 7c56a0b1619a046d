import SanadModel

/// Groups the tokens of an SMS Backup & Restore file into records whose byte ranges tile the
/// file (docs/TIMELINE.md §8.2).
///
/// A record is one `<sms/>`, `<mms>…</mms>` or `<call/>` element with the white space after
/// it, up to the next element; the prolog with the root's start tag, comments, and the root's
/// end tag are container records. Anything else at the top level is a malformed record that
/// runs until the next element this reader knows. One record is held at a time, and an MMS
/// keeps only the size of its base64 data, so memory stays bounded.
struct SMSRecordAssembler {
    typealias Emit = (SMSRecord) throws(SanadError) -> Void

    private var pending: SMSRecord?
    /// `smses` or `calls`, once its start tag was read.
    private var rootName: [UInt8]?
    private var rootClosed = false

    mutating func add(_ token: MarkupToken, _ tag: MarkupTag, _ emit: Emit) throws(SanadError) {
        if var record = pending, record.role != .container, record.role != .malformed, !record.complete {
            record.length = token.end - record.offset
            let closesRoot = token.kind == .endTag && rootName.map { tag.name == $0 } == true
            if closesRoot {
                // The root closes around an element left open: the element is broken.
                record.length = token.offset - record.offset
                record.broken = true
                record.complete = true
                pending = record
            } else {
                pending = nil  // one owner, so that adding to the record does not copy it
                Self.inside(&record, token, tag)
                pending = record
                return
            }
        }
        switch token.kind {
        case .text:
            try text(token, emit)
        case .comment, .instruction, .declaration:
            try start(token, .container, keepContainer: true, emit)
        case .startTag:
            try startTag(token, tag, emit)
        case .endTag:
            if let root = rootName, !rootClosed, tag.name == root {
                rootClosed = true
                try start(token, .container, keepContainer: false, emit)
            } else {
                try start(token, .malformed, keepContainer: false, emit)
            }
        case .incomplete:
            try start(token, .malformed, keepContainer: false, emit)
        }
    }

    mutating func finish(_ emit: Emit) throws(SanadError) {
        guard var record = pending else { return }
        pending = nil
        if case .element = record.role, !record.complete { record.broken = true }
        try emit(record)
    }

    private mutating func startTag(_ token: MarkupToken, _ tag: MarkupTag, _ emit: Emit) throws(SanadError) {
        if rootName == nil, tag.nameIs("smses") || tag.nameIs("calls") {
            rootName = tag.name
            rootClosed = tag.selfClosing
            try start(token, .container, keepContainer: true, emit)
            return
        }
        guard let root = rootName, !rootClosed, let element = Self.element(tag, inRoot: root) else {
            try start(token, .malformed, keepContainer: false, emit)
            return
        }
        try finish(emit)
        var record = SMSRecord(role: .element(element), offset: token.offset, line: token.line)
        record.length = token.length
        record.root = tag
        record.complete = tag.selfClosing
        record.broken = tag.overflow
        pending = record
    }

    private static func element(_ tag: MarkupTag, inRoot root: [UInt8]) -> SMSElement? {
        if root.elementsEqual("calls".utf8) { return tag.nameIs("call") ? .call : nil }
        if tag.nameIs("sms") { return .sms }
        if tag.nameIs("mms") { return .mms }
        return nil
    }

    /// A token that starts a record of `role`, unless the pending record is of that role and
    /// may take it (`keepContainer` lets comments join the container before them; a malformed
    /// stretch takes everything up to the next element).
    private mutating func start(
        _ token: MarkupToken, _ role: SMSRecord.Role, keepContainer: Bool,
        _ emit: Emit
    ) throws(SanadError) {
        if var record = pending, record.role == role, role == .malformed || keepContainer {
            record.length = token.end - record.offset
            pending = record
            return
        }
        try finish(emit)
        var record = SMSRecord(role: role, offset: token.offset, line: token.line)
        record.length = token.length
        pending = record
    }

    /// White space joins whatever comes before it; other text at the top level is malformed
    /// from its first byte that is not white space, wherever the chunks were cut.
    private mutating func text(_ token: MarkupToken, _ emit: Emit) throws(SanadError) {
        let k = token.bytes.firstIndex { !MarkupTokenizer.isSpace($0) } ?? token.bytes.count
        if k > 0 {
            if var record = pending {
                record.length = token.offset + Int64(k) - record.offset
                pending = record
            } else {
                var record = SMSRecord(role: .container, offset: token.offset, line: token.line)
                record.length = Int64(k)
                pending = record
            }
        }
        guard k < token.bytes.count else { return }
        let line = token.line + MarkupTokenizer.countLF(UnsafeRawBufferPointer(rebasing: token.bytes[0..<k]))
        let rest = MarkupToken(
            kind: .text, offset: token.offset + Int64(k), length: token.length - Int64(k), line: line,
            bytes: UnsafeRawBufferPointer(rebasing: token.bytes[k...]))
        try start(rest, .malformed, keepContainer: false, emit)
    }

    /// A token inside an open element: MMS parts and addresses are collected; the element
    /// completes at its own end tag.
    private static func inside(_ record: inout SMSRecord, _ token: MarkupToken, _ tag: MarkupTag) {
        switch token.kind {
        case .startTag:
            if record.role == .element(.mms), record.depth == 1 || record.depth == 0 {
                if tag.nameIs("part") { addPart(&record, tag) }
                if tag.nameIs("addr") { addAddress(&record, tag) }
            }
            if tag.overflow { record.broken = true }
            if !tag.selfClosing {
                record.depth += 1
                if record.depth > SMSRecord.maxDepth { record.broken = true }
            }
        case .endTag:
            if record.depth == 0 {
                if tag.name != record.root.name { record.broken = true }
                record.complete = true
            } else {
                record.depth -= 1
            }
        case .text:
            if record.depth == 0, !MarkupText.isSpace(token.bytes) { record.broken = true }
        case .incomplete:
            record.broken = true
        case .comment, .instruction, .declaration:
            break
        }
    }

    private static func addPart(_ record: inout SMSRecord, _ tag: MarkupTag) {
        guard record.parts.count < SMSRecord.maxChildren else {
            record.broken = true
            return
        }
        let type = SMSValues.string(tag, "ct").map { t in
            String(t.prefix { $0 != ";" }).trimmingSpaces.lowercased()
        }
        let name = SMSValues.string(tag, "cl") ?? SMSValues.string(tag, "name") ?? SMSValues.string(tag, "fn")
        var part = MMSPart(contentType: type, fileName: name, text: nil, hasData: tag.attribute("data") != nil)
        if let text = tag.attribute("text") {
            part.textTruncated = text.truncated
            if let raw = tag.raw("text"), !SMSValues.isNull(raw) {
                part.text = MarkupText.string(raw)
                part.textInvalid = part.text == nil
            }
        }
        record.parts.append(part)
    }

    private static func addAddress(_ record: inout SMSRecord, _ tag: MarkupTag) {
        guard record.addresses.count < SMSRecord.maxChildren else {
            record.broken = true
            return
        }
        record.addresses.append((SMSValues.string(tag, "address"), SMSValues.string(tag, "type")))
    }
}
