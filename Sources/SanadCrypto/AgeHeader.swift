import SanadModel

/// The header of an age v1 file (C2SP age, "Header"), read strictly as age reads it: the
/// version line, the recipient stanzas (arguments of visible ASCII, bodies in canonical unpadded
/// base64 of at most 64 columns a line, ending with a short line), and the closing line with the
/// MAC. Anything else is `usage` ("not a well-formed age file"), the vectors' "header failure".
struct AgeHeader {
    struct Stanza {
        var args: [String]
        var body: [UInt8]
    }

    static let intro = Array("age-encryption.org/v1\n".utf8)

    var stanzas: [Stanza]
    /// How many bytes the MAC covers: the header up to and including the closing line's `---`.
    var macCovered: Int
    var mac: [UInt8]
    /// Where the header ends (just past the closing line): the payload's nonce starts here.
    var end: Int

    /// The header at the start of `bytes`; whatever follows it is not read.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(SanadError) -> AgeHeader {
        guard bytes.starts(with: intro) else { throw SanadError(.usage, "not an age v1 file") }
        var i = intro.count
        func line() throws(SanadError) -> Range<Int> {
            guard let nl = bytes[i...].firstIndex(of: 0x0A) else { throw AgeFile.malformed("the header ends early") }
            defer { i = nl + 1 }
            return i..<nl
        }
        var stanzas: [Stanza] = []
        while true {
            let start = i
            let opening = try line()
            if bytes[opening].starts(with: Array("---".utf8)) {
                guard bytes[opening].starts(with: Array("--- ".utf8)),
                    let mac = decodeBase64(bytes[(opening.lowerBound + 4)..<opening.upperBound]), mac.count == 32
                else { throw AgeFile.malformed("the header's closing line (its MAC)") }
                return AgeHeader(stanzas: stanzas, macCovered: start + 3, mac: mac, end: i)
            }
            let args = try arguments(bytes[opening])
            var body: [UInt8] = []
            while true {
                let l = try line()
                guard l.count <= 64, let b = decodeBase64(bytes[l], appendingTo: &body) else {
                    throw AgeFile.malformed("a stanza's body (\(args[0]))")
                }
                if b < 48 { break }
            }
            stanzas.append(Stanza(args: args, body: body))
        }
    }

    /// A stanza's opening line after `-> `: one or more arguments of visible ASCII, one space apart.
    private static func arguments(_ line: Slice<UnsafeRawBufferPointer>) throws(SanadError) -> [String] {
        guard line.starts(with: Array("-> ".utf8)) else { throw AgeFile.malformed("a stanza's opening line") }
        let parts = line.dropFirst(3).split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { (33...126).contains($0) } }) else {
            throw AgeFile.malformed("a stanza's arguments")
        }
        return parts.map { String(decoding: $0, as: UTF8.self) }
    }

    // MARK: Base64 (RFC 4648, standard alphabet, no padding, canonical)

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let values: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = UInt8(i) }
        return t
    }()

    static func decodeBase64<C: Collection>(_ text: C) -> [UInt8]? where C.Element == UInt8 {
        var out: [UInt8] = []
        return decodeBase64(text, appendingTo: &out) == nil ? nil : out
    }

    /// Appends the bytes of `text` to `out` and returns how many; nil (and `out` unchanged in
    /// meaning, though perhaps longer) when `text` is not canonical unpadded base64.
    static func decodeBase64<C: Collection>(_ text: C, appendingTo out: inout [UInt8]) -> Int?
    where C.Element == UInt8 {
        let before = out.count
        var acc: UInt32 = 0
        var bits = 0
        for c in text {
            let v = values[Int(c)]
            guard v != 0xFF else { return nil }
            acc = acc << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
                acc &= (1 << UInt32(bits)) - 1
            }
        }
        // 6 leftover bits are a lone character (never canonical); 2 or 4 must be zero.
        guard bits < 6, acc == 0 else { return nil }
        return out.count - before
    }

    static func encodeBase64(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var i = 0
        while i < bytes.count {
            let n = min(3, bytes.count - i)
            var v = UInt32(bytes[i]) << 16
            if n > 1 { v |= UInt32(bytes[i + 1]) << 8 }
            if n > 2 { v |= UInt32(bytes[i + 2]) }
            for k in 0...n { out.append(alphabet[Int(v >> UInt32(18 - 6 * k) & 63)]) }
            i += 3
        }
        return out
    }

    /// A stanza as age writes it: `-> args`, then the body in lines of 64 columns, the last one
    /// shorter (empty when the body fills whole lines).
    static func stanza(_ args: [String], _ body: [UInt8]) -> [UInt8] {
        var s = Array("-> \(args.joined(separator: " "))\n".utf8)
        let text = encodeBase64(body)
        var i = 0
        while i + 64 <= text.count {
            s += text[i..<i + 64] + [0x0A]
            i += 64
        }
        return s + text[i...] + [0x0A]
    }
}
