import ArgumentParser
import SanadExtract
import SanadModel
import SanadTimeline
import SanadVerify

/// Whom to trust and which keys to require when an archive is verified: shared by `verify`,
/// `receive` and `timeline ARCHIVE`, so that each judges an archive the same way.
struct TrustOptions: ParsableArguments {
    @Option(name: .long, help: "A trusted CA certificate (PEM) for signers and time-stamp authorities; repeatable.")
    var trust: [String] = []

    @Option(
        name: .customLong("signer-fingerprint"),
        help: "The SHA-256 fingerprint the sealer's certificate must have (hex, colons allowed).")
    var signerFingerprint: String?

    @Option(
        name: .customLong("countersigner-fingerprint"),
        help: "A key that must have countersigned the archive ('sanad receive'); repeatable.")
    var countersignerFingerprints: [String] = []

    func make() throws(SanadError) -> ArchiveVerifier.Options {
        try VerifyOptions.make(
            trust: trust, signerFingerprint: signerFingerprint, countersignerFingerprints: countersignerFingerprints)
    }
}

/// `--strict`: warnings count as failures. Shared by every command that verifies.
struct StrictOption: ParsableArguments {
    @Flag(name: .long, help: "Treat warnings (an unpinned self-signed signer, an untrusted timestamp) as failures.")
    var strict = false
}

/// How a chat's local times are read when the export does not say: shared by `timeline` and
/// `search`, whose events must agree.
struct ZoneOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "The zone (IANA name, e.g. Asia/Baghdad) for exhibits whose phone zone was not declared at ingest.")
    var timezone: String?

    @Option(
        name: .customLong("date-order"),
        help: "dmy, mdy or ymd for exports whose date order is ambiguous; EXHIBIT=ORDER for one exhibit; repeatable.")
    var dateOrder: [String] = []

    /// Sets the default zone and the date orders, refusing an unknown zone or order.
    func apply(to options: inout TimelineBuilder.Options) throws(SanadError) {
        options.defaultZone = timezone
        if let timezone { _ = try Timestamp.timeZone(timezone) }
        for d in dateOrder {
            if let eq = d.firstIndex(of: "=") {
                guard let order = DateOrder(option: String(d[d.index(after: eq)...])) else { throw Self.badOrder(d) }
                options.dateOrderByExhibit[String(d[..<eq])] = order
            } else {
                guard let order = DateOrder(option: d) else { throw Self.badOrder(d) }
                options.dateOrder = order
            }
        }
    }

    static func badOrder(_ d: String) -> SanadError {
        SanadError(
            .usage, "'\(d)' is not a date order", hint: "Use dmy, mdy or ymd, or EXHIBIT=ORDER such as E0003=dmy.")
    }

    /// `--platform` values, each a platform's name in any case.
    static func platforms(_ names: [String]) throws(SanadError) -> Set<Platform> {
        var out = Set<Platform>()
        for p in names {
            guard let value = Platform(rawValue: p.lowercased()) else {
                throw SanadError(.usage, "unknown platform '\(p)'", hint: "Use one of \(Platform.allNames).")
            }
            out.insert(value)
        }
        return out
    }
}
