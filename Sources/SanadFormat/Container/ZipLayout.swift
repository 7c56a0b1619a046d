import Foundation
import SanadModel

/// The exact bytes of every zip record Sanad writes (through libarchive, entries stored, writer
/// zone UTC, owner 0/0, mode 0644), as pure functions of each entry's name, size, time, CRC-32
/// and offset: docs/FORMAT.md §8.2 states them as rules. The verifier rebuilds each record from
/// those values and requires the file to hold exactly these bytes, so that a local header, its
/// central record and every reader's view of them cannot disagree.
public enum ZipLayout {
    package static let localSignature: UInt32 = 0x0403_4B50
    package static let centralSignature: UInt32 = 0x0201_4B50
    package static let descriptorSignature: UInt32 = 0x0807_4B50
    package static let endSignature: UInt32 = 0x0605_4B50
    package static let zip64EndSignature: UInt32 = 0x0606_4B50
    package static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    /// The 32-bit fields' "look in the zip64 record" marker; never a real value in the profile.
    package static let max32: UInt64 = 0xFFFF_FFFF
    package static let max16: UInt64 = 0xFFFF
    /// General purpose flags: sizes and CRC follow the data (bit 3); name is UTF-8 (bit 11).
    package static let flagDescriptor: UInt16 = 0x0008
    package static let flagUTF8: UInt16 = 0x0800
    /// Unix mode 0100644 (a regular file, rw-r--r--) in the high half, as Info-ZIP stores it.
    package static let externalAttributes: UInt32 = 0o100644 << 16
    /// Entry times Sanad accepts: from 1980 (the first DOS date) to 2038-01-19 (the last a
    /// signed 32-bit `UT` field and a ustar header both hold without extensions).
    public static let earliestTime: Int64 = 315_532_800
    public static let latestTime: Int64 = 0x7FFF_FFFE

    /// What the records of one entry are built from.
    public struct Entry: Sendable, Equatable {
        public var name: [UInt8]
        public var size: UInt64
        public var mtime: UInt32
        public var crc32: UInt32
        /// Offset of the entry's local header.
        public var offset: UInt64

        package init(name: [UInt8], size: UInt64, mtime: UInt32, crc32: UInt32, offset: UInt64) {
            self.name = name
            self.size = size
            self.mtime = mtime
            self.crc32 = crc32
            self.offset = offset
        }

        /// Zip64 in the local header and data descriptor: only for data over 4 GiB − 1.
        package var zip64Local: Bool { size > ZipLayout.max32 }
        /// Zip64 in the central record: for data over 4 GiB − 1 or a header past it.
        package var zip64Central: Bool { size > ZipLayout.max32 || offset > ZipLayout.max32 }
        package var versionLocal: UInt16 { zip64Local ? 45 : 10 }
        package var flags: UInt16 { ZipLayout.flagDescriptor | (name.contains { $0 >= 0x80 } ? ZipLayout.flagUTF8 : 0) }
    }

    // MARK: records

    /// The bytes a writer of the `into:` form makes, as a new array.
    private static func built(_ write: (inout [UInt8]) -> Void) -> [UInt8] {
        var out: [UInt8] = []
        write(&out)
        return out
    }

    public static func localHeader(_ e: Entry) -> [UInt8] { built { localHeader(e, into: &$0) } }

    /// The local header written into `out`, which keeps its storage: a verifier rebuilds one per
    /// entry, 100,000 of them in a large case.
    package static func localHeader(_ e: Entry, into out: inout [UInt8]) {
        var b = ByteWriter(reusing: &out)
        defer { out = b.out }
        b.u32(localSignature)
        b.u16(e.versionLocal)
        b.u16(e.flags)
        b.u16(0)  // stored
        b.u32(dosTime(Int64(e.mtime)))
        b.u32(0)  // CRC-32 comes in the data descriptor
        let size32 = e.zip64Local ? UInt32(max32) : UInt32(e.size)
        b.u32(size32)
        b.u32(size32)
        b.u16(UInt16(e.name.count))
        b.u16(UInt16(commonExtraLength + (e.zip64Local ? 20 : 0)))
        b.bytes(e.name)
        b.commonExtra(e)
        if e.zip64Local { b.zip64Field(e.size, e.size) }
    }

