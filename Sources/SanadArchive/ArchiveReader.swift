import CSanadArchive
import Foundation
import CSanadArchiveShims
import SanadModel
import SanadIO

/// One entry header read from an archive stream.
public struct ArchiveEntryInfo: Sendable {
    public enum Kind: String, Sendable { case file, directory, symlink, hardlink, device, fifo, socket, other }
    public let path: String
    /// Raw name bytes, for names that are not valid UTF-8.
    public let pathIsValidUTF8: Bool
    public let kind: Kind
    /// Declared size; `nil` when the header does not state one.
    public let declaredSize: Int64?
    public let mtime: Int64?
    public let linkTarget: String?
}

/// Reads zip and tar archives through libarchive as a stream: nothing is unpacked to disk.
/// Owns the `struct archive` and frees it in `deinit`.
///
/// The format is the caller's choice, never libarchive's bidding, and no decompression filter
/// is enabled, so a file with lrzip or lzop magic cannot make libarchive run those programs.
public final class ArchiveReader {
    private let archive: OpaquePointer
    private var opened = false
    /// What libarchive reported as warnings (`ARCHIVE_WARN`) so far: a header it had to guess
    /// at, a CRC that did not match, a local header that disagreed with the central directory.
    public private(set) var warnings: [String] = []

    public enum Formats: Sendable {
        /// Zip through its central directory: a zip whose end record is missing is refused
        /// instead of being read up to where it happens to stop.
        case zip
        /// Zip by its local headers only, for recovering what a damaged zip still holds.
        case zipLocalHeaders
        /// Tar (ustar, pax, GNU) only.
        case tar
    }

    /// Opens `path`. Entries are read in order and their data streamed; nothing is unpacked.
    /// `blockSize` is how much libarchive reads at a time; a reader that mostly seeks (from one
    /// header to the next) wants it small.
    public init(path: String, formats: Formats = .zip, blockSize: Int = 1 << 16) throws(SanadError) {
        csanad_set_utf8_locale()
        guard let a = archive_read_new() else { throw SanadError(.internalError, "archive_read_new failed") }
        archive = a
        Self.enable(formats, on: a)
        guard archive_read_open_filename(a, path, blockSize) == ARCHIVE_OK else {
            throw SanadError(.archiveCorrupt, "cannot open archive: \(String(cString: csanad_archive_error(a)))")
        }
        opened = true
    }

    /// Keeps the byte range a reader reads from alive with it.
    private var range: FileRange?

    /// Reads an archive stored as bytes `offset..<offset+size` of the file at `path` (a zip
    /// original inside a sealed archive), seeking within them as a file would: a zip is read
    /// through its central directory, as at ingest. Nothing is unpacked.
    public convenience init(path: String, offset: Int64, size: Int64, formats: Formats = .zip) throws(SanadError) {
        try self.init(range: try FileRange(path: path, offset: offset, size: size), formats: formats)
    }

    /// Reads an archive from `source` (bytes `offset..<offset+size`, or all of it), seeking as in
    /// a file: a zip original in an encrypted workspace, decrypted only where libarchive reads.
    public convenience init(
        source: RandomAccessSource, offset: Int64 = 0, size: Int64? = nil, formats: Formats = .zip
    ) throws(SanadError) {
        let range = FileRange(source: source, offset: offset, size: size ?? source.size - offset)
        try self.init(range: range, formats: formats)
    }

    private init(range: FileRange, formats: Formats) throws(SanadError) {
        csanad_set_utf8_locale()
        guard let a = archive_read_new() else { throw SanadError(.internalError, "archive_read_new failed") }
        archive = a
        self.range = range
        Self.enable(formats, on: a)
        let context = Unmanaged.passUnretained(range).toOpaque()
        archive_read_set_callback_data(a, context)
        archive_read_set_read_callback(a) { _, client, buffer in
            guard let client, let buffer else { return -1 }
            return FileRange.from(client).read(into: buffer)
        }
        archive_read_set_seek_callback(a) { _, client, offset, whence in
            guard let client else { return -1 }
            return FileRange.from(client).seek(offset, whence: whence)
        }
        archive_read_set_skip_callback(a) { _, client, request in
            guard let client else { return 0 }
            return FileRange.from(client).skip(request)
        }
        guard archive_read_open1(a) == ARCHIVE_OK else {
            throw SanadError(
                .archiveCorrupt, "cannot open the inner archive: \(String(cString: csanad_archive_error(a)))")
        }
        opened = true
    }

