import CSanadExif

/// An EXIF block read by libexif: owns the `ExifData` and frees it (docs/TIMELINE.md §9.1).
///
/// libexif is given the block exactly as found, with its `Exif\0\0` header, and told neither to
/// drop tags it does not know nor to "fix" the data to the specification: the reading must be
/// of what the camera wrote, not of what libexif would have written.
public final class ExifBlock {
    private let data: UnsafeMutablePointer<ExifData>

    /// `block` is the APP1 payload as found: `Exif\0\0`, then the TIFF structure. nil when
    /// libexif cannot allocate; a block it cannot read gives no tags.
    public init?(block: [UInt8]) {
        guard let d = exif_data_new() else { return nil }
        exif_data_unset_option(d, EXIF_DATA_OPTION_IGNORE_UNKNOWN_TAGS)
        exif_data_unset_option(d, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION)
        exif_data_set_option(d, EXIF_DATA_OPTION_DONT_CHANGE_MAKER_NOTE)
        block.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { exif_data_load_data(d, base, UInt32(buffer.count)) }
        }
        data = d
    }

    deinit {
        exif_data_unref(data)
    }

    public enum Directory: Sendable {
        /// IFD0, the main image: `DateTime`.
        case main
        /// The Exif sub-IFD: `DateTimeOriginal`, `OffsetTimeOriginal`, sub-seconds.
        case exif
    }

    /// The ASCII value of `tag`, up to its NUL; nil when absent, not ASCII, or not printable.
    public func ascii(_ directory: Directory, _ tag: UInt16) -> String? {
        let ifd = directory == .main ? data.pointee.ifd.0 : data.pointee.ifd.2
        guard let ifd, let entry = exif_content_get_entry(ifd, ExifTag(rawValue: .init(tag))),
            entry.pointee.format == EXIF_FORMAT_ASCII, let raw = entry.pointee.data
        else { return nil }
        let size = Int(entry.pointee.size)
        guard size > 0, size <= 256 else { return nil }
        var bytes: [UInt8] = []
        for k in 0..<size {
            let c = raw[k]
            if c == 0 { break }
            guard (0x20...0x7E).contains(c) else { return nil }
            bytes.append(c)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
