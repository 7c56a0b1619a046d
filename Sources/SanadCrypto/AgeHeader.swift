import Foundation
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
        var stanzas: [Stanza] = []
        while true {
            let start = i
            let opening = try line(bytes, from: &i)
            if bytes[opening].starts(with: Array("---".utf8)) {
                guard bytes[opening].starts(with: Array("--- ".utf8)),
                    let mac = decodeBase64(Array(bytes[(opening.lowerBound + 4)..<opening.upperBound])), mac.count == 32
                else { throw AgeFile.malformed("the header's closing line (its MAC)") }
                return AgeHeader(stanzas: stanzas, macCovered: start + 3, mac: mac, end: i)
            }
            let args = try arguments(bytes[opening])
            guard let body = try body(bytes, from: &i) else { throw AgeFile.malformed("a stanza's body (\(args[0]))") }
            stanzas.append(Stanza(args: args, body: body))
        }
    }

    /// The line at `i` (without its newline); `i` moves past it.
    private static func line(_ bytes: UnsafeRawBufferPointer, from i: inout Int) throws(SanadError) -> Range<Int> {
        guard i < bytes.count, let p = memchr(bytes.baseAddress! + i, 0x0A, bytes.count - i) else {
            throw AgeFile.malformed("the header ends early")
        }
        let nl = bytes.baseAddress!.distance(to: UnsafeRawPointer(p))
        defer { i = nl + 1 }
        return i..<nl
    }

    /// A stanza's body at `i`: lines of 64 characters, then a shorter one (perhaps empty), in
    /// canonical base64; nil when it is not. Two passes (find the lines, then decode them into
    /// one array) keep a 40 MB padding stanza to one allocation.
    private static func body(_ bytes: UnsafeRawBufferPointer, from i: inout Int) throws(SanadError) -> [UInt8]? {
        let start = i
        var lines = 0
        while true {
            let l = try line(bytes, from: &i)
            guard l.count <= 64 else { return nil }
            lines += 1
            if l.count < 64 { break }
        }
        let characters = i - start - lines
        var ok = true
        let out = [UInt8](unsafeUninitializedCapacity: characters / 4 * 3 + 2) { buffer, count in
            var at = start
            count = 0
            for _ in 0..<lines where ok {
                let n = min(64, i - 1 - at)
                guard let got = decode(bytes.baseAddress! + at, n, into: buffer.baseAddress! + count) else {
                    ok = false
                    break
                }
                count += got
                at += n + 1
            }
        }
        return ok ? out : nil
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
    /// Each byte's 6-bit value, or 0xFF; allocated once and never freed (a lookup per byte is
    /// the hot loop of a padded file's header).
    private static let values: UnsafePointer<UInt8> = {
        let t = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        t.initialize(repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = UInt8(i) }
        return UnsafePointer(t)
    }()

    static func decodeBase64(_ text: [UInt8]) -> [UInt8]? {
        var ok = true
        let out = [UInt8](unsafeUninitializedCapacity: text.count / 4 * 3 + 2) { buffer, count in
            let got = text.withUnsafeBytes {
                decode($0.baseAddress ?? UnsafeRawPointer(buffer.baseAddress!), $0.count, into: buffer.baseAddress!)
            }
            count = got ?? 0
            ok = got != nil
        }
        return ok ? out : nil
    }

    /// Decodes `count` characters at `text` into `out`; returns how many bytes, or nil when
    /// they are not canonical unpadded base64 (a character outside the alphabet, a lone last
    /// character, or set bits left over after the last byte).
    private static func decode(_ text: UnsafeRawPointer, _ count: Int, into out: UnsafeMutablePointer<UInt8>) -> Int? {
        let p = text.assumingMemoryBound(to: UInt8.self)
        let t = values
        var i = 0
        var o = 0
        while i + 4 <= count {
            let a = t[Int(p[i])], b = t[Int(p[i + 1])], c = t[Int(p[i + 2])], d = t[Int(p[i + 3])]
            guard (a | b | c | d) & 0x80 == 0 else { return nil }
            out[o] = a << 2 | b >> 4
            out[o + 1] = b << 4 | c >> 2
            out[o + 2] = c << 6 | d
            i += 4
            o += 3
        }
        switch count - i {
        case 0: return o
        case 2:
            let a = t[Int(p[i])], b = t[Int(p[i + 1])]
            guard (a | b) & 0x80 == 0, b & 0x0F == 0 else { return nil }
            out[o] = a << 2 | b >> 4
            return o + 1
        case 3:
            let a = t[Int(p[i])], b = t[Int(p[i + 1])], c = t[Int(p[i + 2])]
            guard (a | b | c) & 0x80 == 0, c & 0x03 == 0 else { return nil }
            out[o] = a << 2 | b >> 4
            out[o + 1] = b << 4 | c >> 2
            return o + 2
        default: return nil
        }
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
