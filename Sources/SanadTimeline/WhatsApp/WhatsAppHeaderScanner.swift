/// Recognises WhatsApp message headers, `[18/03/2022, 14:56:01] Sara: ` (iOS) and
/// `18/03/2022, 14:56 - Sara: ` (Android), in every locale variant of docs/TIMELINE.md §5.1.
///
/// It works on the line's scalars with the format marks removed, and keeps each scalar's byte
/// offset so that the text can then be cut from the original bytes exactly.
struct WhatsAppHeaderScanner {
    /// Bytes of a line decoded to find the stamp and the sender; names are far shorter.
    static let window = 1024
    static let maxSenderLength = 200

    private var scalars: [UInt32] = []
    private var offsets: [Int] = []
    /// The whole line was decoded (it is shorter than the window and valid UTF-8 up to there).
    private var decodedAll = false

    mutating func scan(_ line: UnsafeRawBufferPointer) -> WhatsAppHeader? {
        guard let first = firstScalar(line), Self.canStartHeader(first) else { return nil }
        decode(line)
        var c = ScalarCursor(scalars)
        let ios = c.take("[")
        guard let stamp = Self.stamp(&c) else { return nil }
        if ios {
            guard c.take("]") else { return nil }
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
        var header = WhatsAppHeader(style: ios ? .ios : .android, date: stamp.date, hour: stamp.hour, minute: stamp.minute,
                                    second: stamp.second, meridiem: stamp.meridiem, sender: nil, restStart: restStart,
                                    textStart: restStart, textStartsWithLRM: false)
        if let (name, textStart) = sender(from: c.i) {
            header.sender = name
            header.textStart = textStart
        }
        let text = UnsafeRawBufferPointer(rebasing: line[min(header.textStart, line.count)...])
        header.textStartsWithLRM = FormatMarks.startsWithLRM(text)
        return header
    }

    /// `Name: ` after the stamp. Not a sender: nothing before the colon, a name longer than any
    /// real one, or an odd number of quotes (`Sara created group "Rent: March"`).
    private func sender(from start: Int) -> (String, Int)? {
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
        let name = scalars[start..<k]
        let quotes = name.filter { $0 == 0x22 }.count
        let opening = name.filter { $0 == 0x201C }.count, closing = name.filter { $0 == 0x201D }.count
        guard quotes % 2 == 0, opening == closing else { return nil }
        var text = String.UnicodeScalarView()
        for v in name { text.append(Unicode.Scalar(v)!) }
        let textStart = k + 1 < scalars.count ? offsets[k + 1] + 1 : offsets[k] + 1
        return (String(text), textStart)
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

    private mutating func decode(_ line: UnsafeRawBufferPointer) {
        scalars.removeAll(keepingCapacity: true)
        offsets.removeAll(keepingCapacity: true)
        let end = min(line.count, Self.window)
        var i = 0
        while i < end {
            guard let (v, len) = UTF8Scalar.decode(line, at: i) else { break }
            if !FormatMarks.isMark(v) {
                scalars.append(v)
                offsets.append(i)
            }
            i += len
        }
        decodedAll = i >= line.count
    }
}
