import ArgumentParser
import Foundation
import SanadCrypto
import SanadModel
import SanadVerify

/// How an archive is judged: shared by `verify` and `receive`, which verifies before it signs.
struct VerifyOptions: ParsableArguments {
    @OptionGroup var trustOptions: TrustOptions

    @Option(
        name: .customLong("archive-sha256"),
        help: "The archive file's SHA-256 as the sealer gave it (64 hex digits); any other file does not verify.")
    var archiveSHA256: String?

    @OptionGroup var strictness: StrictOption

    var strict: Bool { strictness.strict }

    func make() throws(SanadError) -> ArchiveVerifier.Options {
        var options = try trustOptions.make()
        if let archiveSHA256 { options.archiveSHA256 = try Self.sha256(archiveSHA256) }
        return options
    }

    static func sha256(_ text: String) throws(SanadError) -> String {
        let hex = text.lowercased()
        guard hex.count == 64, hex.allSatisfy(\.isHexDigit) else {
            throw SanadError(
                .usage, "'\(text)' is not a SHA-256 digest",
                hint: "64 hex digits, as 'sanad seal' or 'sha256sum' prints.")
        }
        return hex
    }

    static func make(
        trust: [String], signerFingerprint: String?, countersignerFingerprints: [String] = []
    ) throws(SanadError)
        -> ArchiveVerifier.Options
    {
        var options = ArchiveVerifier.Options()
        for t in trust {
            options.trustAnchors += try Certificate.loadAll(pem: try SigningIdentity.readFile(t, what: "trust"))
        }
        if let fp = signerFingerprint { options.pinnedFingerprint = try Self.fingerprint(fp) }
        for fp in countersignerFingerprints { options.countersignerFingerprints.append(try Self.fingerprint(fp)) }
        return options
    }

    static func fingerprint(_ text: String) throws(SanadError) -> String {
        guard let n = Certificate.normaliseFingerprint(text) else {
            throw SanadError(
                .usage, "'\(text)' is not a SHA-256 fingerprint",
                hint: "64 hex digits, colons allowed, as 'sanad key show' prints.")
        }
        return n
    }
}

/// `--time` of `seal` and `receive`: an RFC 3339 time with an offset, to the second.
enum TimeOption {
    static func parse(_ text: String?) throws(SanadError) -> Date {
        guard let text else { return Date() }
        let d = try Timestamp.parseDeclared(text, assumingZone: nil)
        guard let parts = RFC3339.parse(d.utc) else { throw SanadError(.invalidTime, "bad --time") }
        return Date(timeIntervalSince1970: TimeInterval(parts.localEpochSeconds))
    }

    static func urls(_ list: [String]) throws(SanadError) -> [URL] {
        var out: [URL] = []
        for s in list {
            guard let u = URL(string: s), ["http", "https"].contains(u.scheme?.lowercased() ?? "") else {
                throw SanadError(.usage, "'\(s)' is not an http(s) URL for --tsa")
            }
            out.append(u)
        }
        return out
    }
}
