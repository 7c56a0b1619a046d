import Foundation
import SanadModel

/// A streaming tokenizer for the XML and HTML that chat exports write (docs/TIMELINE.md §8):
/// start and end tags with attributes, text, comments, declarations and processing
/// instructions, each with its exact byte range.
///
/// Foundation's `XMLParser` is not used: it gives no byte offsets, so events could not point
/// to their bytes, and it stops at the first error, where an evidence reader must go on. This
/// tokenizer is lenient the way HTML parsers are: any byte sequence gives tokens that tile the
/// input, never a crash. Memory is bounded: a name is cut at `maxName` bytes, a tag keeps at
/// most `maxAttributes` attributes and `maxTagBytes` of values, and a value longer than
/// `maxValue` keeps only its size (an MMS part's base64 `data`).
struct MarkupTokenizer {
    static let maxName = 256
    static let maxAttributes = 512
    static let maxValue = 1 << 20
    static let maxTagBytes = 4 << 20

    private enum State {
        case text, tagOpen, tagName, beforeAttrName, attrName, afterAttrName, beforeAttrValue
        case attrValueQuoted, attrValueUnquoted, afterAttrValue, selfClosing
        case endTagName, afterEndTagName, bang, comment, declaration, instruction
    }

    private var state = State.text
    private var tag = MarkupTag()
    private var kind = MarkupToken.Kind.startTag
    /// Offset of the next byte to be read.
    private var position: Int64 = 0
    private var line = 1
    private var tokenStart: Int64 = 0
    private var tokenLine = 1
    /// The attribute being read: where its name and value start in `tag.storage`.
    private var attrNameStart = 0
    private var attrValueStart = -1
    private var attrFileLength: Int64 = 0
    private var attrTruncated = false
    private var quote: UInt8 = 0
    /// `<!-` seen; in a comment, the run of `-` just read; in an instruction, a `?` just read.
    private var marks = 0

    private static let lessThan: [UInt8] = [Byte.lessThan]

    /// The ASCII bytes the grammar turns on, by name.
    private enum Byte {
        static let lessThan: UInt8 = 0x3C, greaterThan: UInt8 = 0x3E, slash: UInt8 = 0x2F, bang: UInt8 = 0x21
        static let question: UInt8 = 0x3F, hyphen: UInt8 = 0x2D, equals: UInt8 = 0x3D
        static let quote: UInt8 = 0x22, apostrophe: UInt8 = 0x27, lineFeed: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D
    }

    typealias Emit = (MarkupToken, MarkupTag) throws(SanadError) -> Void

