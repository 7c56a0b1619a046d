import SanadModel

/// Reads one record of sigtop's text export, `sigtop export-messages -f text` (docs/TIMELINE.md §8.2).
///
/// sigtop writes `Conversation: NAME` and an empty line, then per message: `From:` (absent
/// when Signal has no sender), `Type:`, `Sent:`, `Received:` (incoming only), one
/// `Attachment:` and one `Reaction:` line each; then a quote (an empty line and lines starting
/// with `>`) and the body (an empty line and the text); an edited message has `Edited: N
/// versions` and every version, newest first, with lines starting with `|`. An empty line ends
/// the message.
enum SigtopReader: RecordReader {
    static func starts(_ line: [UInt8], next: [UInt8]?, number: Int) -> LineRecordAssembler.Start? {
        if number == 1, hasPrefix(line, "Conversation: "), next?.isEmpty ?? true { return .container }
        if hasPrefix(line, "From: "), let next, isTypeLine(next) { return .message }
        return isTypeLine(line) ? .message : nil
    }

    /// `Type: incoming`: Signal Desktop's message types are lower case words joined by hyphens.
    private static func isTypeLine(_ line: [UInt8]) -> Bool {
        guard hasPrefix(line, "Type: "), line.count > 6 else { return false }
        return line[6...].allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }

    private static func hasPrefix(_ line: [UInt8], _ prefix: String) -> Bool {
        line.count >= prefix.utf8.count && zip(line, prefix.utf8).allSatisfy { $0 == $1 }
    }

    static func read(_ record: LineRecordAssembler.Record, exhibits: [String: String]) -> RecordReading {
        if let reason = record.reason { return .unparsed(reason, text: SignalText.recordText(record)) }
        let whole = SignalText.recordText(record)
        let decoded = DecodedLines(record)
        guard !decoded.invalid else { return .unparsed(.notUTF8, text: nil) }
        if record.start == .container {
            var r = RecordReading.unparsed(.container, text: nil)
            let value = decoded.lines[0].text.dropFirst("Conversation: ".count)
            r.title = SigtopFields.recipient(String(value)).name
            return r
        }
        var end = decoded.lines.count
        if end > 1, decoded.lines[end - 1].text.isEmpty { end -= 1 }
        guard let message = Section(decoded, from: 0, end: end, exhibits: exhibits) else {
            return .unparsed(.malformed, text: whole)
        }
        var reading = RecordReading(time: nil, sender: nil, kind: .message, text: nil)
        switch message.time {
        case .time(let local, let offset)?: reading.time = .stated(local, offsetSeconds: offset)
        case .invalidDate?: return .unparsed(.invalidDate, text: whole)
        case .invalidTime?: return .unparsed(.invalidTime, text: whole)
        case .unknown?, nil:
            if case .time(let local, let offset)? = message.received {
                reading.time = .stated(local, offsetSeconds: offset)
                reading.timeFrom = .received
            }
        }
        var shown = message
        if message.edited {
            // The versions follow, newest first; the event is the message as it now reads.
            guard let newest = message.newestVersion(decoded, end: end, exhibits: exhibits) else {
                return .unparsed(.malformed, text: whole)
            }
            shown = newest
            reading.kind = .edited
        }
        reading.text = shown.body
        reading.attachments = shown.attachments
        switch message.type {
        case "incoming", "outgoing":
            reading.sender = message.from.map(SigtopFields.sender)
            if reading.kind == .message, !reading.attachments.isEmpty { reading.kind = .media }
        case "call-history":
            reading.sender = message.from.map(SigtopFields.sender)
            reading.kind = .call
        default:
            // A notice (group change, safety number change, timer…): its type is all it says.
            reading.kind = .system
            reading.text = shown.body ?? message.type
        }
        return reading
    }

    /// A message, or one version of an edited one: its fields, then its quote and body.
    private struct Section {
        var from: String?
        var type: String?
        var time: SigtopFields.Time?
        var received: SigtopFields.Time?
        var attachments: [EventAttachment] = []
        var edited = false
        var body: String?
        /// Where the lines after the fields begin.
        var rest: Int

        init?(_ d: DecodedLines, from start: Int, end: Int, exhibits: [String: String]) {
            var i = start
            rest = start
            while i < end, !d.lines[i].text.isEmpty {
                guard let (name, value) = SigtopFields.field(d.lines[i].text) else { return nil }
                switch name {
                case "From": from = value
                case "Type": type = value
                case "Sent": time = SigtopFields.time(value)
                case "Received": received = SigtopFields.time(value)
                case "Attachment":
                    guard let a = SigtopFields.attachment(value, exhibits: exhibits) else { return nil }
                    attachments.append(a)
                case "Edited": edited = true
                default: break
                }
                i += 1
            }
            rest = i
            guard !edited, i < end else { return }
            // An empty line, then an optional quote and an empty line, then the body.
            var j = i + 1
            if j < end, Self.isQuoted(d.lines[j].text) {
                while j < end, Self.isQuoted(d.lines[j].text) { j += 1 }
                guard j < end else { return }
                guard d.lines[j].text.isEmpty else { return nil }
                j += 1
            }
            if j < end { body = d.text(j..<end) }
        }

        static func isQuoted(_ s: String) -> Bool { s == ">" || s.hasPrefix("> ") }

        /// The first version after `Edited:`, its `|` prefixes taken off.
        func newestVersion(_ d: DecodedLines, end: Int, exhibits: [String: String]) -> Section? {
            var lines: [DecodedLines.Line] = []
            var k = rest + 1
            while k < end {
                var line = d.lines[k]
                if line.text == "|" {
                    line.text = ""
                } else if line.text.hasPrefix("| ") {
                    line.text = String(line.text.dropFirst(2))
                } else {
                    return nil
                }
                // The next version begins after a separating line.
                if line.text.hasPrefix("Version: "), lines.last?.text.isEmpty == true, lines.count > 1 {
                    lines.removeLast()
                    break
                }
                lines.append(line)
                k += 1
            }
            guard lines.first.map({ $0.text.hasPrefix("Version: ") }) == true else { return nil }
            return Section(DecodedLines(lines: lines), from: 0, end: lines.count, exhibits: exhibits)
        }
    }
}
