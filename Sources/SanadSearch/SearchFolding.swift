import SanadModel

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
    public static let version = 2

    /// The article and the prefixes before it, removed from the start of a folded Arabic token
    /// (`وال`, `بال`, `كال`, `فال`, `لل`, `ال`), longest first.
    static let articles: [[UInt8]] = ["وال", "بال", "كال", "فال", "لل", "ال"].map { Array($0.utf8) }
    static let waw = Array("و".utf8)

    /// The folded form of one code point: nil to drop it (`TextFolding.fold`).
    public static func fold(_ scalar: UInt32) -> UInt32? { TextFolding.fold(scalar) }

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
        return stripPrefix(out, length: o)
    }

    /// Removes Arabic prefixes in place, the same way for every token of the index and of a
    /// query (docs/TIMELINE.md §9.2, step 4); returns the new length:
    ///
    /// 1. an article prefix of `articles`, when three letters or more remain; else a lone `و`
    ///    from a word of four letters or more, then an article prefix as before;
    /// 2. then a lone `و` again, from what is left of four letters or more.
    ///
    /// So `وزير`, `الوزير`, `والوزير` and `وبالوزير` all give `زير`, and `الولد`, `ولد` give `ولد`;
    /// `الله` keeps its letters (two would be left), and no word loses more than its prefixes.
    static func stripPrefix(_ p: UnsafeMutablePointer<UInt8>, length: Int) -> Int {
        // Arabic letters are two bytes each; a token must start with one.
        guard length >= 6, p[0] == 0xD8 || p[0] == 0xD9 else { return length }
        var length = length
        if let n = strip(articles, from: p, length: length, keeping: 3) {
            length = n
        } else if let n = strip([waw], from: p, length: length, keeping: 3) {
            length = strip(articles, from: p, length: n, keeping: 3) ?? n
        }
        return strip([waw], from: p, length: length, keeping: 3) ?? length
    }

    /// Removes the first of `prefixes` that starts the token when `keeping` letters or more
    /// remain after it; the new length, or nil when none was removed.
    private static func strip(
        _ prefixes: [[UInt8]], from p: UnsafeMutablePointer<UInt8>, length: Int, keeping: Int
    ) -> Int? {
        var letters = 0
        for k in 0..<length where p[k] & 0xC0 != 0x80 { letters += 1 }
        for prefix in prefixes where length > prefix.count {
            guard letters - prefix.count / 2 >= keeping, (0..<prefix.count).allSatisfy({ p[$0] == prefix[$0] })
            else { continue }
            (p + prefix.count).withMemoryRebound(to: UInt8.self, capacity: length - prefix.count) {
                p.update(from: $0, count: length - prefix.count)
            }
            return length - prefix.count
        }
        return nil
    }

    /// Folds a whole string token by token as the index would see it, without the tokenizer:
    /// for documentation and tests of the mappings alone.
    public static func fold(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " }).map { word -> String in
            var bytes = Array(word.utf8)
            var out = [UInt8](repeating: 0, count: bytes.count)
            let n = bytes.withUnsafeMutableBufferPointer { src in
                out.withUnsafeMutableBufferPointer { fold(src.baseAddress!, count: src.count, into: $0.baseAddress!) }
            }
            return String(decoding: out[..<n], as: UTF8.self)
        }.joined(separator: " ")
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
