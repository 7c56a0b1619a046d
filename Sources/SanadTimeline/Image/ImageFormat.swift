/// The image containers whose EXIF block Sanad reads, told apart by their first bytes
/// (docs/TIMELINE.md §9).
enum ImageFormat: String {
    case jpeg, png, heic

    /// `FF D8 FF` (JPEG), the PNG signature, or an ISO BMFF `ftyp` box whose brands are HEIF's.
    init?(prefix: [UInt8]) {
        if prefix.count >= 3, prefix[0] == 0xFF, prefix[1] == 0xD8, prefix[2] == 0xFF {
            self = .jpeg
        } else if prefix.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if Self.isHEIF(prefix) {
            self = .heic
        } else {
            return nil
        }
    }

    /// HEIF image brands (ISO/IEC 23008-12): the major brand or a compatible one.
    private static let heifBrands: Set<String> = ["heic", "heix", "heim", "heis", "mif1", "msf1"]

    private static func isHEIF(_ p: [UInt8]) -> Bool {
        guard p.count >= 16, let size = BigEndian.u32(p, 0), String(decoding: p[4..<8], as: UTF8.self) == "ftyp",
            size >= 16, size % 4 == 0
        else { return false }
        let end = min(Int(size), p.count)
        var i = 8
        while i + 4 <= end {
            if i != 12, heifBrands.contains(String(decoding: p[i..<(i + 4)], as: UTF8.self)) { return true }
            i += 4
        }
        return false
    }
}

/// Bounds-checked big-endian reads: nil past the end, never a trap.
enum BigEndian {
    static func u16(_ b: [UInt8], _ i: Int) -> UInt16? {
        guard i >= 0, i + 2 <= b.count else { return nil }
        return UInt16(b[i]) << 8 | UInt16(b[i + 1])
    }

    static func u32(_ b: [UInt8], _ i: Int) -> UInt32? {
        guard i >= 0, i + 4 <= b.count else { return nil }
        return b[i..<(i + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func u64(_ b: [UInt8], _ i: Int) -> UInt64? {
        guard i >= 0, i + 8 <= b.count else { return nil }
        return b[i..<(i + 8)].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// An unsigned integer of 0, 4 or 8 bytes, as ISO BMFF `iloc` sizes them.
    static func sized(_ b: [UInt8], _ i: Int, _ size: Int) -> UInt64? {
        switch size {
        case 0: return 0
        case 4: return u32(b, i).map(UInt64.init)
        case 8: return u64(b, i)
        default: return nil
        }
    }

    static func fourCC(_ b: [UInt8], _ i: Int) -> String? {
        guard i >= 0, i + 4 <= b.count else { return nil }
        return String(decoding: b[i..<(i + 4)], as: UTF8.self)
    }
}
