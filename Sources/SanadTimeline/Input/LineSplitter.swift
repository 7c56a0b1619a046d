import Foundation
import SanadModel

/// One line of a text file, with where it is.
struct TextLine {
    /// The line without its line break; valid only during the callback that receives it.
    let content: UnsafeRawBufferPointer
    /// 0 at the end of the file, 1 for LF, 2 for CRLF.
    let breakLength: Int
    /// Offset of the first byte in the file.
    let offset: Int64
    /// 1-based line number.
    let number: Int
    /// Part of a line longer than the limit, cut into pieces.
    let isPiece: Bool

    var length: Int64 { Int64(content.count + breakLength) }
    var endsWithBareLF: Bool { breakLength == 1 }
}

/// Splits a stream of chunks into lines without holding more than one line in memory.
///
/// A line is whole in its chunk most of the time and is then handed out in place; only a
/// line that crosses a chunk boundary is copied. A line longer than `maxLine` is handed out
/// in pieces, cut at a character boundary where possible, so memory stays bounded on any input.
struct LineSplitter {
    let maxLine: Int
    private var carry: [UInt8] = []
    private var offset: Int64 = 0
    private var number = 1
    /// The line being carried was already cut: its remaining parts are pieces too.
    private var cut = false

    init(maxLine: Int) {
        self.maxLine = maxLine
    }

    /// A splitter for the part of a file that starts at `offset`, which must follow a line
    /// break; lines are numbered from `firstLine` (1 within the part unless given).
    init(maxLine: Int, offset: Int64, firstLine: Int = 1) {
        self.maxLine = maxLine
        self.offset = offset
        number = firstLine
    }

    mutating func feed(
        _ chunk: UnsafeRawBufferPointer, _ emit: (TextLine) throws(SanadError) -> Void
    ) throws(SanadError) {
        guard let base = chunk.baseAddress else { return }
        var start = 0
        while start < chunk.count {
            let found = memchr(base + start, 0x0A, chunk.count - start)
            guard let found else {
                carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start...]))
                try cutLongCarry(emit)
                return
            }
            let lf = base.distance(to: UnsafeRawPointer(found))
            let line = UnsafeRawBufferPointer(rebasing: chunk[start...lf])
            if carry.isEmpty, line.count <= maxLine {
                try emitLine(line, emit)
            } else {
                carry.append(contentsOf: line)
                try cutLongCarry(emit)
                try emitCarry(emit)
            }
            start = lf + 1
        }
    }

    /// Hands out the last line, which has no line break.
    mutating func finish(_ emit: (TextLine) throws(SanadError) -> Void) throws(SanadError) {
        guard !carry.isEmpty else { return }
        try emitCarry(emit)
    }

    private mutating func emitCarry(_ emit: (TextLine) throws(SanadError) -> Void) throws(SanadError) {
        let bytes = carry
        carry.removeAll(keepingCapacity: carry.count <= maxLine + 1)
        try withRawBytes(bytes) { (raw: UnsafeRawBufferPointer) throws(SanadError) in try emitLine(raw, emit) }
    }

    /// `raw` is a whole line with its LF, or the last line of the file without one.
    private mutating func emitLine(
        _ raw: UnsafeRawBufferPointer, _ emit: (TextLine) throws(SanadError) -> Void
    ) throws(SanadError) {
        var breakLength = 0
        if raw.last == 0x0A { breakLength = raw.count >= 2 && raw[raw.count - 2] == 0x0D ? 2 : 1 }
        let content = UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count - breakLength)])
        let line = TextLine(content: content, breakLength: breakLength, offset: offset, number: number, isPiece: cut)
        offset += Int64(raw.count)
        number += 1
        cut = false
        try emit(line)
    }

    private mutating func cutLongCarry(_ emit: (TextLine) throws(SanadError) -> Void) throws(SanadError) {
        while carry.count > maxLine {
            var end = maxLine
            // Back off to the start of a UTF-8 character, so that a piece of valid text stays valid.
            var k = 0
            while k < 3, end > 1, carry[end] & 0xC0 == 0x80 { end -= 1; k += 1 }
            if carry[end] & 0xC0 == 0x80 { end = maxLine }
            let piece = Array(carry[0..<end])
            carry.removeFirst(end)
            try withRawBytes(piece) { (raw: UnsafeRawBufferPointer) throws(SanadError) in
                try emit(TextLine(content: raw, breakLength: 0, offset: offset, number: number, isPiece: true))
            }
            offset += Int64(end)
            cut = true
        }
    }
}
