import SanadModel

extension ReportComposer {
    /// Section 1: every kind of check the verifier ran, in its order, with what it establishes
    /// and its outcome; every failure and warning with the verifier's own words.
    func checks() -> [ReportBlock] {
        let report = facts.verification.report
        var order: [CheckID] = []
        var groups: [CheckID: [Report.Check]] = [:]
        for c in report.checks {
            if groups[c.id] == nil { order.append(c.id) }
            groups[c.id, default: []].append(c)
        }
        var b: [ReportBlock] = [
            .heading(t("section.checks")),
            .paragraph(
                t("checks.intro", ["count": .code(String(report.checks.count)), "kinds": .code(String(order.count))])),
        ]
        for id in order {
            let all = groups[id] ?? []
            let worst = Self.worst(all.map(\.outcome))
            let counts = [Report.Outcome.fail, .warn, .pass, .info].compactMap { o -> String? in
                let n = all.filter { $0.outcome == o }.count
                return n == 0
                    ? nil
                    : t("checks.count", ["outcome": .text(t("outcome.\(o.rawValue)")), "count": .code(String(n))])
            }
            b.append(
                .check(ReportMark(worst.rawValue), t("check.\(id.rawValue)") + " — " + counts.joined(separator: ", ")))
            for c in all where c.outcome == .fail || (c.outcome == .warn) {
                let subject = c.subject.map { ReportText.code($0) + ": " } ?? ""
                b.append(.paragraph("    " + subject + t("checks.detail", ["detail": .name(c.detail)])))
            }
        }
        if !facts.verified { b.append(.banner(t("checks.not_read"), failed: true, language: language)) }
        return b
    }

    static func worst(_ outcomes: [Report.Outcome]) -> Report.Outcome {
        for o in [Report.Outcome.fail, .warn, .pass] where outcomes.contains(o) { return o }
        return .info
    }
}
