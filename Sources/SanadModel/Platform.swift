/// Where a piece of evidence came from, as the collector declares it.
public enum Platform: String, CaseIterable, Sendable {
    case whatsapp, telegram, instagram, facebook, signal, sms, discord, email, web, other

    public static var allNames: String { allCases.map(\.rawValue).joined(separator: "|") }
}

/// Digest algorithms. SHA-256 is always computed; the rest are opt-in, and the legacy
/// ones exist only because some courts still ask for them.
public enum DigestAlgorithm: String, CaseIterable, Sendable, Comparable {
    case sha256, sha512, sha1, md5

    public var isLegacy: Bool { self == .sha1 || self == .md5 }

    public static func < (a: DigestAlgorithm, b: DigestAlgorithm) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Parses `sha512,sha1,md5`; SHA-256 is always included and comes first.
    public static func parseList(_ text: String) throws(SanadError) -> [DigestAlgorithm] {
        var set: Set<DigestAlgorithm> = [.sha256]
        for part in text.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "")
            guard let alg = DigestAlgorithm(rawValue: name) else {
                throw SanadError(.usage, "unknown digest algorithm '\(part)'", hint: "Use any of sha512, sha1, md5.")
            }
            set.insert(alg)
        }
        return set.sorted()
    }
}

import Foundation
