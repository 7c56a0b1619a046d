/// Finds the `Exif` item of a HEIF file (ISO/IEC 23008-12, on ISO BMFF 14496-12): the
/// top-level `meta` box, its `iinf` (whose `infe` entries give item types) and `iloc` (where
/// each item's bytes are) (docs/TIMELINE.md §9.1).
enum HEIFExifLocator {
    /// No real file has more boxes at one level; a hostile one stops here.
    static let maxBoxes = 4096

    static func locate(head b: [UInt8], fileSize: Int64) -> ExifLocator.Found {
        guard let meta = box(named: "meta", in: b, from: 0, to: b.count, fileSize: fileSize) else { return .none }
        // `meta` is a full box: version and flags, then its children.
        let children = min(meta.lowerBound + 4, meta.upperBound)..<meta.upperBound
        guard children.lowerBound <= children.upperBound,
            let iinf = box(
                named: "iinf", in: b, from: children.lowerBound, to: children.upperBound, fileSize: fileSize),
            let iloc = box(
                named: "iloc", in: b, from: children.lowerBound, to: children.upperBound, fileSize: fileSize),
            let id = exifItemID(b, iinf), let (offset, length) = extent(b, iloc, item: id)
        else { return .none }
        guard length >= 4, length <= ExifLocator.maxExifBytes, offset >= 0, offset + Int64(length) <= fileSize else {
            return .none
        }
        if offset + Int64(length) <= Int64(b.count) {
            let payload = Array(b[Int(offset)..<(Int(offset) + length)])
            return ExifLocator.tiff(fromHEIFItem: payload).map { .tiff($0) } ?? .none
        }
        return .heifItem(offset: offset, length: length)
    }

    /// A box's content range (after its header) in `b`; nil when it does not lie wholly in `b`.
    private static func box(named name: String, in b: [UInt8], from: Int, to: Int, fileSize: Int64) -> Range<Int>? {
        var i = from, count = 0
        while i + 8 <= to, count < maxBoxes {
            count += 1
            guard let size32 = BigEndian.u32(b, i), let type = BigEndian.fourCC(b, i + 4) else { return nil }
            var header = 8
            var size = Int64(size32)
            if size32 == 1 {
                guard let large = BigEndian.u64(b, i + 8), large <= UInt64(Int64.max) else { return nil }
                size = Int64(large)
                header = 16
            } else if size32 == 0 {
                size = Int64(to - i)  // to the end of the enclosing box or file
            }
            guard size >= Int64(header), Int64(i) + size <= Int64(to) || (from == 0 && Int64(i) + size <= fileSize)
            else {
                return nil
            }
            if type == name {
                let end = Int64(i) + size
                guard end <= Int64(to) else { return nil }
                return (i + header)..<Int(end)
            }
            guard Int64(i) + size <= Int64(to) else { return nil }
            i += Int(size)
        }
        return nil
    }

    /// The ID of the first `infe` (version 2 or 3) whose item type is `Exif`.
    private static func exifItemID(_ b: [UInt8], _ iinf: Range<Int>) -> UInt32? {
        guard iinf.lowerBound < iinf.upperBound else { return nil }
        let version = b[iinf.lowerBound]
        var i = iinf.lowerBound + 4 + (version == 0 ? 2 : 4)
        var count = 0
        while i + 8 <= iinf.upperBound, count < maxBoxes {
            count += 1
            guard let size = BigEndian.u32(b, i), size >= 8, i + Int(size) <= iinf.upperBound,
                BigEndian.fourCC(b, i + 4) == "infe"
            else { return nil }
            let v = b.count > i + 8 ? b[i + 8] : 0
            let body = i + 12
            if v == 2, let id = BigEndian.u16(b, body), BigEndian.fourCC(b, body + 4) == "Exif",
                body + 8 <= i + Int(size)
            {
                return UInt32(id)
            }
            if v == 3, let id = BigEndian.u32(b, body), BigEndian.fourCC(b, body + 6) == "Exif",
                body + 10 <= i + Int(size)
            {
                return id
            }
            i += Int(size)
        }
        return nil
    }

    /// The file offset and length of `item`'s single extent, stored in the file itself
    /// (construction method 0); nil for anything else.
    private static func extent(_ b: [UInt8], _ iloc: Range<Int>, item: UInt32) -> (Int64, Int)? {
        let end = iloc.upperBound
        var i = iloc.lowerBound
        guard i + 6 <= end else { return nil }
        let version = b[i]
        guard version <= 2 else { return nil }
        let offsetSize = Int(b[i + 4] >> 4), lengthSize = Int(b[i + 4] & 0x0F)
        let baseSize = Int(b[i + 5] >> 4), indexSize = version == 0 ? 0 : Int(b[i + 5] & 0x0F)
        i += 6
        guard let count = number(b, &i, wide: version >= 2) else { return nil }
        for _ in 0..<min(count, UInt32(maxBoxes)) {
            guard i < end else { return nil }
            guard let id = number(b, &i, wide: version >= 2) else { return nil }
            var method: UInt16 = 0
            if version >= 1 {
                guard let m = BigEndian.u16(b, i) else { return nil }
                method = m & 0x0F
                i += 2
            }
            guard BigEndian.u16(b, i) != nil, let base = BigEndian.sized(b, i + 2, baseSize) else { return nil }
            i += 2 + baseSize
            guard let extents = BigEndian.u16(b, i) else { return nil }
            i += 2
            var first: (UInt64, UInt64)?
            for _ in 0..<extents {
                guard i + indexSize <= end else { return nil }
                i += indexSize
                guard let off = BigEndian.sized(b, i, offsetSize),
                    let len = BigEndian.sized(b, i + offsetSize, lengthSize),
                    i + offsetSize + lengthSize <= end
                else { return nil }
                i += offsetSize + lengthSize
                if first == nil { first = (off, len) }
            }
            if id == item {
                guard method == 0, extents == 1, let (off, len) = first else { return nil }
                let (sum, overflow) = base.addingReportingOverflow(off)
                guard !overflow, sum <= UInt64(Int64.max), len <= UInt64(ExifLocator.maxExifBytes) else { return nil }
                return (Int64(sum), Int(len))
            }
        }
        return nil
    }

    /// A big-endian count or item ID at `i`, 32 bits wide or 16, and `i` moved past it.
    private static func number(_ b: [UInt8], _ i: inout Int, wide: Bool) -> UInt32? {
        if wide {
            guard let v = BigEndian.u32(b, i) else { return nil }
            i += 4
            return v
        }
        guard let v = BigEndian.u16(b, i) else { return nil }
        i += 2
        return UInt32(v)
    }
}
