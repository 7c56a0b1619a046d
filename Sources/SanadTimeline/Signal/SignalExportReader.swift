import SanadModel

/// Reads one record of signal-export's `chat.md` (docs/TIMELINE.md §8.1).
///
/// signal-export writes each message as `[YYYY-MM-DD HH:MM:SS] Sender: ` followed by, in this
/// order: a quote (`\n\n> line\n> line\n\n`), the body with two spaces added (a Markdown line
/// break), reactions (`\n(- Name: 👍, Name: ❤️ -)`), a sticker, and a Markdown link per
/// attachment (`![name](./media/name)  `, with `!` for images); then `print` adds an empty
/// line. The reader takes these apart from the end, so that `text` is only what was written.
enum SignalExportReader: RecordReader {
    /// The exporter's stand-in for a sender it could not name (it writes `Me` for the account's owner).
    static let noSender = "No-Sender"
    static let deletedNotice = "(This message was deleted)"

    static func starts(_ line: [UInt8], next: [UInt8]?, number: Int) -> LineRecordAssembler.Start? {
        header(line) != nil ? .message : nil
    }

    /// `[2022-03-18 14:56:01] `: the fields, and where the sender begins. Shape only: the date may
    /// still be impossible.
    static func header(_ line: [UInt8]) -> (fields: [Int], senderStart: Int)? {
        let shape = Array("[0000-00-00 00:00:00] ".utf8)
        guard line.count > shape.count else { return nil }
        for (i, s) in shape.enumerated() {
            let b = line[i]
            if s == UInt8(ascii: "0") {
                guard (0x30...0x39).contains(b) else { return nil }
            } else if b != s {
                return nil
            }
        }
        func number(_ from: Int, _ count: Int) -> Int {
            line[from..<(from + count)].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        // The sender runs to the first ": "; every message line has one, even with an empty body.
        guard findColonSpace(line, from: shape.count) != nil else { return nil }
        return ([number(1, 4), number(6, 2), number(9, 2), number(12, 2), number(15, 2), number(18, 2)], shape.count)
    }

    static func findColonSpace(_ line: [UInt8], from: Int) -> Int? {
        var i = from
        while i + 1 < line.count {
            if line[i] == UInt8(ascii: ":"), line[i + 1] == UInt8(ascii: " ") { return i }
            i += 1
        }
        return nil
    }

    static func read(_ record: LineRecordAssembler.Record, exhibits: [String: String]) -> RecordReading {
        if let reason = record.reason { return .unparsed(reason, text: SignalText.recordText(record)) }
        guard let first = record.lines.first, let (f, senderStart) = header(first),
            let colon = findColonSpace(first, from: senderStart)
        else { return .unparsed(.noHeader, text: SignalText.recordText(record)) }
        guard f[1] >= 1, f[1] <= 12, f[2] >= 1, f[0] >= 1, f[2] <= LocalDateTime.days(inMonth: f[1], year: f[0]) else {
            return .unparsed(.invalidDate, text: SignalText.recordText(record))
        }
        guard let local = LocalDateTime(year: f[0], month: f[1], day: f[2], hour: f[3], minute: f[4], second: f[5])
        else {
            return .unparsed(.invalidTime, text: SignalText.recordText(record))
        }
        let name = String(validating: first[senderStart..<colon], as: UTF8.self).map(FormatMarks.stripped)
        let sender = name.flatMap { $0 == noSender ? nil : EventSender(writtenName: $0) }
        var reading = RecordReading(time: .local(local), sender: sender, kind: .message, text: nil)
        var decoded = DecodedLines(record)
        guard !decoded.invalid else {
            reading.kind = .unparsed
            reading.reason = .notUTF8
            return reading
        }
        // The first line's body starts after ": "; the empty line `print` adds ends the record.
        decoded.lines[0].text = String(decoding: first[(colon + 2)...], as: UTF8.self)
        var end = decoded.lines.count
        if end > 1, decoded.lines[end - 1].text.isEmpty { end -= 1 }
        if end == 1, decoded.lines[0].text == deletedNotice {
            reading.kind = .deleted
            return reading
        }
        let start = quoteEnd(decoded, end: end)
        readBody(&decoded, start: start, end: &end, into: &reading, exhibits: exhibits)
        return reading
    }

    /// Where the body begins: after `\n\n> …\n\n` when the message quotes another.
    private static func quoteEnd(_ d: DecodedLines, end: Int) -> Int {
        guard end > 3, d.lines[0].text.isEmpty, d.lines[1].text.isEmpty, isQuoted(d.lines[2].text) else { return 0 }
        var i = 2
        while i < end, isQuoted(d.lines[i].text) { i += 1 }
        guard i < end, d.lines[i].text.isEmpty else { return 0 }
        return i + 1
    }

    private static func isQuoted(_ s: String) -> Bool { s == ">" || s.hasPrefix("> ") }

    /// Takes attachments, a sticker and reactions off the end of the last line, then the two spaces.
    private static func readBody(
        _ d: inout DecodedLines, start: Int, end: inout Int, into r: inout RecordReading,
        exhibits: [String: String]
    ) {
        guard start < end else { return }
        var last = d.lines[end - 1].text
        var found: [EventAttachment] = []
        while let (attachment, rest) = trailingLink(last, exhibits: exhibits) {
            found.append(attachment)
            last = rest
        }
        d.lines[end - 1].text = last
        if end - 1 > start, last.hasPrefix("(( "), last.hasSuffix(" ))"), last.count >= 6 {
            found.append(EventAttachment(name: nil, status: .omitted, media: .sticker))
            end -= 1
            last = d.lines[end - 1].text
        }
        if end - 1 > start, last.hasPrefix("(- "), last.hasSuffix(" -)"), last.count >= 6 {
            // Reactions: the sender did not write them, and they carry no time of their own.
            end -= 1
            last = d.lines[end - 1].text
        }
        if last.hasSuffix("  ") { d.lines[end - 1].text = String(last.dropLast(2)) }
        r.attachments = found.reversed()
        let text = d.text(start..<end)
        r.text = text.isEmpty ? nil : text
        if !r.attachments.isEmpty {
            r.kind = .media
        } else if let t = r.text, isCallNotice(t) {
            r.kind = .call
        }
    }

    /// `![name](./media/name)  ` or `[label](../exported_stickers/pack/id.webp)  ` at the end of `line`.
    private static func trailingLink(_ line: String, exhibits: [String: String]) -> (EventAttachment, String)? {
        guard line.hasSuffix(")  "), let open = line.range(of: "](", options: .backwards) else { return nil }
        let target = String(line[open.upperBound..<line.index(line.endIndex, offsetBy: -3)])
        let before = line[..<open.lowerBound]
        guard let bracket = before.lastIndex(of: "[") else { return nil }
        let label = String(before[before.index(after: bracket)...])
        var rest = String(before[..<bracket])
        if target.hasPrefix("./media/") {
            let file = String(target.dropFirst("./media/".count)).replacingOccurrences(of: "%20", with: " ")
            guard file == label else { return nil }
            let image = rest.hasSuffix("!")
            if image { rest.removeLast() }
            let name = FormatMarks.stripped(label)
            let media = SignalText.media(contentType: nil, fileName: name) ?? (image ? .image : nil)
            return (SignalText.attachment(name: name, media: media, exhibits: exhibits), rest)
        }
        if target.hasPrefix("../exported_stickers/"), let slash = target.lastIndex(of: "/") {
            let name = String(target[target.index(after: slash)...])
            return (SignalText.attachment(name: name, media: .sticker, exhibits: exhibits), rest)
        }
        return nil
    }

    /// The call notices signal-export writes in place of a body: `Missed voice call`,
    /// `Incoming video call (accepted, 2m 5s)`, `Outgoing call`.
    static func isCallNotice(_ s: String) -> Bool {
        var rest = Substring(s)
        guard let word = ["Incoming ", "Outgoing ", "Missed "].first(where: { rest.hasPrefix($0) }) else {
            return false
        }
        rest = rest.dropFirst(word.count)
        for kind in ["voice ", "video "] where rest.hasPrefix(kind) { rest = rest.dropFirst(kind.count) }
        guard rest.hasPrefix("call") else { return false }
        rest = rest.dropFirst(4)
        return rest.isEmpty || (rest.hasPrefix(" (") && rest.hasSuffix(")") && !rest.contains("\n"))
    }
}
