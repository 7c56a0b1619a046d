import SanadModel
import SanadVerify

extension ReportComposer {
    /// Section 3: the custody log as a narrative, each step citing its entry number. Long runs
    /// of the same step by the same person (adding a thousand files) are told once, with the
    /// range of entries.
    func custody() -> [ReportBlock] {
        var b: [ReportBlock] = [.heading(t("section.custody"))]
        guard facts.kind == .archive else { return b + [.paragraph(t("custody.excerpt"))] }
        b.append(.paragraph(t("custody.intro", ["count": .code(String(facts.custody.count))])))
        let entries = facts.custody
        var i = 0
        while i < entries.count {
            let e = entries[i]
            var j = i + 1
            while j < entries.count, Self.bulk(entries[j]), Self.bulk(e), entries[j].actor == e.actor { j += 1 }
            // The first two steps of a run as they are, the rest in one sentence.
            let shown = j - i > 4 ? 2 : j - i
            for k in i..<(i + shown) { b.append(.paragraph(sentence(entries[k]))) }
            if j - i > 4 {
                let rest = Array(entries[(i + shown)..<j])
                let files = Set(rest.flatMap(\.items)).count
                b.append(
                    .paragraph(
                        t(
                            "custody.grouped",
                            [
                                "first": .text(when(rest.first?.time)), "last": .text(when(rest.last?.time)),
                                "actor": .name(e.actor), "count": .code(String(files)),
                                "from": .code(String(rest.first?.seq ?? 0)), "to": .code(String(rest.last?.seq ?? 0)),
                            ])))
            }
            i = j
        }
        return b
    }

    /// Steps repeated per file, told together when there are many.
    static func bulk(_ e: CustodyEntry) -> Bool { [.collected, .ingested, .duplicate].contains(e.action) }

    func sentence(_ e: CustodyEntry) -> String {
        var s = t(
            "custody.\(e.action.rawValue)",
            [
                "time": .text(when(e.time)), "actor": .name(e.actor), "n": .code(String(e.seq)),
                "items": .text(items(e.items)), "case": .name(facts.caseID ?? t("cover.none")),
            ])
        if e.sig != nil { s += " " + t("custody.signed") }
        return s
    }

    func items(_ ids: [String]) -> String {
        guard ids.count > 1 else { return t("custody.items_one", ["list": .code(ids.first ?? "")]) }
        let list = ids.count > 6 ? "\(ids[0]) … \(ids[ids.count - 1])" : ids.joined(separator: ", ")
        return t("custody.items_many", ["count": .code(String(ids.count)), "list": .code(list)])
    }

    /// Section 4: each signature, what it proves and what it does not.
    func signatures() -> [ReportBlock] {
        var b: [ReportBlock] = [.heading(t("section.signatures")), .paragraph(t("signatures.intro"))]
        for s in facts.verification.signatures {
            switch s.role {
            case .seal: b.append(.subheading(t("signatures.seal")))
            case .receipt(let n): b.append(.subheading(t("signatures.receipt", ["n": .code(String(n))])))
            }
            b.append(.paragraph(t("signatures.by", ["signer": .name(s.signer ?? t("cover.none"))])))
            b.append(.code(s.fingerprint ?? t("cover.none")))
            var lines: [String] = []
            if let at = s.signedAt { lines.append(t("signatures.claimed_time", ["time": .text(when(at))])) }
            if s.timestamps.isEmpty { lines.append(t("signatures.no_stamp")) }
            for (i, stamp) in s.timestamps.enumerated() {
                let name = i < s.timestampAuthorities.count ? s.timestampAuthorities[i] : ""
                lines.append(
                    t(
                        "signatures.stamped",
                        ["time": .text(when(stamp)), "authority": .name(name.isEmpty ? t("cover.none") : name)]))
            }
            b.append(.paragraph(lines.joined(separator: "\n")))
            b.append(.check(s.valid ? .pass : .fail, t(s.valid ? "signatures.valid" : "signatures.invalid")))
            switch s.identity {
            case .pinned: b.append(.check(.pass, t("signatures.pinned")))
            case .trusted: b.append(.check(.pass, t("signatures.trusted")))
            case .unconfirmed: b.append(.check(.warn, t("signatures.unconfirmed")))
            case .invalid: break
            }
        }
        b.append(.paragraph(t("signatures.proves_not")))
        return b
    }
}
