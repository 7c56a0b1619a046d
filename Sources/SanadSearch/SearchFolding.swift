/// What makes two spellings of one word the same word for search (docs/TIMELINE.md, Search).
///
/// Applied to each token after SQLite's unicode61 tokenizer has case-folded it and removed
/// Latin diacritics, both when events are indexed and when a query is read, so a query finds
/// an event whatever the spelling habits of either. Arabic chat is written with and without
/// harakat, with stretched letters, with and without hamza, and digits in three scripts; none
/// of that should decide whether a message is found. The display text is never folded: only
/// the index's tokens are.
///
/// Every mapping is one code point to at most one code point of no more UTF-8 bytes, so a
/// folded token never outgrows the original.
public enum SearchFolding {
    /// Bumped whenever a mapping changes, since an index built with other mappings finds other
    /// things: part of `SearchIndex.schemaVersion`'s meaning.
    public static let version = 1

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

    /// Folds one token's UTF-8 into `out`, which must hold `count` bytes; returns the length
    /// written (0 when nothing is left, and the token is then dropped). A byte that is not
    /// part of valid UTF-8 is copied as it is.
    static func fold(_ src: UnsafePointer<UInt8>, count: Int, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var i = 0, o = 0
        while i < count {
            let b0 = src[i]
            if b0 < 0x80 {
                out[o] = b0
                i += 1; o += 1
                continue
            }
            let (scalar, length) = decode(src + i, available: count - i)
            guard length > 0 else {
                out[o] = b0
                i += 1; o += 1
                continue
            }
            i += length
            if let folded = fold(scalar) { o += encode(folded, into: out + o) }
        }
        return o
    }

    /// Folds a whole string token by token as the index would see it, without the tokenizer:
    /// for documentation and tests of the mappings alone.
    public static func fold(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if let f = fold(s.value), let u = Unicode.Scalar(f) { scalars.append(u) }
        }
        return String(scalars)
    }

    private static func decode(_ p: UnsafePointer<UInt8>, available: Int) -> (UInt32, Int) {
        let b0 = UInt32(p[0])
        func cont(_ k: Int) -> UInt32? {
            guard k < available, p[k] & 0xC0 == 0x80 else { return nil }
            return UInt32(p[k] & 0x3F)
        }
        switch b0 {
        case 0xC2...0xDF:
            guard let c1 = cont(1) else { return (0, 0) }
            return ((b0 & 0x1F) << 6 | c1, 2)
        case 0xE0...0xEF:
            guard let c1 = cont(1), let c2 = cont(2) else { return (0, 0) }
            return ((b0 & 0x0F) << 12 | c1 << 6 | c2, 3)
        case 0xF0...0xF4:
            guard let c1 = cont(1), let c2 = cont(2), let c3 = cont(3) else { return (0, 0) }
            return ((b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3, 4)
        default:
            return (0, 0)
        }
    }

    private static func encode(_ v: UInt32, into out: UnsafeMutablePointer<UInt8>) -> Int {
        switch v {
        case 0..<0x80:
            out[0] = UInt8(v)
            return 1
        case 0x80..<0x800:
            out[0] = UInt8(0xC0 | v >> 6); out[1] = UInt8(0x80 | v & 0x3F)
            return 2
        case 0x800..<0x10000:
            out[0] = UInt8(0xE0 | v >> 12); out[1] = UInt8(0x80 | v >> 6 & 0x3F); out[2] = UInt8(0x80 | v & 0x3F)
            return 3
        default:
            out[0] = UInt8(0xF0 | v >> 18); out[1] = UInt8(0x80 | v >> 12 & 0x3F)
            out[2] = UInt8(0x80 | v >> 6 & 0x3F); out[3] = UInt8(0x80 | v & 0x3F)
            return 4
        }
    }
}
