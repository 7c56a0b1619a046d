/// Meta's "Download your information" JSON writes each UTF-8 byte of a text as its own
/// `\u00XX` escape, so `س` (D8 B3) reads as `Ø³`. The repair reverses it, and only where it
/// cannot be wrong (docs/TIMELINE.md §8.4): every code point is below U+0100 and the bytes
/// they stand for are valid UTF-8. Anything else (a real `é` or `€`, plain text) is kept.
enum MetaMojibake {
    static func repair(_ s: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count)
        var changed = false
        for scalar in s.unicodeScalars {
            guard scalar.value < 0x100 else { return s }
            if scalar.value >= 0x80 { changed = true }
            bytes.append(UInt8(scalar.value))
        }
        guard changed, let repaired = String(validating: bytes, as: UTF8.self) else { return s }
        return repaired
    }

    /// Repaired, then format marks removed; nil for nil or empty.
    static func text(_ s: String?) -> String? {
        guard let s else { return nil }
        return JSONText.clean(repair(s))
    }
}
