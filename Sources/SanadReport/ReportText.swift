/// Text from the evidence (names, notes, messages, file names) made safe to typeset, and values
/// isolated inside sentences so that no value can reorder the words around it (Unicode bidi,
/// UAX #9: an isolate is laid out on its own and is one neutral character to its neighbours).
///
/// What the text holds is kept visible: a bidi control, which would reorder or hide the text
/// around it, or a control character, which would not print, is replaced by a visible
/// `⟦U+202E⟧`, so the reader sees that it was there and where.
enum ReportText {
    static let lri: Character = "\u{2066}"
    static let fsi: Character = "\u{2068}"
    static let pdi: Character = "\u{2069}"

    /// Characters that reorder or hide text: LRM, RLM, ALM, the embeddings and overrides, the
    /// isolates, the line and paragraph separators, and the byte order mark.
    static func isHidden(_ v: UInt32) -> Bool {
        v == 0x200E || v == 0x200F || v == 0x061C || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
            || v == 0x2028 || v == 0x2029 || v == 0xFEFF || (0xFFF9...0xFFFB).contains(v)
    }

    /// `text`, safe to typeset: hidden and control characters shown as `⟦U+XXXX⟧`, tabs as a
    /// space, newlines kept only when `newlines` is true (else shown as `⏎`), at most `limit`
    /// characters followed by `truncated(n)` when longer.
    static func untrusted(
        _ text: String, newlines: Bool = false, limit: Int = 2_000, truncated: (Int) -> String = { "… [+\($0)]" }
    ) -> String {
        if text.utf8.count <= limit, isPlain(text.utf8, newlines: newlines) { return text }
        var out = ""
        out.reserveCapacity(min(text.utf8.count, limit * 4) + 16)
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit {
                let rest = text.unicodeScalars.count - count
                return out + " " + truncated(rest)
            }
            count += 1
            let v = scalar.value
            switch v {
            case 0x0A where newlines: out.unicodeScalars.append(scalar)
            case 0x0A: out += "⏎"
            case 0x0D: continue
            case 0x09: out += " "
            case 0x00...0x1F, 0x7F...0x9F: out += marker(v)
            default:
                if isHidden(v) { out += marker(v) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// Whether no byte of `utf8` can start a character `untrusted` would change: no control
    /// character (a newline where allowed), and no lead byte of the hidden characters' encodings
    /// (D8 9C for ALM; E2 80/81 for the marks, embeddings, isolates and separators; EF BB/BF for
    /// the BOM and the annotation characters; C2 for the C1 controls).
    static func isPlain(_ utf8: String.UTF8View, newlines: Bool) -> Bool {
        var previous: UInt8 = 0
        for b in utf8 {
            if b < 0x20 && !(newlines && b == 0x0A) { return false }
            if b == 0x7F { return false }
            switch (previous, b) {
            case (0xC2, 0x80...0x9F), (0xD8, 0x9C), (0xE2, 0x80), (0xE2, 0x81), (0xEF, 0xBB), (0xEF, 0xBF): return false
            default: break
            }
            previous = b
        }
        return true
    }

    static func marker(_ v: UInt32) -> String {
        let hex = String(v, radix: 16, uppercase: true)
        return "⟦U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "⟧"
    }

    /// A value that reads left to right (a fingerprint, a number, a date, an exhibit number),
    /// isolated: inside an Arabic sentence it stays whole and in its place.
    static func code(_ s: String) -> String { String(lri) + untrusted(s) + String(pdi) }

    /// Text of either direction (a name, a note), made safe and isolated: its direction comes
    /// from its own first strong character, and it cannot change its neighbours'.
    static func name(_ s: String, limit: Int = 300) -> String { String(fsi) + untrusted(s, limit: limit) + String(pdi) }
}
