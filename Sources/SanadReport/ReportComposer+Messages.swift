import SanadExtract
import SanadModel

extension ReportComposer {
    /// Longest message text set in the report; the rest is named, not shown (it is in the exhibit).
    static let messageLimit = 20_000

    /// Section 5: the disclosed or selected messages, a transcript per conversation, each with
    /// its sender, local time and basis, exhibit and byte range. Shown in the first part only.
    func messages() -> [ReportBlock] {
        var b: [ReportBlock] = [.heading(t("section.messages"))]
        guard first else { return b + [.paragraph(t("messages.elsewhere"))] }
        guard !facts.conversations.isEmpty else { return b + [.paragraph(t("messages.none"))] }
        b.append(.paragraph(t("messages.intro")))
        for c in facts.conversations {
            // A chat read without a declared platform is named by its parser's (whatsapp-txt: WhatsApp).
            let declared = c.platform ?? String(c.parser.prefix { $0 != "-" && $0 != " " })
            let name = Platform(rawValue: declared) != nil || c.platform != nil ? platform(declared) : t("cover.none")
            b.append(
                .subheading(
                    t(
                        "messages.conversation",
                        ["id": .code(c.exhibit), "platform": .text(name), "parser": .code(c.parser)])))
            if c.sensitive { b.append(.banner(t("messages.sensitive"), failed: false, language: language)) }
            b.append(.paragraph(t("messages.basis", ["basis": .text(basis(zone: c.zone, basis: c.zoneBasis))])))
            var previous = 0
            for line in c.lines where line.index > 0 {
                if line.index > previous + 1 {
                    b.append(.paragraph(t("messages.gap", ["count": .code(String(line.index - previous - 1))])))
                }
                previous = line.index
                b.append(message(line))
            }
            let shown = c.lines.filter { $0.index > 0 }.count
            if c.events > shown {
                b.append(.paragraph(t("messages.withheld", ["count": .code(String(c.events - shown))])))
            }
        }
        return b
    }

    /// The line about a message is numbers and an ISO 8601 time (its `T`, a Latin letter, makes
    /// every reader, poppler included, take the line as left to right, in an Arabic part too).
    private func message(_ line: ExcerptReading.Line) -> ReportBlock {
        let meta = t(
            "messages.meta",
            [
                "n": .code(String(line.index)),
                "time": .code(line.localTime ?? line.time ?? "—"),
                "from": .code(String(line.offset)), "to": .code(String(line.offset + line.length)),
            ])
        let sender = line.sender.map { ReportText.untrusted($0, limit: 300) } ?? t("messages.unknown_sender")
        var text = ReportText.untrusted(line.text, newlines: true, limit: Self.messageLimit) { more in
            t("messages.truncated", ["count": .code(String(more))])
        }
        if line.sender == nil, line.localTime == nil { text = t("messages.unparsed") + "\n" + text }
        return .message(meta: meta, sender: sender, text: text)
    }
}