    private static func enable(_ formats: Formats, on a: OpaquePointer) {
        switch formats {
        case .zip: archive_read_support_format_zip_seekable(a)
        case .zipLocalHeaders: archive_read_support_format_zip_streamable(a)
        case .tar: archive_read_support_format_tar(a)
        }
    }

    deinit {
        if opened { archive_read_close(archive) }
        archive_read_free(archive)
    }

    private var errorText: String { String(cString: csanad_archive_error(archive)) }

    /// The next entry's header, or `nil` at the end of the archive.
    public func nextEntry() throws(SanadError) -> ArchiveEntryInfo? {
        var entry: OpaquePointer?
        let rc = archive_read_next_header(archive, &entry)
        if rc == ARCHIVE_EOF { return nil }
        guard rc == ARCHIVE_OK || rc == ARCHIVE_WARN, let entry else {
            throw SanadError(.archiveCorrupt, "cannot read the next entry: \(errorText)")
        }
        if rc == ARCHIVE_WARN { warnings.append(errorText) }
        let utf8 = archive_entry_pathname_utf8(entry)
        // The locale form only when there is no UTF-8 form: asking for it converts the name again.
        let path =
            utf8.map { String(cString: $0) }
            ?? archive_entry_pathname(entry).map { String(decoding: strlenBytes($0), as: UTF8.self) } ?? ""
        let kind: ArchiveEntryInfo.Kind
        let hardlink = archive_entry_hardlink(entry)
        // AE_IF* are cast macros Swift cannot import; libarchive uses the POSIX values.
        switch archive_entry_filetype(entry) {
        case _ where hardlink != nil: kind = .hardlink
        case S_IFREG: kind = .file
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        case S_IFCHR, S_IFBLK: kind = .device
        case S_IFIFO: kind = .fifo
        case S_IFSOCK: kind = .socket
        default: kind = .other
        }
        let target = (archive_entry_symlink(entry) ?? hardlink).map { String(cString: $0) }
        return ArchiveEntryInfo(
            path: path, pathIsValidUTF8: utf8 != nil, kind: kind,
            declaredSize: archive_entry_size_is_set(entry) != 0 ? archive_entry_size(entry) : nil,
            mtime: archive_entry_mtime_is_set(entry) != 0 ? Int64(archive_entry_mtime(entry)) : nil,
            linkTarget: target)
    }

    /// Streams the current entry's data into `body` in chunks; returns the byte count.
    /// Stops with `archiveUnsafe` once more than `limit` bytes have come out.
    @discardableResult
    public func readData(limit: Int64 = .max, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        var total: Int64 = 0
        var buf: UnsafeRawPointer?
        var size = 0
        var offset: la_int64_t = 0
        while true {
            let rc = archive_read_data_block(archive, &buf, &size, &offset)
            if rc == ARCHIVE_EOF { return total }
            guard rc == ARCHIVE_OK || rc == ARCHIVE_WARN else {
                throw SanadError(.archiveCorrupt, "cannot read entry data: \(errorText)")
            }
            if rc == ARCHIVE_WARN { warnings.append(errorText) }
            total += Int64(size)
            if total > limit {
                throw SanadError(.archiveUnsafe, "entry expands beyond the \(limit)-byte limit")
            }
            if let buf, size > 0 { try body(UnsafeRawBufferPointer(start: buf, count: size)) }
        }
    }

    /// Moves past the current entry's data without reading it (a seek where the input allows).
    public func skipData() throws(SanadError) {
        let rc = archive_read_data_skip(archive)
        guard rc == ARCHIVE_OK || rc == ARCHIVE_WARN else {
            throw SanadError(.archiveCorrupt, "cannot skip entry data: \(errorText)")
        }
        if rc == ARCHIVE_WARN { warnings.append(errorText) }
    }

    /// Bytes of compressed input consumed so far, for expansion-ratio checks.
    public var compressedBytesRead: Int64 { archive_filter_bytes(archive, -1) }
}

private func strlenBytes(_ p: UnsafePointer<CChar>) -> [UInt8] {
    var out: [UInt8] = []
    var q = p
    while q.pointee != 0 { out.append(UInt8(bitPattern: q.pointee)); q += 1 }
    return out
}
