import Foundation
import SanadModel

/// The order of day, month and year a phone set to a locale writes in short dates, from the
/// locale data of ICU (the CLDR `yMd` skeleton), as `add --locale` records it beside the locale.
public enum LocaleDateOrder {
    /// `dmy`, `mdy` or `ymd` for a locale such as `ar-IQ`, `en_US` or `ja-JP`. Throws `usage`
    /// for a locale ICU does not know (it would silently fall back to month/day).
    public static func order(forLocale identifier: String) throws(SanadError) -> String {
        let id = identifier.trimmingCharacters(in: .whitespaces)
        let locale = Locale(identifier: id)
        let known = Set(Locale.availableIdentifiers)
        let language = locale.language.languageCode?.identifier ?? ""
        guard !id.isEmpty, known.contains(id.replacingOccurrences(of: "-", with: "_")) || known.contains(language),
            let pattern = DateFormatter.dateFormat(fromTemplate: "yMd", options: 0, locale: locale)
        else {
            throw SanadError(
                .usage, "'\(identifier)' is not a locale Sanad knows",
                hint: "Give a language and region as the phone shows them, e.g. ar-IQ, az-AZ, en-GB, ja-JP.")
        }
        var order = ""
        for ch in pattern.lowercased() where "dmy".contains(ch) && !order.contains(ch) { order.append(ch) }
        guard ["dmy", "mdy", "ymd"].contains(order) else {
            throw SanadError(
                .usage, "the locale '\(identifier)' writes dates as '\(pattern)', in no order Sanad reads",
                hint: "Give the order instead: --date-order dmy, mdy or ymd.")
        }
        return order
    }

    /// `dmy`, `DMY`, `d/m/y` → `dmy`; nil for anything else.
    public static func normalised(_ option: String) -> String? {
        let letters = option.lowercased().filter { $0.isLetter }
        return ["dmy", "mdy", "ymd"].contains(letters) ? letters : nil
    }
}