    public static func dataDescriptor(_ e: Entry) -> [UInt8] { built { dataDescriptor(e, into: &$0) } }

    package static func dataDescriptor(_ e: Entry, into out: inout [UInt8]) {
        var b = ByteWriter(reusing: &out)
        defer { out = b.out }
        b.u32(descriptorSignature)
        b.u32(e.crc32)
        if e.zip64Local {
            b.u64(e.size)
            b.u64(e.size)
        } else {
            b.u32(UInt32(e.size))
            b.u32(UInt32(e.size))
        }
    }

    public static func centralRecord(_ e: Entry) -> [UInt8] { built { centralRecord(e, into: &$0) } }

    package static func centralRecord(_ e: Entry, into out: inout [UInt8]) {
        var b = ByteWriter(reusing: &out)
        defer { out = b.out }
        b.u32(centralSignature)
        b.u16(0x0300 | e.versionLocal)  // made by: Unix, and the local header's version
        b.u16(e.zip64Central ? 45 : e.versionLocal)
        b.u16(e.flags)
        b.u16(0)
        b.u32(dosTime(Int64(e.mtime)))
        b.u32(e.crc32)
        b.u32(UInt32(min(e.size, max32)))
        b.u32(UInt32(min(e.size, max32)))
        let bigSize = e.size >= max32, bigOffset = e.offset >= max32
        let zip64Length = e.zip64Central ? 4 + (bigSize ? 16 : 0) + (bigOffset ? 8 : 0) : 0
        b.u16(UInt16(e.name.count))
        b.u16(UInt16(commonExtraLength + zip64Length))
        b.u16(0)  // comment
        b.u16(0)  // disk
        b.u16(0)  // internal attributes
        b.u32(externalAttributes)
        b.u32(UInt32(min(e.offset, max32)))
        b.bytes(e.name)
        b.commonExtra(e)
        if e.zip64Central {
            b.u16(0x0001)
            b.u16(UInt16(zip64Length - 4))
            if bigSize { b.u64(e.size); b.u64(e.size) }
            if bigOffset { b.u64(e.offset) }
        }
    }

    /// What follows the central directory: the zip64 end record and its locator when a count,
    /// size or offset needs them, then the end record with no comment.
    public static func endRecords(entries: UInt64, directoryOffset: UInt64, directorySize: UInt64) -> [UInt8] {
        var b = ByteWriter()
        if directorySize > max32 || directoryOffset > max32 || entries > max16 {
            b.u32(zip64EndSignature)
            b.u64(44)
            b.u16(45)
            b.u16(45)
            b.u32(0)
            b.u32(0)
            b.u64(entries)
            b.u64(entries)
            b.u64(directorySize)
            b.u64(directoryOffset)
            b.u32(zip64LocatorSignature)
            b.u32(0)
            b.u64(directoryOffset + directorySize)
            b.u32(1)
        }
        b.u32(endSignature)
        b.u16(0)
        b.u16(0)
        b.u16(UInt16(min(entries, max16)))
        b.u16(UInt16(min(entries, max16)))
        b.u32(UInt32(min(directorySize, max32)))
        b.u32(UInt32(min(directoryOffset, max32)))
        b.u16(0)
        return b.out
    }

    /// Values whose 32- or 16-bit field would hold the zip64 marker itself: readers disagree
    /// on whether to look for a zip64 record, so the profile forbids them (a seal refuses).
    public static func ambiguousValue(size: UInt64? = nil, offset: UInt64? = nil, entries: UInt64? = nil) -> String? {
        if size == max32 { return "a size of exactly 4,294,967,295 bytes" }
        if offset == max32 { return "an offset of exactly 4,294,967,295" }
        if entries == max16 { return "exactly 65,535 entries" }
        return nil
    }

    /// Bytes of the `UT` and `ux` fields `ByteWriter.commonExtra` writes.
    package static let commonExtraLength = 24

