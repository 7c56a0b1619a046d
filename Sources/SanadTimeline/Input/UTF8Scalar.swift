/// A strict UTF-8 decoder for one scalar at a time: overlong forms, surrogates and values
/// past U+10FFFF are invalid, as in `String(validating:)`.
enum UTF8Scalar {
    /// The scalar at `i` and its length in bytes, or nil if the bytes there are not UTF-8.
    static func decode(_ b: UnsafeRawBufferPointer, at i: Int) -> (value: UInt32, length: Int)? {
        let n = b.count
        let b0 = UInt32(b[i])
        if b0 < 0x80 { return (b0, 1) }
        func cont(_ k: Int) -> UInt32? {
            guard i + k < n, b[i + k] & 0xC0 == 0x80 else { return nil }
            return UInt32(b[i + k] & 0x3F)
        }
        switch b0 {
        case 0xC2...0xDF:
            guard let c1 = cont(1) else { return nil }
            return ((b0 & 0x1F) << 6 | c1, 2)
        case 0xE0...0xEF:
            guard let c1 = cont(1), let c2 = cont(2) else { return nil }
            let v = (b0 & 0x0F) << 12 | c1 << 6 | c2
            guard v >= 0x800, !(0xD800...0xDFFF).contains(v) else { return nil }
            return (v, 3)
        case 0xF0...0xF4:
            guard let c1 = cont(1), let c2 = cont(2), let c3 = cont(3) else { return nil }
            let v = (b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
            guard (0x10000...0x10FFFF).contains(v) else { return nil }
            return (v, 4)
        default:
            return nil
        }
    }

    /// Whether all of `b` is UTF-8, without making a `String` of it (a million events each
    /// checked by `String(validating:)` cost a million allocations). ASCII is checked eight
    /// bytes at a time.
    static func isValid(_ b: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = b.count
        while i + 8 <= n {
            if b.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
            i += 8
        }
        while i < n {
            guard let (_, length) = decode(b, at: i) else { return false }
            i += length
        }
        return true
    }

    static func isValid(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBytes { isValid($0) }
    }
}
