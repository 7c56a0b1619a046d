import SanadModel

extension ReportComposer {
    /// Section 6: the certification page, each line a fact the verifier established (or marked
    /// as not established), then lines to sign.
    func certification() -> [ReportBlock] {
        var b: [ReportBlock] = [.pageBreak, .heading(t("section.certification")), .paragraph(t("cert.intro"))]
        let ok = facts.verified
        let passed = { (ids: [CheckID]) -> Bool in
            ok
                && ids.contains { id in facts.verification.report.checks.contains { $0.id == id && $0.outcome == .pass }
                }
        }
        let signed = ok && facts.verification.signatures.first?.valid == true
        b.append(.subheading(t("cert.law78")))
        b.append(mark(passed([.payloadDigests, .excerptBytes]), "cert.law78.preserved"))
        b.append(mark(ok && signed, "cert.law78.unaltered"))
        b.append(mark(signed && facts.verification.sealedAt != nil, "cert.law78.origin"))
        b.append(mark(passed([.payloadDigests, .inclusionProof]), "cert.law78.copy"))
        b.append(.subheading(t("cert.fre")))
        b.append(mark(ok, "cert.fre.text"))
        b.append(.subheading(t("cert.berkeley")))
        let collectors = Array(Set(facts.exhibits.compactMap(\.collectedBy))).sorted()
        b.append(
            .check(
                collectors.isEmpty ? .fail : .pass,
                t(
                    "cert.berkeley.collector",
                    ["who": .name(collectors.isEmpty ? t("cover.none") : collectors.joined(separator: ", "))])))
        let times = facts.custody.filter { $0.action == .collected || $0.action == .ingested }.map(\.time)
        if let firstTime = times.min(), let last = times.max() {
            b.append(
                .check(.pass, t("cert.berkeley.time", ["first": .text(when(firstTime)), "last": .text(when(last))])))
        }
        let tools = Array(
            Set(
                facts.custody.compactMap { e -> String? in
                    guard let name = e.details["tool"]?["name"]?.stringValue else { return nil }
                    return "\(name) \(e.details["tool"]?["version"]?.stringValue ?? "")"
                })
        ).sorted()
        b.append(
            .check(
                ok ? .pass : .fail,
                t(
                    "cert.berkeley.tools",
                    [
                        "tools": .code(tools.isEmpty ? "—" : tools.joined(separator: ", ")),
                        "version": .code(Tool.version),
                    ])))
        b.append(mark(passed([.payloadDigests, .excerptBytes]), "cert.berkeley.environment"))
        b.append(.signature([t("cert.sign"), t("cert.date")]))
        return b
    }

    private func mark(_ established: Bool, _ key: String) -> ReportBlock {
        .check(
            established ? .pass : .fail, t(key) + " — " + t(established ? "cert.established" : "cert.not_established"))
    }

    /// The appendices: how to check the archive with standard tools (VERIFY.txt, attached and,
    /// in the first part, shown), and the glossary.
    func appendix() -> [ReportBlock] {
        var b: [ReportBlock] = [.pageBreak, .heading(t("section.appendix")), .paragraph(t("appendix.intro"))]
        let files = [facts.instructionsName, "verification.json"].filter {
            $0 != facts.instructionsName || facts.instructions != nil
        }
        b.append(.paragraph(t("appendix.attachments", ["files": .code(files.joined(separator: ", "))])))
        if first, let text = facts.instructions {
            b.append(
                .verbatim(ReportText.untrusted(String(decoding: text, as: UTF8.self), newlines: true, limit: 60_000)))
        }
        b.append(.heading(t("section.glossary")))
        for term in ["hash", "signature", "timestamp", "custody", "archive", "excerpt"] {
            b.append(.subheading(t("glossary.\(term)")))
            b.append(.paragraph(t("glossary.\(term).text")))
        }
        return b
    }
}
