/// The invisible bidi and format marks that exports scatter through their text
/// (docs/TIMELINE.md §4). They are removed, and nothing else is: ZWJ and ZWNJ stay, because
/// they change how emoji and Persian words are written.
enum FormatMarks {
    static func isMark(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: return true
        default: return false
        }
    }

    /// Appends `bytes` without the marks. In UTF-8 a lead byte never occurs inside another
    /// character, so matching the marks' byte sequences is exact.
    static func appendStripped(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        let n = bytes.count
        var i = 0
        var runStart = 0
        while i < n {
            let b = bytes[i]
            var skip = 0
            if b == 0xE2, i + 2 < n {
                let b1 = bytes[i + 1], b2 = bytes[i + 2]
                if b1 == 0x80, b2 == 0x8E || b2 == 0x8F || (0xAA...0xAE).contains(b2) { skip = 3 }
                if b1 == 0x81, (0xA6...0xA9).contains(b2) { skip = 3 }
            } else if b == 0xD8, i + 1 < n, bytes[i + 1] == 0x9C {
                skip = 2
            } else if b == 0xEF, i + 2 < n, bytes[i + 1] == 0xBB, bytes[i + 2] == 0xBF {
                skip = 3
            }
            if skip > 0 {
                if i > runStart { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<i])) }
                i += skip
                runStart = i
            } else {
                i += 1
            }
        }
        if n > runStart { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<n])) }
    }

    /// Whether `bytes` begins with U+200E LEFT-TO-RIGHT MARK, which iOS puts before its notices.
    static func startsWithLRM(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xE2 && bytes[1] == 0x80 && bytes[2] == 0x8E
    }
}
