import SanadExif
/// A photo's time as one source states it, before it is placed (docs/TIMELINE.md §11.2).
struct ImageTime: Equatable {
    enum Value: Equatable {
        /// A wall-clock time with no zone.
        case local(LocalDateTime)
        /// A wall-clock time with the UTC offset the source states, and milliseconds.
        case stated(LocalDateTime, offsetSeconds: Int, milliseconds: Int)
        /// An instant (the file's modification time), milliseconds since 1970.
        case instant(Int64)
    }

    var value: Value
    var source: TimeSource

    /// EXIF's tags in the order they are tried: when the picture was taken, when it was
    /// digitised, when the file was last written. Each has its own offset and sub-second tags.
    private static let exifTags: [(ExifBlock.Directory, UInt16, UInt16, UInt16, TimeSource)] = [
        (.exif, 0x9003, 0x9011, 0x9291, .exifOriginal),
        (.exif, 0x9004, 0x9012, 0x9292, .exifDigitized),
        (.main, 0x0132, 0x9010, 0x9290, .exifDateTime),
    ]

    /// The first EXIF date that is a real date, with its offset and sub-seconds when present.
    static func fromExif(_ block: ExifBlock) -> ImageTime? {
        for (directory, dateTag, offsetTag, subSecTag, source) in exifTags {
            guard let written = block.ascii(directory, dateTag), let local = exifDate(written) else { continue }
            if let offset = block.ascii(.exif, offsetTag).flatMap(exifOffset) {
                let ms = block.ascii(.exif, subSecTag).flatMap(milliseconds) ?? 0
                return ImageTime(value: .stated(local, offsetSeconds: offset, milliseconds: ms), source: source)
            }
            return ImageTime(value: .local(local), source: source)
        }
        return nil
    }

    /// `YYYY:MM:DD HH:MM:SS`; nil for blanks, zeros (`0000:00:00 00:00:00`, what cameras write
    /// when their clock was never set) and impossible dates.
    static func exifDate(_ s: String) -> LocalDateTime? {
        let b = Array(s.utf8)
        guard b.count >= 19 else { return nil }
        func n(_ from: Int, _ count: Int) -> Int? {
            var v = 0
            for k in from..<(from + count) {
                guard (0x30...0x39).contains(b[k]) else { return nil }
                v = v * 10 + Int(b[k] - 0x30)
            }
            return v
        }
        guard b[4] == 0x3A, b[7] == 0x3A, b[10] == 0x20, b[13] == 0x3A, b[16] == 0x3A,
            let y = n(0, 4), let mo = n(5, 2), let d = n(8, 2), let h = n(11, 2), let mi = n(14, 2), let sec = n(17, 2)
        else { return nil }
        return LocalDateTime(year: y, month: mo, day: d, hour: h, minute: mi, second: sec)
    }

    /// `+03:00`, `-05:30`; nil for blanks.
    static func exifOffset(_ s: String) -> Int? {
        let b = Array(s.utf8)
        guard b.count >= 6, b[0] == 0x2B || b[0] == 0x2D, b[3] == 0x3A,
            b[1...2].allSatisfy({ (0x30...0x39).contains($0) }), b[4...5].allSatisfy({ (0x30...0x39).contains($0) })
        else { return nil }
        let h = Int(b[1] - 0x30) * 10 + Int(b[2] - 0x30), m = Int(b[4] - 0x30) * 10 + Int(b[5] - 0x30)
        guard h <= 18, m < 60 else { return nil }
        return (h * 3600 + m * 60) * (b[0] == 0x2D ? -1 : 1)
    }

    /// `SubSecTime…`: decimal digits of a second; the first three are milliseconds.
    static func milliseconds(_ s: String) -> Int? {
        let digits = s.trimmingSpaces
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        let three = Array(digits.utf8.prefix(3)) + Array(repeating: UInt8(0x30), count: max(0, 3 - digits.utf8.count))
        return three.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
}
