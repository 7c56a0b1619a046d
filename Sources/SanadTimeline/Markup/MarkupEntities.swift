/// Character references in XML and HTML text and attribute values (docs/TIMELINE.md §8).
///
/// - The XML five (`&amp; &lt; &gt; &quot; &apos;`), decimal `&#NN;` and hex `&#xHH;`.
/// - The HTML names the exporters write: Telegram Desktop writes `&laquo;`/`&raquo;` around
///   titles in its notices, and `&nbsp;` occurs in older exports.
/// - A UTF-16 surrogate pair written as two references (`&#55357;&#56832;`) is one character:
///   Android's XML serializer writes emoji that way in SMS backups made by some apps. A lone
///   surrogate, `&#0;` or a number past U+10FFFF cannot be a character and becomes U+FFFD.
/// - Anything else (`&unknown;`, a bare `&`) is kept as written.
enum MarkupEntities {
    private static let named: [(name: [UInt8], scalar: UInt32)] = [
        ("amp", 0x26), ("lt", 0x3C), ("gt", 0x3E), ("quot", 0x22), ("apos", 0x27), ("nbsp", 0xA0),
        ("laquo", 0xAB), ("raquo", 0xBB), ("ndash", 0x2013), ("mdash", 0x2014), ("hellip", 0x2026),
        ("lsquo", 0x2018), ("rsquo", 0x2019), ("ldquo", 0x201C), ("rdquo", 0x201D), ("bull", 0x2022),
        ("middot", 0xB7), ("copy", 0xA9), ("reg", 0xAE), ("trade", 0x2122), ("times", 0xD7), ("euro", 0x20AC),
        ("shy", 0xAD), ("zwnj", 0x200C), ("zwj", 0x200D), ("lrm", 0x200E), ("rlm", 0x200F),
    ].map { (Array($0.0.utf8), $0.1) }

    /// The longest reference looked at; a longer `&…;` is text.
    private static let maxReference = 12

    /// Appends `raw` to `out` with its references decoded.
    static func decode(_ raw: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        let n = raw.count
        var i = 0
        var runStart = 0
        var pendingHigh: UInt32?
        func flush(_ upTo: Int) {
            if upTo > runStart { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[runStart..<upTo])) }
        }
        while i < n {
            guard raw[i] == 0x26, let (scalar, length) = reference(raw, at: i) else {
                if pendingHigh != nil {
                    pendingHigh = nil
                    appendScalar(0xFFFD, to: &out)
                }
                i += 1
                continue
            }
            flush(i)
            if let high = pendingHigh {
                pendingHigh = nil
                if (0xDC00...0xDFFF).contains(scalar), runStart == i {
                    appendScalar(0x10000 + ((high - 0xD800) << 10) + (scalar - 0xDC00), to: &out)
                    i += length
                    runStart = i
                    continue
                }
                appendScalar(0xFFFD, to: &out)
            }
            if (0xD800...0xDBFF).contains(scalar) {
                pendingHigh = scalar
            } else {
                appendScalar((0xDC00...0xDFFF).contains(scalar) ? 0xFFFD : scalar, to: &out)
            }
            i += length
            runStart = i
            // A high surrogate waits for the reference right after it.
            if pendingHigh != nil, !(i < n && raw[i] == 0x26) {
                pendingHigh = nil
                appendScalar(0xFFFD, to: &out)
            }
        }
        if pendingHigh != nil { appendScalar(0xFFFD, to: &out) }
        flush(n)
    }

    /// The scalar a reference at `i` names and its length, or nil if `&` there is plain text.
    private static func reference(_ raw: UnsafeRawBufferPointer, at i: Int) -> (UInt32, Int)? {
        let n = raw.count
        var end = i + 1
        while end < n, end - i <= maxReference, raw[end] != 0x3B { end += 1 }
        guard end < n, raw[end] == 0x3B, end > i + 1 else { return nil }
        let body = UnsafeRawBufferPointer(rebasing: raw[(i + 1)..<end])
        if body[0] == 0x23 {
            var value: UInt32 = 0
            var k = 1
            let hex = body.count > 1 && (body[1] == 0x78 || body[1] == 0x58)
            if hex { k = 2 }
            guard k < body.count else { return nil }
            while k < body.count {
                let c = body[k]
                let digit: UInt32
                switch c {
                case 0x30...0x39: digit = UInt32(c - 0x30)
                case 0x61...0x66 where hex: digit = UInt32(c - 0x61 + 10)
                case 0x41...0x46 where hex: digit = UInt32(c - 0x41 + 10)
                default: return nil
                }
                value = min(value * (hex ? 16 : 10) + digit, 0x110000)
                k += 1
            }
            return (value == 0 || value > 0x10FFFF ? 0xFFFD : value, end - i + 1)
        }
        for entry in named where entry.name.count == body.count && body.elementsEqual(entry.name) {
            return (entry.scalar, end - i + 1)
        }
        return nil
    }

    static func appendScalar(_ v: UInt32, to out: inout [UInt8]) {
        switch v {
        case 0..<0x80:
            out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}
