import SanadModel

/// Bech32 (BIP 173), as age writes its keys: `age1…` recipients and `AGE-SECRET-KEY-1…`
/// identities (C2SP age, "Recipient and identity encoding").
public enum Bech32 {
    private static let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    private static let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        var chk: UInt32 = 1
        for v in values {
            let top = chk >> 25
            chk = (chk & 0x1ff_ffff) << 5 ^ UInt32(v)
            for i in 0..<5 where (top >> UInt32(i)) & 1 == 1 { chk ^= generator[i] }
        }
        return chk
    }

    private static func expand(_ hrp: [UInt8]) -> [UInt8] { hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 } }

    /// 8-bit bytes to 5-bit groups (`pad`), or back (no padding allowed beyond 4 zero bits).
    private static func convert(_ data: [UInt8], from: Int, to: Int, pad: Bool) -> [UInt8]? {
        var acc = 0, bits = 0
        var out: [UInt8] = []
        let maxv = (1 << to) - 1
        for v in data {
            acc = acc << from | Int(v)
            bits += from
            while bits >= to {
                bits -= to
                out.append(UInt8(acc >> bits & maxv))
            }
        }
        if pad {
            if bits > 0 { out.append(UInt8(acc << (to - bits) & maxv)) }
        } else if bits >= from || acc << (to - bits) & maxv != 0 {
            return nil
        }
        return out
    }

    /// `hrp` (lower case) and `data`, in lower case; age writes identities in upper case.
    public static func encode(hrp: String, data: [UInt8]) -> String {
        let h = Array(hrp.lowercased().utf8)
        let values = convert(data, from: 8, to: 5, pad: true)!
        let check = polymod(expand(h) + values + [0, 0, 0, 0, 0, 0]) ^ 1
        let sum = (0..<6).map { UInt8((check >> UInt32(5 * (5 - $0))) & 31) }
        return String(decoding: h + [0x31] + (values + sum).map { charset[Int($0)] }, as: UTF8.self)
    }

    /// The human-readable part (lower case) and data of a Bech32 string, or nil when it is not
    /// one: mixed case, a bad character, a wrong checksum.
    public static func decode(_ text: String) -> (hrp: String, data: [UInt8])? {
        guard text == text.lowercased() || text == text.uppercased() else { return nil }
        let s = Array(text.lowercased().utf8)
        guard let sep = s.lastIndex(of: 0x31), sep >= 1, s.count - sep >= 7 else { return nil }
        var values: [UInt8] = []
        for c in s[(sep + 1)...] {
            guard let i = charset.firstIndex(of: c) else { return nil }
            values.append(UInt8(i))
        }
        let hrp = Array(s[..<sep])
        guard hrp.allSatisfy({ (33...126).contains($0) }), polymod(expand(hrp) + values) == 1,
            let data = convert(Array(values.dropLast(6)), from: 5, to: 8, pad: false)
        else { return nil }
        return (String(decoding: hrp, as: UTF8.self), data)
    }
}
