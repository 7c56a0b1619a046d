extension CanonicalJSON {
    /// Whether `bytes` are, byte for byte, what `encode` writes for the document they hold,
    /// decided in one pass over the bytes without building the document.
    ///
    /// `true` is exact: the bytes are valid JSON and `encode(JSONParser.parse(bytes)) == bytes`.
    /// `false` means "not shown here": the bytes may be invalid or not canonical, or use
    /// something this pass leaves to the full comparison (fractions and exponents, numbers of
    /// 19 digits or more, escaped or non-ASCII member names). Callers then parse, encode and
    /// compare. A custody log is 100,000 lines of Sanad's own canonical JSON; re-encoding every
    /// line cost more than everything else its check does.
    public static func isCanonical(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var scan = CanonicalScan(bytes: bytes)
        guard scan.value(depth: 0) else { return false }
        return scan.pos == bytes.count
    }

    public static func isCanonical(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { isCanonical($0) }
    }

    public static func isCanonical(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { isCanonical($0) }
    }
}

/// The single pass behind `CanonicalJSON.isCanonical`: a recursive descent that accepts only
/// the exact spelling `CanonicalJSON.encode` produces.
private struct CanonicalScan {
    let bytes: UnsafeBufferPointer<UInt8>
    var pos = 0
    static let maxDepth = 64

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private func at(_ i: Int) -> UInt8? { i < bytes.count ? bytes[i] : nil }

    mutating func value(depth: Int) -> Bool {
        guard depth <= Self.maxDepth, let b = at(pos) else { return false }
        switch b {
        case UInt8(ascii: "{"): return object(depth: depth)
        case UInt8(ascii: "["): return array(depth: depth)
        case UInt8(ascii: "\""): return string(keyOnly: false) != nil
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default: return integer()
        }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard bytes.count - pos >= n else { return false }
        for k in 0..<n where bytes[pos + k] != word.utf8Start[k] { return false }
        pos += n
        return true
    }

    /// `0` or `-?[1-9][0-9]{0,17}`: what `encode` writes for an integer the parser keeps as one.
    private mutating func integer() -> Bool {
        let start = pos
        if at(pos) == UInt8(ascii: "-") { pos += 1 }
        let first = pos
        while let c = at(pos), (0x30...0x39).contains(c) { pos += 1 }
        let digits = pos - first
        guard digits > 0, pos - start <= 18 else { return false }
        if bytes[first] == 0x30 { return digits == 1 && first == start }
        if let c = at(pos), c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") { return false }
        return true
    }

    /// A string in RFC 8785 spelling: returns the range of its content, or nil. With `keyOnly`,
    /// only plain ASCII without escapes is taken (member order is then byte order).
    private mutating func string(keyOnly: Bool) -> Range<Int>? {
        pos += 1
        let start = pos
        var high: UInt8 = 0
        while let b = at(pos) {
            switch b {
            case 0x22:
                let content = start..<pos
                pos += 1
                if high >= 0x80 {
                    if keyOnly { return nil }
                    guard String(validating: UnsafeBufferPointer(rebasing: bytes[content]), as: UTF8.self) != nil else {
                        return nil
                    }
                }
                return content
            case 0x5C:
                if keyOnly { return nil }
                guard escape() else { return nil }
            case 0x00..<0x20:
                return nil
            default:
                high |= b
                pos += 1
            }
        }
        return nil
    }

    /// One escape as `encode` writes it: `\"`, `\\`, `\b`, `\t`, `\n`, `\f`, `\r`, or
    /// `\u00xx` (lowercase) for any other control character. Nothing else is escaped.
    private mutating func escape() -> Bool {
        guard let e = at(pos + 1) else { return false }
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "b"), UInt8(ascii: "t"), UInt8(ascii: "n"),
            UInt8(ascii: "f"), UInt8(ascii: "r"):
            pos += 2
            return true
        case UInt8(ascii: "u"):
            guard bytes.count - pos >= 6, bytes[pos + 2] == 0x30, bytes[pos + 3] == 0x30 else { return false }
            let hi = bytes[pos + 4], lo = bytes[pos + 5]
            guard hi == 0x30 || hi == 0x31, (0x30...0x39).contains(lo) || (0x61...0x66).contains(lo) else {
                return false
            }
            let value = (hi - 0x30) << 4 | (lo <= 0x39 ? lo - 0x30 : lo - 0x61 + 10)
            // These five have a short form, which `encode` uses.
            guard ![0x08, 0x09, 0x0A, 0x0C, 0x0D].contains(value) else { return false }
            pos += 6
            return true
        default:
            return false
        }
    }

    private mutating func object(depth: Int) -> Bool {
        pos += 1
        if at(pos) == UInt8(ascii: "}") { pos += 1; return true }
        var previous: Range<Int>?
        while true {
            guard at(pos) == UInt8(ascii: "\""), let key = string(keyOnly: true) else { return false }
            // Strictly increasing: sorted, and no name twice.
            if let previous, !precedes(previous, key) { return false }
            previous = key
            guard at(pos) == UInt8(ascii: ":") else { return false }
            pos += 1
            guard value(depth: depth + 1) else { return false }
            switch at(pos) {
            case UInt8(ascii: ","): pos += 1
            case UInt8(ascii: "}"): pos += 1; return true
            default: return false
            }
        }
    }

    private mutating func array(depth: Int) -> Bool {
        pos += 1
        if at(pos) == UInt8(ascii: "]") { pos += 1; return true }
        while true {
            guard value(depth: depth + 1) else { return false }
            switch at(pos) {
            case UInt8(ascii: ","): pos += 1
            case UInt8(ascii: "]"): pos += 1; return true
            default: return false
            }
        }
    }

    private func precedes(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        let n = min(a.count, b.count)
        for k in 0..<n where bytes[a.lowerBound + k] != bytes[b.lowerBound + k] {
            return bytes[a.lowerBound + k] < bytes[b.lowerBound + k]
        }
        return a.count < b.count
    }
}
