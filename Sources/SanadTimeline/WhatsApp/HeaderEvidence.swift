/// Header evidence from one set of lines. The survey keeps two, for headers after a CRLF and
/// after a bare LF, because only the whole file can say whether the second kind are headers.
struct HeaderEvidence {
    var headers = 0, ios = 0, android = 0
    var dates = DateOrderEvidence()
    /// Each sender with the line it first appears on.
    var senders: [String: Int] = [:]
    var sendersTruncated = false

    mutating func add(_ header: WhatsAppHeader, line: TextLine) {
        headers += 1
        if header.style == .ios { ios += 1 } else { android += 1 }
        dates.add(header, line: line.number)
        guard let name = header.sender, senders[name] == nil, !Self.isIOSNotice(header, line: line) else { return }
        if senders.count < WhatsAppTextParser.maxParticipants {
            senders[name] = line.number
        } else {
            sendersTruncated = true
        }
    }

    /// iOS writes `Chat name: ‎notice` for its notices: the name is not a participant.
    static func isIOSNotice(_ header: WhatsAppHeader, line: TextLine) -> Bool {
        guard header.style == .ios, header.textStartsWithLRM else { return false }
        var first: [UInt8] = []
        let start = min(header.textStart, line.content.count)
        FormatMarks.appendStripped(UnsafeRawBufferPointer(rebasing: line.content[start...]), to: &first)
        return !WhatsAppMarkers.isKnownNotice(firstLine: first[...])
    }

    mutating func merge(_ other: HeaderEvidence) {
        headers += other.headers
        ios += other.ios
        android += other.android
        dates.merge(other.dates)
        sendersTruncated = sendersTruncated || other.sendersTruncated
        for (name, line) in other.senders.sorted(by: { $0.value < $1.value }) {
            if let mine = senders[name] {
                senders[name] = min(mine, line)
            } else if senders.count < WhatsAppTextParser.maxParticipants {
                senders[name] = line
            } else {
                sendersTruncated = true
            }
        }
    }

    var participants: [String] { senders.sorted { $0.value < $1.value }.map(\.key) }

    /// The same evidence with every line number moved down by `lines`.
    func shifted(by lines: Int) -> HeaderEvidence {
        var e = self
        e.dates = dates.shifted(by: lines)
        e.senders = senders.mapValues { $0 + lines }
        return e
    }
}
