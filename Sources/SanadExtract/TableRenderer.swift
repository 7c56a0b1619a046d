import SanadModel

/// A plain-text listing for a terminal: one block per event, the time first, then who, what,
/// and where the bytes are. Nothing is cut: a line break inside a message is shown as ⏎.
public struct TableRenderer: TimelineRenderer {
    public init() {}

    public mutating func begin(_ header: TimelineHeader, _ out: OutputSink) throws(SanadError) {
        var s =
            "Timeline of \(header.source.caseID.map { "case \($0)" } ?? header.source.path) (\(header.source.kind))\n"
        s += "Times are UTC (Z) when known; a local time with no known zone is marked as such.\n"
        if let note = header.zoneNote { s += "Note: \(note)\n" }
        s += "\(header.eventCount) event(s)\n\n"
        try out.write(s)
    }

    public mutating func event(_ line: UnsafeRawBufferPointer, _ out: OutputSink) throws(SanadError) {
        let e = try EventView(line)
        let platform = e.platform.padding(toLength: 9, withPad: " ", startingAt: 0)
        var who = e.senderText
        if who.isEmpty { who = e.kind == "system" ? "(notice)" : "" }
        let body = e.body.replacingOccurrences(of: "\r\n", with: " ⏎ ").replacingOccurrences(of: "\n", with: " ⏎ ")
        var s = "\(e.timeText)  \(platform) \(e.kind)  \(e.sourceRef)\n"
        s += "    \(who.isEmpty ? "" : who + ": ")\(body)\n"
        try out.write(s)
    }

    public mutating func end(_ out: OutputSink) throws(SanadError) {}
}
