import SanadModel

/// Padding for age files, so that a stored file's length tells only a rounded size (Padmé:
/// Nikitin et al., "Reducing metadata leakage from encrypted files and communication with
/// PURBs", PETS 2019). The padding is one header stanza of a type recipients do not know,
/// `-> sanad-pad F` followed by a body of zero bytes in wrapped base64. The age spec has
/// recipients skip unknown stanzas, and the header MAC covers it like any other, so `age` and
/// any conforming reader open a padded file and nobody can strip the padding unnoticed.
///
/// Exact lengths: a body of n zero bytes is `ceil(4n/3)` characters (never 1 more than a
/// multiple of 4) plus one newline per full 64-column line plus the final (possibly empty)
/// line's newline, so a body alone cannot make every length. The filler argument `F` (one to
/// three `0`s) takes up the last one or two bytes, so every padded file is exactly
/// `AgeFile.paddedLength` of its unpadded length, where "unpadded" already counts the smallest
/// padding stanza (`-> sanad-pad 0` and an empty body: 16 bytes).
enum AgePadding {
    static let stanzaType = "sanad-pad"
    /// `-> sanad-pad 0\n\n`.
    static let minimumStanzaLength = 16

    /// The padding stanza `minimumStanzaLength + extra` bytes long.
    static func stanza(extra: Int64) -> [UInt8] {
        let n = bodyLength(extra: extra)
        let characters = base64Length(n)
        let filler = Int(extra - encodedLength(n)) + 1
        var s = Array("-> \(stanzaType) \(String(repeating: "0", count: filler))\n".utf8)
        s.reserveCapacity(s.count + Int(encodedLength(n)) + 1)
        let line = [UInt8](repeating: 0x41, count: 64) + [0x0A]
        for _ in 0..<(characters / 64) { s += line }
        s += [UInt8](repeating: 0x41, count: Int(characters % 64)) + [0x0A]
        return s
    }

    /// The most zero bytes whose wrapped base64 takes no more than `extra` bytes beyond the
    /// empty body's single newline. One more byte adds at most 3 bytes of text (2 characters
    /// and a line's newline), so what is left for the filler is 0, 1 or 2.
    static func bodyLength(extra: Int64) -> Int64 {
        var n = max(0, extra * 64 / 65 * 3 / 4 - 2)
        while encodedLength(n + 1) <= extra { n += 1 }
        while n > 0, encodedLength(n) > extra { n -= 1 }
        return n
    }

    /// Characters of unpadded base64 for `n` bytes.
    static func base64Length(_ n: Int64) -> Int64 { n / 3 * 4 + [0, 2, 3][Int(n % 3)] }

    /// Bytes a body of `n` zero bytes adds to the smallest stanza: its characters and the
    /// newlines of its full lines.
    static func encodedLength(_ n: Int64) -> Int64 { base64Length(n) + base64Length(n) / 64 }
}

extension AgeFile {
    /// Padmé's largest step is capped at 1 MiB, so that the padding of any file stays under
    /// 1 MiB (1.4 MB of header): a writer and a reader hold the header in memory, two copy
    /// workers may each hold one, and an `add` must stay under 64 MiB of memory whatever the
    /// files. Below 32 MiB this is exactly Padmé; from 32 MiB on, lengths are rounded to
    /// multiples of 1 MiB instead of Padmé's coarser steps (a 1 GiB video then shows 10 bits of
    /// its length instead of 5).
    public static let maximumPaddingStep: Int64 = 1 << 20

    /// `length` rounded up by the Padmé rule: for L ≥ 2, E = ⌊log2 L⌋, S = ⌊log2 E⌋ + 1, a
    /// multiple of 2^(E−S) (capped at `maximumPaddingStep`). At most about 12% more, and
    /// the rounded lengths of files up to L reveal only O(log log L) bits.
    public static func paddedLength(_ length: Int64) -> Int64 {
        guard length >= 2 else { return max(length, 0) }
        let e = Int64(63 - length.leadingZeroBitCount)
        let s = Int64(63 - e.leadingZeroBitCount) + 1
        let step = min(Int64(1) << (e - s), maximumPaddingStep)
        return (length + step - 1) / step * step
    }

    /// The length of the age file `AgeWriter` makes for `plaintext` bytes and `recipients`
    /// X25519 recipients, padded (`expectedPlaintextSize` given) or not, bindable or not.
    public static func encryptedLength(plaintext: Int64, recipients: Int, padded: Bool, bound: Bool = false) -> Int64 {
        let stanza: Int64 = 98  // "-> X25519 " + 43 + "\n", then 43 + "\n"
        let binding = Int64(bound ? AgeBinding.stanzaLength : 0)
        let header = Int64(AgeHeader.intro.count) + Int64(recipients) * stanza + binding + 48  // "--- " + 43 + "\n"
        let unpadded = header + 16 + AgePayload.payloadLength(plaintext: plaintext)
        return padded ? paddedLength(unpadded + Int64(AgePadding.minimumStanzaLength)) : unpadded
    }
}
