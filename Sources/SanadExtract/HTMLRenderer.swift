import SanadModel

/// One self-contained, printable HTML page: no scripts, no fonts or images fetched from
/// anywhere, so it can be opened offline and attached to a filing. It embeds no image either
/// (no `<img>`, no `data:` URI): an item marked sensitive is a row of text (`EventView.sensitiveText`).
///
/// Right-to-left text: every message, name and title is its own bidi island (`dir="auto"` and
/// `<bdi>`), so an Arabic message is laid out right to left by its own first strong character
/// and cannot reorder the columns or the numbers around it.
public struct HTMLRenderer: TimelineRenderer {
    /// Times as the phone showed them, with their offset, instead of UTC (`--local`).
    let local: Bool

    public init(local: Bool = false) {
        self.local = local
    }

    static let style = """
        body{font-family:"Noto Sans","Noto Naskh Arabic","DejaVu Sans",Arial,sans-serif;\
        font-size:10.5pt;margin:1.5em;color:#111}
        h1{font-size:15pt;margin:0 0 .3em}
        p.meta,ul.meta{font-size:9pt;color:#333;margin:.2em 0}
        table{border-collapse:collapse;width:100%;table-layout:fixed}
        th,td{border:1px solid #999;padding:3px 5px;vertical-align:top;overflow-wrap:anywhere}
        th{background:#eee;text-align:start}
        thead{display:table-header-group}
        tr{page-break-inside:avoid;break-inside:avoid}
        td.t{font-family:"DejaVu Sans Mono",monospace;font-size:9pt;width:10em}
        td.src{font-family:"DejaVu Sans Mono",monospace;font-size:8pt;color:#444;width:11em}
        td.msg{white-space:pre-wrap}
        tr.unparsed td{background:#fff4e0}
        tr.sensitive td{background:#eef0f5;font-style:italic}
        tr.floating td.t{background:#fdecec}
        tr.weak td.t{background:#fff3cd}
        .note{border:1px solid #c33;padding:.4em;margin:.6em 0}
        @page{size:A4 landscape;margin:12mm}
        @media print{body{margin:0}}
        """

    public mutating func begin(_ header: TimelineHeader, _ out: OutputSink) throws(SanadError) {
        let title = "Timeline: " + (header.source.caseID.map { "case \($0)" } ?? header.source.path)
        var s = "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n"
        s += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        s += "<title>\(Self.escape(title))</title>\n<style>\n\(Self.style)\n</style>\n</head>\n<body>\n"
        s += "<h1><bdi>\(Self.escape(title))</bdi></h1>\n<ul class=\"meta\">\n"
        s += "<li>Read from the \(Self.escape(header.source.kind)) <bdi>\(Self.escape(header.source.path))</bdi></li>\n"
        if let head = header.source.custodyHead {
            s += "<li>Custody head (SHA-256 of the last custody entry): <code>\(Self.escape(head))</code></li>\n"
        }
        s +=
            "<li>Made by \(Self.escape(Tool.name)) \(Self.escape(Tool.version)) at "
            + "\(Self.escape(header.generatedAt))</li>\n"
        s +=
            "<li>\(header.eventCount) event(s) from \(header.items.filter { $0.status == .read }.count) "
            + "exhibit(s)</li>\n"
        if let z = header.defaultZone {
            s += "<li>Zone given for exhibits with none declared at ingest: \(Self.escape(z))</li>\n"
        }
        let f = CanonicalJSON.string(header.filter.json)
        s += "<li>Filters: <code>\(Self.escape(f))</code></li>\n</ul>\n"
        s +=
            "<p class=\"meta\">Times are in UTC (Z) when the zone is known; the column says how it was established. "
            + "Each row names the exhibit, the event's number in it (E0001#120) and the exact bytes "
            + "(offset+length) it was read from.</p>\n"
        if let note = header.zoneNote { s += "<p class=\"note\">\(Self.escape(note))</p>\n" }
        s +=
            "<table>\n<thead><tr><th style=\"width:10em\">Time</th><th style=\"width:12em\">How the time is "
            + "known</th><th style=\"width:6em\">Platform</th><th style=\"width:10em\">Conversation</th><th "
            + "style=\"width:10em\">Sender</th><th>Message</th><th "
            + "style=\"width:11em\">Source</th></tr></thead>\n<tbody>\n"
        try out.write(s)
    }

    public mutating func event(_ line: UnsafeRawBufferPointer, _ out: OutputSink) throws(SanadError) {
        let e = try EventView(line)
        var cls: [String] = []
        if e.kind == "unparsed" { cls.append("unparsed") }
        if e.kind == "sensitive" { cls.append("sensitive") }
        if e.time == nil, e.localTime != nil || !e.localTimeReadings.isEmpty { cls.append("floating") }
        if e.isWeak { cls.append("weak") }
        var s = cls.isEmpty ? "<tr>" : "<tr class=\"\(cls.joined(separator: " "))\">"
        s += "<td class=\"t\">\(Self.escape(e.timeText(local: local)))"
        if e.time != nil, let localTime = e.localTime {
            s +=
                local
                ? "<br>\(Self.escape(e.timeText(local: false)))"
                : "<br>local \(Self.escape(localTime.replacingOccurrences(of: "T", with: " ")))"
        }
        s += "</td><td>\(Self.escape(e.basisText))</td><td>\(Self.escape(e.platform))</td>"
        s += "<td dir=\"auto\"><bdi>\(Self.escape(e.conversation ?? ""))</bdi></td>"
        s += "<td dir=\"auto\"><bdi>\(Self.escape(e.senderText))</bdi></td>"
        s += "<td class=\"msg\" dir=\"auto\">\(Self.escape(e.body))</td>"
        s +=
            "<td class=\"src\">\(Self.escape(e.eventRef)) @\(e.offset)+\(e.length)<br>line "
            + "\(e.line)<br>\(Self.escape(e.kind))</td></tr>\n"
        try out.write(s)
    }

    public mutating func end(_ out: OutputSink) throws(SanadError) {
        try out.write("</tbody>\n</table>\n</body>\n</html>\n")
    }

    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
