import SanadModel

extension ReportComposer {
    /// Section 2: each exhibit as its record declares it; a sensitive one by its fingerprint only.
    /// Longest collector's note set in the report; the rest is named, not shown.
    static let noteLimit = 4_000

    /// Listed in the first part only (the second points to it): a thousand exhibits are a
    /// hundred pages, and their facts are the same in every language.
    func exhibits() -> [ReportBlock] {
        var b: [ReportBlock] = [.heading(t("section.exhibits"))]
        let count: ReportCatalogue.Value = .code(String(facts.exhibits.count))
        b.append(.paragraph(t(facts.kind == .excerpt ? "exhibits.excerpt_intro" : "exhibits.intro", ["count": count])))
        guard first else { return b + [.paragraph(t("exhibits.elsewhere"))] }
        for e in facts.exhibits {
            let type = e.type ?? e.platform.map(platform) ?? e.mime ?? t("cover.none")
            var lines: [String] = []
            if e.sensitive { lines.append(t("exhibit.sensitive")) }
            if e.withheld { lines.append(t("exhibit.withheld")) }
            if e.enveloped { lines.append(t("exhibit.enveloped")) }
            lines += details(e)
            b.append(
                .lead(
                    title: t("exhibit.title", ["id": .code(e.id), "type": .name(type)]),
                    body: lines.joined(separator: "\n"), code: "SHA-256  " + (e.sha256 ?? t("cover.none"))))
        }
        return b
    }

    /// The lines about one exhibit, each a fact of its record.
    private func details(_ e: ReportFacts.Exhibit) -> [String] {
        var lines: [String] = []
        if let size = e.size { lines.append(t("exhibit.size", ["bytes": .code(String(size))])) }
        if let (disclosed, events) = e.disclosed {
            lines.append(t("exhibit.events", ["disclosed": .code(String(disclosed)), "events": .code(String(events))]))
        }
        if let name = e.originalName, !e.sensitive { lines.append(t("exhibit.name", ["name": .name(name)])) }
        if let who = e.collectedBy {
            let at = e.collectedAt.map { t("exhibit.collected_when", ["when": .code($0)]) } ?? ""
            let how = e.method.map { t("exhibit.collected_how", ["how": .name($0)]) } ?? ""
            lines.append(t("exhibit.collected", ["who": .name(who), "when": .text(at), "how": .text(how)]))
        } else if facts.kind == .archive {
            lines.append(t("exhibit.not_declared"))
        }
        if let p = e.platform { lines.append(t("exhibit.platform", ["platform": .text(platform(p))])) }
        // A note may describe what a sensitive item shows: it is left out with the content.
        if let note = e.note, !e.sensitive {
            let text = ReportText.untrusted(note, limit: Self.noteLimit) { more in
                t("messages.truncated", ["count": .code(String(more))])
            }
            lines.append(t("exhibit.note", ["note": .text(String(ReportText.fsi) + text + String(ReportText.pdi))]))
        }
        if let at = e.ingestedAt { lines.append(t("exhibit.ingested", ["time": .text(when(at))])) }
        lines.append(t("exhibit.time_basis", ["basis": .text(basis(zone: e.timezone, basis: nil))]))
        if let m = e.modified { lines.append(t("exhibit.mtime", ["time": .text(when(m))])) }
        return lines
    }

    /// A platform in plain words ("WhatsApp (a messaging application)").
    func platform(_ raw: String) -> String {
        let key = "platform.\(raw)"
        return t.keys.contains(key) ? t(key) : t("platform.other", ["name": .name(raw)])
    }

    /// How a time of this exhibit is to be read.
    func basis(zone: String?, basis: String?) -> String {
        switch basis {
        case "source-offset": return t("basis.offset")
        case "source-instant": return t("basis.utc")
        case "given-to-timeline": return t("basis.assumed", ["zone": .code(zone ?? "?")])
        default:
            guard let zone else { return t("basis.none") }
            return t("basis.declared", ["zone": .code(zone)])
        }
    }
}
