import SanadModel

/// RFC 4180 CSV in UTF-8, CRLF rows, with a byte order mark by default so that Excel reads
/// Arabic as UTF-8 (LibreOffice accepts it either way).
///
/// A cell that begins with `=`, `+`, `-`, `@`, TAB or CR is prefixed with `'` so that a
/// spreadsheet shows it as text instead of running it as a formula: a message can be written
/// by the very person under investigation. The JSON formats carry the exact text.
public struct CSVRenderer: TimelineRenderer {
    public static let columns = [
        "time_utc", "local_time", "zone", "time_basis", "platform", "conversation", "sender", "sender_phone",
        "sender_id", "kind",
        "text",
        "attachments", "reply_to", "forwarded_from", "unparsed_reason", "exhibit", "event", "offset", "length", "line",
        "sha256",
        "parser",
    ]
    let bom: Bool

    public init(bom: Bool = true) {
        self.bom = bom
    }

    public mutating func begin(_ header: TimelineHeader, _ out: OutputSink) throws(SanadError) {
        if bom { try out.write([0xEF, 0xBB, 0xBF]) }
        try out.write(Self.row(Self.columns))
    }

    public mutating func event(_ line: UnsafeRawBufferPointer, _ out: OutputSink) throws(SanadError) {
        let e = try EventView(line)
        try out.write(
            Self.row([
                e.time ?? "", e.localTime ?? e.localTimeReadings.joined(separator: " or "), e.zone,
                e.timeFrom.map { e.isWeak ? $0 + " (weak)" : $0 }
                    ?? (e.localTimeReadings.isEmpty ? "" : "date-order-undecided"), e.platform, e.conversation ?? "",
                e.senderName ?? "",
                e.senderPhone ?? "",
                e.senderID ?? "", e.kind, e.text ?? e.sensitiveText ?? "", e.attachmentsText, e.replyTo ?? "",
                e.forwardedFrom ?? "",
                e.reason ?? "",
                e.exhibit, e.event.map { String($0) } ?? "", String(e.offset), String(e.length), String(e.line),
                e.sha256, e.parser,
            ]))
    }

    public mutating func end(_ out: OutputSink) throws(SanadError) {}

    static func row(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\r\n"
    }

    public static func cell(_ value: String) -> String {
        var v = value
        if let first = v.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { v = "'" + v }
        guard
            v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
                || v.hasPrefix(" ") || v.hasSuffix(" ")
        else { return v }
        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
