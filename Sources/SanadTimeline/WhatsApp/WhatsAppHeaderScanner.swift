/// Recognises WhatsApp message headers, `[18/03/2022, 14:56:01] Sara: ` (iOS) and
/// `18/03/2022, 14:56 - Sara: ` (Android), in every locale variant of docs/TIMELINE.md §5.1.
///
/// It works on the line's scalars with the format marks removed, and keeps each scalar's byte
/// offset so that the text can then be cut from the original bytes exactly.
struct WhatsAppHeaderScanner {
    /// Bytes of a line decoded to find the stamp and the sender; names are far shorter.
    static let window = 1024
    /// Bytes decoded first: enough for nearly every header. A line this does not settle is
    /// scanned again with the whole window, so the result is always the window's.
    static let firstWindow = 192
    static let maxSenderLength = 200

    /// The decoded scalars and their byte offsets, in one buffer reused for every line.
    private let storage = ScalarBuffer(capacity: window)
    private var scalars: UnsafeBufferPointer<UInt32> {
        UnsafeBufferPointer(rebasing: storage.scalars[0..<storage.count])
    }
    private var offsets: UnsafeBufferPointer<Int> { UnsafeBufferPointer(rebasing: storage.offsets[0..<storage.count]) }
    /// The whole line was decoded (it is shorter than the window and valid UTF-8 up to there).
    private var decodedAll = false

    mutating func scan(_ line: UnsafeRawBufferPointer) -> WhatsAppHeader? {
        guard let first = firstScalar(line), Self.canStartHeader(first) else { return nil }
        decode(line, limit: Self.firstWindow)
        if let header = scanDecoded(line), header.sender != nil { return header }
        guard !decodedAll, line.count > Self.firstWindow else { return scanDecoded(line) }
        decode(line, limit: Self.window)
        return scanDecoded(line)
    }

    /// The header in the scalars decoded so far, if they hold one.
    private func scanDecoded(_ line: UnsafeRawBufferPointer) -> WhatsAppHeader? {
        var c = ScalarCursor(scalars)
        var ios = c.take("[")
        guard let stamp = Self.stamp(&c) else { return nil }
        if ios {
            guard c.take("]") else { return nil }
        } else if stamp.second != nil, c.take(":") {
            // iOS before 2017 wrote no brackets and a colon after the time, always with seconds:
            // `7/1/16, 4:56:55 PM: `. Without seconds (`14/01/2021, 9:00: Ali: …`) a line is text.
            ios = true
        } else {
            guard c.skipSpaces() > 0, c.take("-") else { return nil }
        }
        // What follows the stamp starts after one space; a header may also end the line.
        var restStart = offsets[c.i - 1] + 1
        if c.atEnd {
            guard decodedAll else { return nil }
        } else {
            guard c.take(" ") else { return nil }
            restStart = offsets[c.i - 1] + 1
        }
        var header = WhatsAppHeader(
            style: ios ? .ios : .android, date: stamp.date, hour: stamp.hour, minute: stamp.minute,
            second: stamp.second, meridiem: stamp.meridiem, sender: nil, restStart: restStart,
            textStart: restStart, textStartsWithLRM: false)
        if let (name, textStart) = sender(from: c.i, in: line) {
            header.sender = name
            header.textStart = textStart
        }
        let text = UnsafeRawBufferPointer(rebasing: line[min(header.textStart, line.count)...])
        header.textStartsWithLRM = FormatMarks.startsWithLRM(text)
        return header
    }

    /// `Name: ` after the stamp. Not a sender: nothing before the colon, a name longer than any
    /// real one, or an odd number of quotes (`Sara created group "Rent: March"`).
    private func sender(from start: Int, in line: UnsafeRawBufferPointer) -> (String, Int)? {
        let limit = min(scalars.count, start + Self.maxSenderLength + 1)
        var k = start
        while k < limit {
            if scalars[k] == 0x3A {
                if k + 1 < scalars.count, scalars[k + 1] == 0x20 { break }
                if k + 1 == scalars.count, decodedAll { break }
            }
            k += 1
        }
        guard k < limit, k > start else { return nil }
        var quotes = 0, opening = 0, closing = 0
        for v in scalars[start..<k] {
            if v == 0x22 { quotes += 1 } else if v == 0x201C { opening += 1 } else if v == 0x201D { closing += 1 }
        }
        guard quotes % 2 == 0, opening == closing else { return nil }
        // The name's bytes without the format marks between them: the same scalars, and valid
        // UTF-8, since decoding stopped at the first invalid byte.
        var bytes: [UInt8] = []
        FormatMarks.appendStripped(UnsafeRawBufferPointer(rebasing: line[offsets[start]..<offsets[k]]), to: &bytes)
        let textStart = k + 1 < scalars.count ? offsets[k + 1] + 1 : offsets[k] + 1
        return (String(decoding: bytes, as: UTF8.self), textStart)
    }

    private func firstScalar(_ line: UnsafeRawBufferPointer) -> UInt32? {
        var i = 0
        while i < line.count, i < 64 {
            guard let (v, len) = UTF8Scalar.decode(line, at: i) else { return nil }
            if !FormatMarks.isMark(v) { return v }
            i += len
        }
        return nil
    }

    /// `[`, a digit, a Japanese era, or a 12-hour word written before the time.
    private static func canStartHeader(_ c: UInt32) -> Bool {
        if c == 0x5B || ScalarCursor.digitValue(c) != nil { return true }
        return [0x52, 0x48, 0x53, 0x4EE4, 0x5E73, 0x662D, 0x5348, 0xC624, 0x4E0A, 0x4E0B].contains(c)
    }

    private mutating func decode(_ line: UnsafeRawBufferPointer, limit: Int) {
        let end = min(line.count, limit, Self.window)
        let out = storage.scalars, at = storage.offsets
        var n = 0
        var i = 0
        while i < end {
            let b = line[i]
            if b < 0x80 {  // ASCII: a scalar of its own, never a format mark
                out[n] = UInt32(b)
                at[n] = i
                n += 1
                i += 1
                continue
            }
            guard let (v, len) = UTF8Scalar.decode(line, at: i) else { break }
            if !FormatMarks.isMark(v) {
                out[n] = v
                at[n] = i
                n += 1
            }
            i += len
        }
        storage.count = n
        decodedAll = i >= line.count
    }
}

/// Fixed storage for one line's scalars, allocated once per scanner.
final class ScalarBuffer {
    let scalars: UnsafeMutableBufferPointer<UInt32>
    let offsets: UnsafeMutableBufferPointer<Int>
    var count = 0

    init(capacity: Int) {
        scalars = .allocate(capacity: capacity)
        offsets = .allocate(capacity: capacity)
    }

    deinit {
        scalars.deallocate()
        offsets.deallocate()
    }
}