    // lint: long (the tokenizer's state machine: one case per state, each a few lines, read top
    // to bottom as the grammar; split into functions it would pass eleven locals to each)
    mutating func feed(_ chunk: UnsafeRawBufferPointer, _ emit: Emit) throws(SanadError) {
        let n = chunk.count
        guard n > 0, let base = chunk.baseAddress else { return }
        let chunkStart = position
        var i = 0
        func at(_ k: Int) -> Int64 { chunkStart + Int64(k) }
        while i < n {
            let b = chunk[i]
            switch state {
            case .text:
                let found = memchr(base + i, Int32(Byte.lessThan), n - i)
                let j = found.map { base.distance(to: UnsafeRawPointer($0)) } ?? n
                if j > i {
                    let run = UnsafeRawBufferPointer(rebasing: chunk[i..<j])
                    let startLine = line
                    line += Self.countLF(run)
                    try emit(
                        MarkupToken(kind: .text, offset: at(i), length: Int64(j - i), line: startLine, bytes: run), tag)
                }
                if j < n {
                    tokenStart = at(j)
                    tokenLine = line
                    state = .tagOpen
                }
                i = j + 1
                continue
            case .tagOpen:
                if b == Byte.slash {
                    tag.reset()
                    kind = .endTag
                    state = .endTagName
                } else if b == Byte.bang {
                    marks = 0
                    state = .bang
                } else if b == Byte.question {
                    marks = 0
                    state = .instruction
                } else if Self.isNameStart(b) {
                    tag.reset()
                    kind = .startTag
                    tag.name.append(b)
                    state = .tagName
                } else {
                    // `a < b` in text: the `<` is text.
                    try withRawBytes(Self.lessThan) { (lt: UnsafeRawBufferPointer) throws(SanadError) in
                        try emit(
                            MarkupToken(kind: .text, offset: tokenStart, length: 1, line: tokenLine, bytes: lt), tag)
                    }
                    state = .text
                    continue
                }
            case .tagName:
                if try !tagPunctuation(b, end: at(i + 1), emit) { appendName(b) }
            case .beforeAttrName:
                if Self.isSpace(b) {
                } else if b == Byte.slash {
                    state = .selfClosing
                } else if b == Byte.greaterThan {
                    try finishTag(at(i + 1), emit)
                } else {
                    beginAttribute(b)
                }
            case .attrName:
                if Self.isSpace(b) {
                    state = .afterAttrName
                } else if try !attributeNameEnd(b, end: at(i + 1), emit) {
                    appendAttributeName(b)
                }
            case .afterAttrName:
                if !Self.isSpace(b), try !attributeNameEnd(b, end: at(i + 1), emit) {
                    endAttribute()
                    beginAttribute(b)
                }
            case .beforeAttrValue:
                if Self.isSpace(b) {
                } else if b == Byte.quote || b == Byte.apostrophe {
                    quote = b
                    state = .attrValueQuoted
                } else if b == Byte.greaterThan {
                    endAttribute()
                    try finishTag(at(i + 1), emit)
                } else {
                    appendValue(UnsafeRawBufferPointer(rebasing: chunk[i..<(i + 1)]))
                    state = .attrValueUnquoted
                }
            case .attrValueQuoted:
                let found = memchr(base + i, Int32(quote), n - i)
                let j = found.map { base.distance(to: UnsafeRawPointer($0)) } ?? n
                let run = UnsafeRawBufferPointer(rebasing: chunk[i..<j])
                line += Self.countLF(run)
                appendValue(run)
                if j < n {
                    endAttribute()
                    state = .afterAttrValue
                }
                i = j + 1
                continue
            case .attrValueUnquoted:
                if Self.isSpace(b) {
                    endAttribute()
                    state = .beforeAttrName
                } else if b == Byte.greaterThan {
                    endAttribute()
                    try finishTag(at(i + 1), emit)
                } else {
                    appendValue(UnsafeRawBufferPointer(rebasing: chunk[i..<(i + 1)]))
                }
            case .afterAttrValue:
                if try !tagPunctuation(b, end: at(i + 1), emit) { beginAttribute(b) }
            case .selfClosing:
                if b == Byte.greaterThan {
                    tag.selfClosing = true
                    try finishTag(at(i + 1), emit)
                } else {
                    state = .beforeAttrName
                    continue
                }
            case .endTagName:
                if b == Byte.greaterThan {
                    try finishTag(at(i + 1), emit)
                } else if Self.isSpace(b) {
                    state = .afterEndTagName
                } else {
                    appendName(b)
                }
            case .afterEndTagName:
                if b == Byte.greaterThan { try finishTag(at(i + 1), emit) }
            case .bang:
                if b == Byte.hyphen, marks == 0 {
                    marks = 1
                } else if b == Byte.hyphen, marks == 1 {
                    marks = 0
                    state = .comment
                } else {
                    state = .declaration
                    continue
                }
            case .comment:
                if b == Byte.hyphen {
                    marks += 1
                } else if b == Byte.greaterThan, marks >= 2 {
                    try finishOther(.comment, at(i + 1), emit)
                } else {
                    marks = 0
                }
            case .declaration:
                if b == Byte.greaterThan { try finishOther(.declaration, at(i + 1), emit) }
            case .instruction:
                if b == Byte.greaterThan, marks == 1 {
                    try finishOther(.instruction, at(i + 1), emit)
                } else {
                    marks = b == Byte.question ? 1 : 0
                }
            }
            if b == Byte.lineFeed { line += 1 }
            i += 1
        }
        position = chunkStart + Int64(n)
    }

    /// Ends the input: a token left open is `incomplete` and runs to the end.
    mutating func finish(_ emit: Emit) throws(SanadError) {
        guard state != .text else { return }
        state = .text
        try emit(
            MarkupToken(
                kind: .incomplete, offset: tokenStart, length: position - tokenStart, line: tokenLine,
                bytes: UnsafeRawBufferPointer(start: nil, count: 0)), tag)
    }