    /// An MS-DOS date and time in UTC, to the even second below. The civil date comes from
    /// the day count by arithmetic (`CivilDate`), as `gmtime_r` gives it: a
    /// verifier rebuilds two headers per entry, and 100,000 calls into libc's time code
    /// showed in its profile.
    public static func dosTime(_ t: Int64) -> UInt32 {
        let days = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
        let seconds = t - days * 86_400
        let (year, month, day) = CivilDate.fromDays(Int(days))
        if year < 1980 { return 0x0021_0000 }
        if year > 2107 { return 0xFF9F_BF7D }
        let date = UInt32(year - 1980) << 9 | UInt32(month) << 5 | UInt32(day)
        let clock = UInt32(seconds / 3600) << 11 | UInt32(seconds % 3600 / 60) << 5 | UInt32(seconds % 60) >> 1
        return date << 16 | clock
    }

    // MARK: naming a difference

    package static let localFields: [(Int, String)] = [
        (0, "signature"), (4, "version needed"), (6, "flags"), (8, "compression method"), (10, "DOS time"),
        (14, "CRC-32"), (18, "compressed size"), (22, "size"), (26, "name length"), (28, "extra field length"),
        (30, "name or extra fields"),
    ]
    package static let centralFields: [(Int, String)] = [
        (0, "signature"), (4, "version made by"), (6, "version needed"), (8, "flags"), (10, "compression method"),
        (12, "DOS time"),
        (16, "CRC-32"), (20, "compressed size"), (24, "size"), (28, "name length"), (30, "extra field length"),
        (32, "comment length"),
        (34, "disk number"), (36, "internal attributes"), (38, "external attributes (mode)"),
        (42, "local header offset"),
        (46, "name or extra fields"),
    ]
    package static let descriptorFields: [(Int, String)] = [(0, "signature"), (4, "CRC-32"), (8, "sizes")]

    /// The field of a record layout that holds byte `offset`.
    package static func field(at offset: Int, in layout: [(Int, String)]) -> String {
        layout.last { $0.0 <= offset }?.1 ?? "start"
    }
}

/// Little-endian output for the records above.
package struct ByteWriter {
    package var out: [UInt8] = []

    package init(capacity: Int = 64) { out.reserveCapacity(capacity) }

    /// Writes into `storage`'s buffer, emptied; hand it back with `storage = writer.out`.
    package init(reusing storage: inout [UInt8]) {
        swap(&out, &storage)
        out.removeAll(keepingCapacity: true)
        if out.capacity < 128 { out.reserveCapacity(128) }
    }

    package mutating func byte(_ v: UInt8) { out.append(v) }
    package mutating func u16(_ v: UInt16) {
        out.append(UInt8(v & 0xFF))
        out.append(UInt8(v >> 8))
    }
    package mutating func u32(_ v: UInt32) { for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * i))) } }
    package mutating func u64(_ v: UInt64) { for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * i))) } }
    package mutating func bytes(_ v: [UInt8]) { out += v }

    /// `UT` (modification time) and `ux` (owner 0, group 0), the same in both headers:
    /// `ZipLayout.commonExtraLength` bytes.
    package mutating func commonExtra(_ e: ZipLayout.Entry) {
        u16(0x5455)
        u16(5)
        byte(1)
        u32(e.mtime)
        u16(0x7875)
        u16(11)
        for b: UInt8 in [1, 4, 0, 0, 0, 0, 4, 0, 0, 0, 0] { byte(b) }
    }

    /// A zip64 extended information field holding `a` and `b`.
    package mutating func zip64Field(_ a: UInt64, _ b: UInt64) {
        u16(0x0001)
        u16(16)
        u64(a)
        u64(b)
    }
}

/// Little-endian reads from a header held in memory.
extension Array where Element == UInt8 {
    package func le16(_ at: Int) -> UInt16 { UInt16(self[at]) | UInt16(self[at + 1]) << 8 }
    package func le32(_ at: Int) -> UInt32 {
        UInt32(self[at]) | UInt32(self[at + 1]) << 8 | UInt32(self[at + 2]) << 16 | UInt32(self[at + 3]) << 24
    }
    package func le64(_ at: Int) -> UInt64 { UInt64(le32(at)) | UInt64(le32(at + 4)) << 32 }
}
