import CSanadArchive
import Foundation
import CSanadShims
import SanadModel

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
public final class ArchiveReader {
    private let archive: OpaquePointer
    private var opened = false

    public enum Formats: Sendable {
        /// Zip through its central directory: a zip whose end record is missing is refused
        /// instead of being read up to where it happens to stop.
        case zip
        /// Zip by its local headers only, for recovering what a damaged zip still holds.
        case zipLocalHeaders
        /// Zip (central directory) and pax/ustar tar.
        case zipOrTar
    }

    /// Opens `path`. Entries are read in order and their data streamed; nothing is unpacked.
    public init(path: String, formats: Formats = .zip) throws(SanadError) {
        csanad_set_utf8_locale()
        guard let a = archive_read_new() else { throw SanadError(.internalError, "archive_read_new failed") }
        archive = a
        if formats == .zipLocalHeaders {
            archive_read_support_format_zip_streamable(a)
        } else {
            archive_read_support_format_zip_seekable(a)
        }
        if formats == .zipOrTar {
            archive_read_support_format_tar(a)
            archive_read_support_filter_all(a)
        }
        guard archive_read_open_filename(a, path, 1 << 16) == ARCHIVE_OK else {
            throw SanadError(.archiveCorrupt, "cannot open archive: \(String(cString: csanad_archive_error(UnsafeMutableRawPointer(a))))")
        }
        opened = true
    }

    /// The reader this one reads its bytes from (a zip inside a zip), kept alive with it.
    private var outer: ArchiveReader?

    /// Reads an archive that is the current entry of `outer` (a zip original inside a sealed
    /// archive), pulling the outer entry's data as it goes: nothing is unpacked. With no way
    /// to seek, a zip is read by its local headers.
    public init(nestedIn outer: ArchiveReader) throws(SanadError) {
        csanad_set_utf8_locale()
        guard let a = archive_read_new() else { throw SanadError(.internalError, "archive_read_new failed") }
        archive = a
        self.outer = outer
        archive_read_support_format_zip_streamable(a)
        let context = Unmanaged.passUnretained(outer).toOpaque()
        let read: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, UnsafeMutablePointer<UnsafeRawPointer?>?) -> la_ssize_t = {
            _, client, buffer in
            guard let client, let buffer else { return -1 }
            let outer = Unmanaged<ArchiveReader>.fromOpaque(client).takeUnretainedValue()
            var block: UnsafeRawPointer?
            var size = 0
            var offset: la_int64_t = 0
            let rc = archive_read_data_block(outer.archive, &block, &size, &offset)
            if rc == ARCHIVE_EOF { return 0 }
            guard rc == ARCHIVE_OK || rc == ARCHIVE_WARN else { return -1 }
            buffer.pointee = block
            return la_ssize_t(size)
        }
        guard archive_read_open(a, context, nil, read, nil) == ARCHIVE_OK else {
            throw SanadError(.archiveCorrupt, "cannot open the inner archive: \(String(cString: csanad_archive_error(UnsafeMutableRawPointer(a))))")
        }
        opened = true
    }

    deinit {
        if opened { archive_read_close(archive) }
        archive_read_free(archive)
    }

    private var errorText: String { String(cString: csanad_archive_error(UnsafeMutableRawPointer(archive))) }

    /// The next entry's header, or `nil` at the end of the archive.
    public func nextEntry() throws(SanadError) -> ArchiveEntryInfo? {
        var entry: OpaquePointer?
        let rc = archive_read_next_header(archive, &entry)
        if rc == ARCHIVE_EOF { return nil }
        guard rc == ARCHIVE_OK || rc == ARCHIVE_WARN, let entry else {
            throw SanadError(.archiveCorrupt, "cannot read the next entry: \(errorText)")
        }
        let utf8 = archive_entry_pathname_utf8(entry)
        let raw = archive_entry_pathname(entry)
        let path = utf8.map { String(cString: $0) } ?? raw.map { String(decoding: strlenBytes($0), as: UTF8.self) } ?? ""
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
            total += Int64(size)
            if total > limit {
                throw SanadError(.archiveUnsafe, "entry expands beyond the \(limit)-byte limit")
            }
            if let buf, size > 0 { try body(UnsafeRawBufferPointer(start: buf, count: size)) }
        }
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
