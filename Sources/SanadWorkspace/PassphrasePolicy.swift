import CSanadSecrets
import Foundation
import SanadModel

/// Refuses passphrases an attacker with the disk would guess: too short, or found by cracklib's
/// dictionary checks (libpwquality, with Debian's cracklib word lists: common passwords, words
/// and their simple variations). Nothing leaves the machine.
public enum PassphrasePolicy {
    public static let minimumLength = 12

    /// Throws `usage` with a hint when `passphrase` is too weak to protect a case.
    public static func check(_ passphrase: String) throws(SanadError) {
        let hint =
            "Use at least \(minimumLength) characters; four or five unrelated words, in any language, are "
            + "strong and easy to remember."
        guard passphrase.count >= minimumLength else {
            throw SanadError(
                .usage, "the passphrase is too short (\(passphrase.count) characters; at least \(minimumLength))",
                hint: hint)
        }
        let letters = String(
            passphrase.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic }.map(Character.init))
        guard Set(passphrase).count >= 6 else {
            throw SanadError(.usage, "the passphrase is too easy to guess: it repeats a few characters", hint: hint)
        }
        // The passphrase itself, then its letters alone: "password1234" is "password".
        for candidate in [passphrase, letters] where candidate.count >= 4 {
            if let reason = cracklibReason(candidate) {
                throw SanadError(.usage, "the passphrase is too easy to guess: \(reason)", hint: hint)
            }
        }
    }

    /// What libpwquality (cracklib's dictionary and rules) finds wrong with `candidate`, if anything.
    static func cracklibReason(_ candidate: String) -> String? {
        guard let settings = pwquality_default_settings() else { return nil }
        defer { pwquality_free_settings(settings) }
        // Length is judged above, and character classes are not what this policy asks for.
        _ = pwquality_set_int_value(settings, PWQ_SETTING_MIN_LENGTH, 1)
        for s in [PWQ_SETTING_DIG_CREDIT, PWQ_SETTING_UP_CREDIT, PWQ_SETTING_LOW_CREDIT, PWQ_SETTING_OTH_CREDIT] {
            _ = pwquality_set_int_value(settings, s, 0)
        }
        _ = pwquality_set_int_value(settings, PWQ_SETTING_MIN_CLASS, 0)
        var aux: UnsafeMutableRawPointer?
        let score = pwquality_check(settings, candidate, nil, nil, &aux)
        guard score < 0, score != PWQ_ERROR_MIN_LENGTH else { return nil }
        var buffer = [CChar](repeating: 0, count: 256)
        let reason = pwquality_strerror(&buffer, 256, score, aux).map { String(cString: $0) } ?? "it is too weak"
        return reason.lowercasedFirst
    }
}

extension String {
    fileprivate var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
