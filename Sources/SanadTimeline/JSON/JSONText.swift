import SanadModel

/// Text read out of a JSON string for an event: format marks removed (docs/TIMELINE.md §4).
enum JSONText {
    /// `s` without format marks; nil for nil or for a string that is empty without them.
    static func clean(_ s: String?) -> String? {
        guard let s, !s.isEmpty else { return nil }
        guard mayHaveMarks(s) else { return s }
        var out: [UInt8] = []
        var utf8 = Array(s.utf8)
        utf8.withUnsafeBytes { FormatMarks.appendStripped($0, to: &out) }
        utf8 = []
        return out.isEmpty ? nil : String(decoding: out, as: UTF8.self)
    }

    /// False when `s` has no lead byte of a format mark (U+200E… start with E2, U+061C with
    /// D8 9C, U+FEFF with EF): most text, which then needs no copy.
    private static func mayHaveMarks(_ s: String) -> Bool {
        var previous: UInt8 = 0
        for b in s.utf8 {
            if b == 0xE2 || b == 0xEF || (previous == 0xD8 && b == 0x9C) { return true }
            previous = b
        }
        return false
    }

    /// A JSON number as the export wrote it, near enough: integers as integers, others in
    /// Swift's shortest round-trip form (`33.3152`).
    static func number(_ v: JSONValue?) -> String? {
        switch v {
        case .int(let i)?: return String(i)
        case .double(let d)?: return String(d)
        case .string(let s)?: return s
        default: return nil
        }
    }

    /// An id the platform writes as a number in some versions and a string in others.
    static func id(_ v: JSONValue?) -> String? {
        switch v {
        case .int(let i)?: return String(i)
        case .string(let s)? where !s.isEmpty: return s
        default: return nil
        }
    }
}
