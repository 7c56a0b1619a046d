import Foundation

/// What makes two spellings of one word the same word, for search and for the timeline's
/// filters (docs/TIMELINE.md §9): Arabic written with and without harakat, stretched letters,
/// hamza forms, alef maksura or yeh, ta marbuta or heh; digits in three scripts. One code point
/// folds to at most one code point of no more UTF-8 bytes.
public enum TextFolding {
    /// The folded form of one code point: nil to drop it, itself when it is kept.
    public static func fold(_ scalar: UInt32) -> UInt32? {
        switch scalar {
        // Harakat, tanwin, shadda, sukun, the combining hamza and madda, superscript alef,
        // Quranic annotation marks, and tatweel (kashida, which only stretches a word).
        case 0x0610...0x061A, 0x064B...0x065F, 0x0670, 0x06D6...0x06DC, 0x06DF...0x06E4, 0x06E7, 0x06E8,
            0x06EA...0x06ED, 0x0640:
            return nil
        // Alef with madda, hamza above, hamza below, wasla → bare alef.
        case 0x0622, 0x0623, 0x0625, 0x0671: return 0x0627
        // Hamza on waw and on yeh → the bare carrier, as the combining hamza is dropped above.
        case 0x0624: return 0x0648
        case 0x0626: return 0x064A
        // Alef maksura and Farsi yeh → yeh; keheh → kaf (Persian and Kurdish keyboards).
        case 0x0649, 0x06CC: return 0x064A
        case 0x06A9: return 0x0643
        // Ta marbuta → heh: chat writes مدرسه for مدرسة as often as not.
        case 0x0629: return 0x0647
        // Arabic-Indic and Extended Arabic-Indic (Persian) digits → ASCII.
        case 0x0660...0x0669: return scalar - 0x0660 + 0x30
        case 0x06F0...0x06F9: return scalar - 0x06F0 + 0x30
        // The rest of the Arabic block, letters above all: no lookup for the common case.
        case 0...0xAC: return scalar
        case 0x0606...0x06FF where scalar != 0x061C && scalar != 0x06DD: return scalar
        default:
            // Format characters (bidi marks, ZWJ, ZWNJ, soft hyphen, BOM) inside a word.
            if let s = Unicode.Scalar(scalar), s.properties.generalCategory == .format { return nil }
            return scalar
        }
    }

    /// `text` folded and lower-cased, for comparing names and text as the filters do.
    public static func fold(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for s in text.lowercased().unicodeScalars {
            if let f = fold(s.value), let u = Unicode.Scalar(f) { scalars.append(u) }
        }
        return String(scalars)
    }

    /// The digits of a phone number as written (`+964 770 000 0001`, `0770-000-0001`,
    /// `(0770) 000 0001`, Arabic-Indic digits too), or nil when `text` is not one: only digits,
    /// spaces, `+ - . ( )` and at least six digits. A leading `+` or `00` is dropped, so that
    /// numbers compare by their E.164 digits.
    public static func phoneDigits(_ text: String) -> String? {
        var digits = ""
        for s in text.unicodeScalars {
            let v = fold(s.value) ?? 0
            if (0x30...0x39).contains(v) {
                digits.unicodeScalars.append(Unicode.Scalar(v)!)
            } else if !" +-.()\u{A0}".unicodeScalars.contains(s), fold(s.value) != nil {
                return nil
            }
        }
        guard digits.count >= 6 else { return nil }
        if text.trimmingCharacters(in: .whitespaces).hasPrefix("00") { digits.removeFirst(2) }
        return digits
    }

    /// Whether two phone numbers' digits name the same line: equal, or one written without
    /// its country code (`0770 000 0001`) is the other's national number (`+964 770 000
    /// 0001`): the shorter, without its trunk 0, ends the longer, and has seven digits or more.
    public static func samePhone(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        let national = short.drop { $0 == "0" }
        return national.count >= 7 && long.hasSuffix(national)
    }
}
