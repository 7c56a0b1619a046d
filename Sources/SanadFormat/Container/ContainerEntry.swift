import Foundation

/// The two containers a sealed archive may be (docs/FORMAT.md §8). Which one a file is comes
/// from its first bytes alone, never from a reader's bidding.
public enum ContainerFormat: String, Sendable {
    case zip, tar

    /// `zip` for a file that starts with a local file header, `tar` for one whose first block
    /// is a tar header (POSIX or GNU magic) with a valid checksum, otherwise nil.
    public static func sniff(_ head: [UInt8]) -> ContainerFormat? {
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .zip }
        if head.count >= 512, TarLayout.isTarHeader(head[0..<512]) { return .tar }
        return nil
    }

    /// The format of the regular file at `path` by its first bytes; nil for anything else.
    public static func sniff(path: String) -> ContainerFormat? {
        // Never open a FIFO or device just to look: opening and closing a FIFO would take its
        // writer's data away from the reader that comes next.
        var st = stat()
        guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG, let h = FileHandle(forReadingAtPath: path) else {
            return nil
        }
        defer { try? h.close() }
        return sniff([UInt8]((try? h.read(upToCount: 512)) ?? Data()))
    }

    /// What a file that is neither seems to be, for the report.
    public static func describeForeign(_ head: [UInt8]) -> String {
        let magic: [(bytes: [UInt8], what: String)] = [
            ([0x1F, 0x8B], "gzip-compressed"), ([0x42, 0x5A, 0x68], "bzip2-compressed"),
            ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz-compressed"), ([0x28, 0xB5, 0x2F, 0xFD], "zstd-compressed"),
            ([0x4C, 0x52, 0x5A, 0x49], "lrzip-compressed"), ([0x89, 0x4C, 0x5A, 0x4F], "lzop-compressed"),
            ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "a 7-Zip archive"), ([0x52, 0x61, 0x72, 0x21], "a RAR archive"),
            ([0x50, 0x4B, 0x05, 0x06], "an empty zip"), ([0x50, 0x4B, 0x07, 0x08], "a spanned zip"),
            ([0x4D, 0x5A], "a Windows program (a self-extracting archive?)"),
            ([0x7F, 0x45, 0x4C, 0x46], "a Linux program"),
        ]
        if head.isEmpty { return "the file is empty" }
        for m in magic where head.starts(with: m.bytes) {
            return "the file is \(m.what), not a zip or tar as Sanad writes them"
        }
        if head.count >= 512, head[257..<262].elementsEqual(Array("ustar".utf8)) {
            return "the file's first block looks like a tar header but its checksum or magic is not ustar's"
        }
        return "the file does not start with a zip local header or a ustar header (junk or another archive in front?)"
    }
}

/// One file inside a sealed container, as its structure gives it: where its bytes are, how
/// many, and (zip) their CRC-32. Entries are stored, so the bytes are the file itself.
public struct ContainerEntry: Sendable, Equatable {
    /// The full path inside the container, top folder included.
    public let path: String
    /// Offset of the first data byte in the container file.
    public let dataOffset: Int64
    public let size: Int64
    /// Modification time, seconds since 1970 (UTC).
    public let mtime: Int64
    /// The CRC-32 the zip records for the data (checked against the data); nil for tar.
    public let crc32: UInt32?

    public init(path: String, dataOffset: Int64, size: Int64, mtime: Int64, crc32: UInt32?) {
        self.path = path
        self.dataOffset = dataOffset
        self.size = size
        self.mtime = mtime
        self.crc32 = crc32
    }
}

/// Receives each entry as the container is read front to back: its header (already checked
/// against the profile), then its data in chunks, then its end. Called on one thread.
public protocol ContainerEntrySink: AnyObject {
    func begin(_ entry: ContainerEntry)
    func data(_ bytes: UnsafeRawBufferPointer)
    func end()
}
