/// Finds the EXIF block (the TIFF structure libexif reads) inside a JPEG, PNG or HEIC file
/// (docs/TIMELINE.md §9.1), from the file's first bytes.
///
/// Every length and offset comes from the file and may lie: each is checked against the bytes
/// at hand before use, every walk moves strictly forward, and nothing is trusted past the head.
enum ExifLocator {
    /// The most EXIF read: JPEG caps it at 64 KiB; a bigger block in PNG or HEIC is not a camera's.
    static let maxExifBytes = 1 << 20

    enum Found: Equatable {
        /// The TIFF block, when it lies within the head.
        case tiff([UInt8])
        /// A HEIC `Exif` item outside the head: `length` bytes at `offset`, whose first four
        /// bytes say how many bytes follow before the TIFF header.
        case heifItem(offset: Int64, length: Int)
        case none
    }

    static let exifHeader: [UInt8] = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00]

    static func locate(_ format: ImageFormat, head: [UInt8], fileSize: Int64) -> Found {
        switch format {
        case .jpeg: return jpeg(head)
        case .png: return png(head)
        case .heic: return HEIFExifLocator.locate(head: head, fileSize: fileSize)
        }
    }

    /// Segments from after SOI up to the start of scan; the first APP1 that begins `Exif\0\0`.
    static func jpeg(_ b: [UInt8]) -> Found {
        var i = 2
        while i + 4 <= b.count {
            guard b[i] == 0xFF else { return .none }
            let marker = b[i + 1]
            if marker == 0xFF { i += 1; continue }  // fill byte
            if marker == 0x01 || (0xD0...0xD8).contains(marker) { i += 2; continue }
            if marker == 0xD9 || marker == 0xDA { return .none }
            guard let length = BigEndian.u16(b, i + 2), length >= 2 else { return .none }
            let start = i + 4, end = i + 2 + Int(length)
            guard end <= b.count else { return .none }
            if marker == 0xE1, end - start >= 6, Array(b[start..<(start + 6)]) == exifHeader {
                return .tiff(Array(b[(start + 6)..<end]))
            }
            i = end
        }
        return .none
    }

    /// Chunks after the signature up to `IEND`; the `eXIf` chunk's data is the TIFF block
    /// (some writers put `Exif\0\0` before it, which is taken off).
    static func png(_ b: [UInt8]) -> Found {
        var i = 8
        while let length = BigEndian.u32(b, i), let type = BigEndian.fourCC(b, i + 4) {
            guard length <= 0x7FFF_FFFF else { return .none }
            let start = i + 8, end = start + Int(length)
            guard end + 4 <= b.count else { return .none }
            if type == "eXIf" {
                guard Int(length) <= maxExifBytes else { return .none }
                var data = Array(b[start..<end])
                if data.starts(with: exifHeader) { data.removeFirst(6) }
                return .tiff(data)
            }
            if type == "IEND" { return .none }
            i = end + 4
        }
        return .none
    }

    /// A HEIF `Exif` item's payload: a 4-byte offset, that many bytes (`Exif\0\0`), then TIFF.
    static func tiff(fromHEIFItem payload: [UInt8]) -> [UInt8]? {
        guard let skip = BigEndian.u32(payload, 0), Int(skip) <= payload.count - 4 else { return nil }
        return Array(payload[(4 + Int(skip))...])
    }
}
