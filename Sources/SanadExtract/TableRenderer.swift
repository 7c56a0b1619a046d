import SanadModel

/// A plain-text listing for a terminal: one block per event, the time first, then who, what,
/// and where the bytes are. Nothing is cut: a line break inside a message is shown as ⏎.
public struct TableRenderer: TimelineRenderer {
    /// Times as the phone showed them, with their offset, instead of UTC (`--local`).
    let local: Bool
    /// The basis last printed: a run of events whose times were established the same way says
    /// so once, at its start (a weak time is marked on its own line whatever the run).
    private var lastBasis = ""

    public init(local: Bool = false) {
        self.local = local
    }

    public mutating func begin(_ header: TimelineHeader, _ out: OutputSink) throws(SanadError) {
        var s =
            "Timeline of \(header.source.caseID.map { "case \($0)" } ?? header.source.path) (\(header.source.kind))\n"
        s +=
            local
            ? "Times are as the phone showed them, with their UTC offset; a local time with no known zone is "
                + "marked as such.\n"
            : "Times are UTC (Z) when known (--local shows them as the phone did); a local time with no known "
                + "zone is marked as such.\n"
        s += "A 'time:' line says how the times of the events below it were established.\n"
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
        var s = "\(e.timeText(local: local))  \(platform) \(e.kind)  \(e.sourceRef)\n"
        let basis = e.basisText
        if !basis.isEmpty, e.kind != "unparsed", basis != lastBasis {
            s += "    time: \(basis)\n"
            lastBasis = basis
        }
        s += "    \(who.isEmpty ? "" : who + ": ")\(body)\n"
        try out.write(s)
    }

    public mutating func end(_ out: OutputSink) throws(SanadError) {}
}
