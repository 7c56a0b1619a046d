/// RFC 8785 (JSON Canonicalization Scheme) serialisation, plus a stable pretty form for humans.
///
/// Canonical form: members sorted by their UTF-16 code units, no insignificant white space,
/// strings escaped only where JSON requires it (with lowercase `\u00xx`), integers in decimal.
public enum CanonicalJSON {
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, into: &out, indent: nil, depth: 0)
        return out
    }

    /// Sorted keys and two-space indentation, ending in LF: deterministic and readable.
    public static func encodePretty(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        write(value, into: &out, indent: 2, depth: 0)
        out.append(0x0A)
        return out
    }

    public static func string(_ value: JSONValue) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }

    /// Order of RFC 8785 §3.2.3: compare keys as sequences of UTF-16 code units. For ASCII keys
    /// (all of Sanad's own) that is the order of their bytes, which is much cheaper to compare.
    public static func sortedKeys(_ keys: some Sequence<String>) -> [String] {
        let all = Array(keys)
        if all.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) {
            return all.sorted { a, b in a.utf8.lexicographicallyPrecedes(b.utf8) }
        }
        return all.sorted { a, b in a.utf16.lexicographicallyPrecedes(b.utf16) }
    }

    private static func write(_ value: JSONValue, into out: inout [UInt8], indent: Int?, depth: Int) {
        switch value {
        case .null: append("null", to: &out)
        case .bool(let b): append(b ? "true" : "false", to: &out)
        case .int(let i): writeInt(i, into: &out)
        case .double(let d): out.append(contentsOf: Array(formatDouble(d).utf8))
        case .string(let s): writeString(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (n, item) in items.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, indent, depth + 1)
                write(item, into: &out, indent: indent, depth: depth + 1)
            }
            if !items.isEmpty { newline(&out, indent, depth) }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let keys = sortedKeys(members.keys)
            for (n, key) in keys.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, indent, depth + 1)
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(UInt8(ascii: " ")) }
                write(members[key].unsafelyUnwrapped, into: &out, indent: indent, depth: depth + 1)
            }
            if !keys.isEmpty { newline(&out, indent, depth) }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func append(_ text: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private static func writeInt(_ i: Int64, into out: inout [UInt8]) {
        if i == 0 { out.append(0x30); return }
        if i < 0 { out.append(UInt8(ascii: "-")) }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        var v = i.magnitude
        withUnsafeMutableBytes(of: &digits) { d in
            while v > 0 {
                d[n] = 0x30 + UInt8(v % 10)
                v /= 10
                n += 1
            }
            for k in stride(from: n - 1, through: 0, by: -1) { out.append(d[k]) }
        }
    }

    private static func newline(_ out: inout [UInt8], _ indent: Int?, _ depth: Int) {
        guard let indent else { return }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * depth))
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `s` as an RFC 8785 string, quotes included.
    public static func writeString(_ s: String, into out: inout [UInt8]) {
        var s = s
        if !s.isContiguousUTF8 { s.makeContiguousUTF8() }
        out.append(UInt8(ascii: "\""))
        s.utf8.withContiguousStorageIfAvailable { bytes in
            var run = 0
            for i in 0..<bytes.count {
                let b = bytes[i]
                guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
                if i > run { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i])) }
                escape(b, into: &out)
                run = i + 1
            }
            if bytes.count > run { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<bytes.count])) }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func escape(_ byte: UInt8, into out: inout [UInt8]) {
        switch byte {
        case 0x22: out.append(contentsOf: [0x5C, 0x22])
        case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
        case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
        case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
        case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x00..<0x20:
            out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        default: out.append(byte)
        }
    }

    /// ECMAScript-style shortest round-trip form. Sanad itself writes integers only.
    static func formatDouble(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e21 { return String(Int64(d)) }
        return "\(d)"
    }
}
