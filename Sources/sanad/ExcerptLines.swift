import SanadCrypto
import SanadFormat
import SanadExtract
import SanadModel
import SanadTimeline
import SanadVerify

/// `sanad verify EXCERPT.zip`, in words: what is proven, of which chat, sealed by whom and
/// when, which events run without a gap, how many are withheld; then each disclosed event as
/// Sanad reads it, marked as a reading.
enum ExcerptLines {
    static func lines(_ r: VerificationResult, _ v: VerificationResult.Verdict, _ x: ExcerptSummary) -> [String] {
        let sealer = [
            r.signer.map { "sealed by \($0)" },
            r.signerFingerprint.map { "(key \(Certificate.formatFingerprint($0).prefix(11))…)" },
            r.sealedAt.map { "on \($0)" },
        ].compactMap { $0 }.joined(separator: " ")
        var out: [String] = []
        switch v {
        case .verified: out.append("VERIFIED EXCERPT of case \(r.caseID ?? "?"), \(sealer)")
        case .doesNotVerify:
            let first = r.report.failures.first ?? r.report.warnings.first
            out.append("EXCERPT DOES NOT VERIFY: \(first.map { "\($0.name): \($0.detail)" } ?? "see the checks below")")
        case .malformed:
            out.append("MALFORMED EXCERPT: \(r.report.failures.first?.detail ?? "it cannot be read safely")")
        }
        for e in x.exhibits where v == .verified {
            out.append("  " + sentence(e, sealer: sealer))
        }
        for i in x.items where i.matched { out.append("  \(i.item.exhibit): the whole file \(i.item.path), as sealed") }
        if v == .verified, !x.exhibits.isEmpty {
            out.append("  Disclosed events (sender and time are Sanad's reading of the bytes; the bytes are proven):")
            for e in x.exhibits {
                for l in ExcerptReading.lines(e) {
                    let when = l.localTime.map { "\($0) (\(l.zone ?? "zone unknown"))" } ?? "no time read"
                    let who = l.sender ?? (l.index == 0 ? "(bytes before the first event)" : "(not read)")
                    out.append(
                        "    \(e.commitment.exhibit) #\(l.index) bytes \(l.offset)+\(l.length)  \(when)  \(who): "
                            + l.text.replacingOccurrences(of: "\n", with: " ⏎ "))
                }
            }
        }
        if let a = r.archive {
            out.append("  Excerpt file: \(a.format ?? "?"), \(a.size) bytes, SHA-256 \(a.sha256 ?? "?")")
        }
        for c in r.report.checks { out.append("  [\(c.outcome.rawValue.uppercased())] \(c.name): \(c.detail)") }
        return out
    }

    /// "12 events from exhibit E0001 (whatsapp-txt, 2,341 events, 2,300 messages in all) are
    /// exact parts of the archive sealed by …; events 120–131 are consecutive, so nothing between
    /// them was withheld; 2,329 events are withheld."
    static func sentence(_ e: ExcerptSummary.Exhibit, sealer: String) -> String {
        let c = e.commitment
        var s =
            "\(e.disclosedEvents) event\(e.disclosedEvents == 1 ? "" : "s") from exhibit \(c.exhibit) "
            + "(\(kind(c)), \(c.events) events, \(c.messages) messages in all) "
            + "\(e.disclosedEvents == 1 ? "is an exact part" : "are exact parts") of the archive \(sealer)"
        let long = e.runs.filter { $0[1] > $0[0] }
        if !long.isEmpty {
            let r = long.map { "\($0[0])–\($0[1])" }.joined(separator: ", ")
            s += "; events \(r) are consecutive, so nothing between them was withheld"
        }
        s += "; \(e.withheldEvents) event\(e.withheldEvents == 1 ? " is" : "s are") withheld."
        return s
    }

    /// "a WhatsApp chat read by whatsapp-txt 1": what a judge can follow, and what read it.
    static func kind(_ c: Commitment) -> String {
        let platform =
            c.platform.flatMap(Platform.init(rawValue:)) ?? ParserRegistry.parser(named: c.parserName)?.platform
        let names: [Platform: String] = [
            .whatsapp: "a WhatsApp chat", .telegram: "a Telegram chat", .instagram: "an Instagram chat",
            .facebook: "a Facebook Messenger chat", .signal: "a Signal chat", .sms: "an SMS conversation",
            .discord: "a Discord chat",
        ]
        let what = platform.flatMap { names[$0] } ?? "a chat"
        return "\(what) read by \(c.parserName) \(c.parserVersion)"
    }
}