    private mutating func finishTag(_ end: Int64, _ emit: Emit) throws(SanadError) {
        state = .text
        try emit(
            MarkupToken(
                kind: kind, offset: tokenStart, length: end - tokenStart, line: tokenLine,
                bytes: UnsafeRawBufferPointer(start: nil, count: 0)), tag)
    }

    private mutating func finishOther(_ kind: MarkupToken.Kind, _ end: Int64, _ emit: Emit) throws(SanadError) {
        state = .text
        tag.reset()
        try emit(
            MarkupToken(
                kind: kind, offset: tokenStart, length: end - tokenStart, line: tokenLine,
                bytes: UnsafeRawBufferPointer(start: nil, count: 0)), tag)
    }

    private mutating func appendName(_ b: UInt8) {
        if tag.name.count < Self.maxName { tag.name.append(b) } else { tag.overflow = true }
    }

    private mutating func beginAttribute(_ b: UInt8) {
        attrNameStart = tag.storage.count
        attrValueStart = -1
        attrFileLength = 0
        attrTruncated = false
        state = .attrName
        appendAttributeName(b)
    }

    private mutating func appendAttributeName(_ b: UInt8) {
        if tag.storage.count - attrNameStart < Self.maxName, tag.storage.count < Self.maxTagBytes {
            tag.storage.append(b)
        } else {
            tag.overflow = true
        }
    }

    private mutating func beginValue() {
        attrValueStart = tag.storage.count
    }

    private mutating func appendValue(_ run: UnsafeRawBufferPointer) {
        if attrValueStart < 0 { attrValueStart = tag.storage.count }
        attrFileLength += Int64(run.count)
        let room = min(Self.maxValue - (tag.storage.count - attrValueStart), Self.maxTagBytes - tag.storage.count)
        if run.count <= room {
            tag.storage.append(contentsOf: run)
        } else {
            if room > 0 { tag.storage.append(contentsOf: UnsafeRawBufferPointer(rebasing: run[0..<room])) }
            attrTruncated = true
        }
    }

    private mutating func endAttribute() {
        let valueStart = attrValueStart < 0 ? tag.storage.count : attrValueStart
        guard tag.attributes.count < Self.maxAttributes else {
            tag.storage.removeSubrange(attrNameStart...)
            tag.overflow = true
            return
        }
        tag.attributes.append(
            MarkupAttribute(
                name: attrNameStart..<valueStart, value: valueStart..<tag.storage.count,
                fileLength: attrFileLength, truncated: attrTruncated))
        attrValueStart = -1
    }

    /// After a tag's name or an attribute's value: space starts the next attribute, `/` an
    /// empty-element end, `>` ends the tag. False for any other byte, which the caller takes.
    private mutating func tagPunctuation(_ b: UInt8, end: Int64, _ emit: Emit) throws(SanadError) -> Bool {
        if Self.isSpace(b) {
            state = .beforeAttrName
        } else if b == Byte.slash {
            state = .selfClosing
        } else if b == Byte.greaterThan {
            try finishTag(end, emit)
        } else {
            return false
        }
        return true
    }

    /// After an attribute's name: `=` starts its value; `/` or `>` ends the attribute, with no
    /// value, and the tag. False for any other byte, which the caller takes.
    private mutating func attributeNameEnd(_ b: UInt8, end: Int64, _ emit: Emit) throws(SanadError) -> Bool {
        if b == Byte.equals {
            beginValue()
            state = .beforeAttrValue
        } else if b == Byte.slash {
            endAttribute()
            state = .selfClosing
        } else if b == Byte.greaterThan {
            endAttribute()
            try finishTag(end, emit)
        } else {
            return false
        }
        return true
    }

    static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == Byte.lineFeed || b == 0x09 || b == Byte.carriageReturn || b == 0x0C
    }

    static func isNameStart(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x3A || b >= 0x80
    }

    static func countLF(_ run: UnsafeRawBufferPointer) -> Int {
        guard let base = run.baseAddress else { return 0 }
        var count = 0, i = 0
        while i < run.count, let found = memchr(base + i, Int32(Byte.lineFeed), run.count - i) {
            count += 1
            i = base.distance(to: UnsafeRawPointer(found)) + 1
        }
        return count
    }
}
