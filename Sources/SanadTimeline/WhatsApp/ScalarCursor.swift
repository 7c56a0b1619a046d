/// A cursor over the scalars of a line with the format marks already removed.
struct ScalarCursor {
    let s: UnsafeBufferPointer<UInt32>
    var i = 0

    /// `scalars` must outlive the cursor.
    init(_ scalars: UnsafeBufferPointer<UInt32>) {
        s = scalars
    }

    var atEnd: Bool { i >= s.count }
    var peek: UInt32? { i < s.count ? s[i] : nil }

    func peek(_ ahead: Int) -> UInt32? { i + ahead < s.count ? s[i + ahead] : nil }

    mutating func take(_ c: Character) -> Bool {
        guard let p = peek, p == c.unicodeScalars.first!.value else { return false }
        i += 1
        return true
    }

    mutating func take(anyOf set: [UInt32]) -> UInt32? {
        guard let p = peek, set.contains(p) else { return nil }
        i += 1
        return p
    }

    /// Takes `word` if the scalars at the cursor spell it.
    mutating func take(word: [UInt32]) -> Bool {
        guard i + word.count <= s.count else { return false }
        for (k, w) in word.enumerated() where s[i + k] != w { return false }
        i += word.count
        return true
    }

    /// ASCII, Arabic-Indic and Extended Arabic-Indic digits.
    static func digitValue(_ c: UInt32) -> Int? {
        switch c {
        case 0x30...0x39: return Int(c - 0x30)
        case 0x660...0x669: return Int(c - 0x660)
        case 0x6F0...0x6F9: return Int(c - 0x6F0)
        default: return nil
        }
    }

    /// A number of `min...max` digits, not followed by another digit.
    mutating func number(digits range: ClosedRange<Int>) -> (value: Int, digits: Int)? {
        var value = 0, n = 0
        while let p = peek, let d = Self.digitValue(p) {
            guard n < range.upperBound else { return nil }
            value = value * 10 + d
            n += 1
            i += 1
        }
        return n >= range.lowerBound ? (value, n) : nil
    }

    /// U+0020, NO-BREAK SPACE, NARROW NO-BREAK SPACE, THIN SPACE: all occur in timestamps.
    static func isSpace(_ c: UInt32) -> Bool { c == 0x20 || c == 0xA0 || c == 0x202F || c == 0x2009 }

    @discardableResult
    mutating func skipSpaces() -> Int {
        var n = 0
        while let p = peek, Self.isSpace(p) { i += 1; n += 1 }
        return n
    }

    static func isLetter(_ c: UInt32) -> Bool {
        if c < 0x80 { return (0x61...0x7A).contains(c | 0x20) }
        guard let scalar = Unicode.Scalar(c) else { return false }
        return scalar.properties.isAlphabetic && digitValue(c) == nil
    }

    /// The scalar after the cursor is not a letter: a word ends here.
    var atWordEnd: Bool {
        guard let p = peek else { return true }
        return !Self.isLetter(p)
    }
}
