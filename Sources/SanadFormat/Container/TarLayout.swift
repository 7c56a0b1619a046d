/// The exact bytes of every tar block Sanad writes (libarchive's restricted pax format, owner
/// 0/0 with no names, mode 0644), as pure functions of each entry's path, size and time:
/// docs/FORMAT.md §8.3. A pax extended header appears only when the ustar header cannot hold
/// the path (non-ASCII, or too long to split) or the size (8 GiB or more), and then holds only
/// `path` and `size` records.
public enum TarLayout {
    public static let block = 512
    /// Sizes from here on need a pax `size` record (the ustar field holds 11 octal digits).
    package static let paxSizeFrom: Int64 = 1 << 33

    /// The blocks in front of an entry's data: an optional pax header block with its records
    /// (padded to a block), then the ustar header. Nil when libarchive could not have written
    /// the entry (a name no ustar header can hold even truncated).
    public static func headers(path: [UInt8], size: Int64, mtime: Int64) -> [UInt8]? {
        let needsPath = path.contains { $0 >= 0x80 } || (path.count > 100 && splitPoint(path) == nil)
        var records: [UInt8] = []
        if needsPath { records += paxRecord("path", path) }
        if size >= paxSizeFrom { records += paxRecord("size", Array(String(size).utf8)) }
        let ustarName = needsPath ? ustarEntryName(path, insert: nil) : path
        guard let main = ustarHeader(name: ustarName, size: size, mtime: mtime, type: UInt8(ascii: "0"), strict: false)
        else { return nil }
        guard !records.isEmpty else { return main }
        guard
            let pax = ustarHeader(
                name: paxHeaderName(ustarName), size: Int64(records.count), mtime: mtime,
                type: UInt8(ascii: "x"), strict: true)
        else { return nil }
        return pax + records + [UInt8](repeating: 0, count: padding(records.count)) + main
    }

    /// Zero bytes after `size` bytes of data, up to the next block.
    public static func padding(_ size: Int) -> Int { (block - size % block) % block }

    /// Whether a block is a ustar header: magic `ustar\0`, version `00`, and a valid checksum.
    public static func isUstarHeader(_ h: ArraySlice<UInt8>) -> Bool {
        let b = Array(h)
        guard b.count == block, b[257..<263].elementsEqual(Array("ustar\0".utf8)), b[263] == 0x30, b[264] == 0x30 else {
            return false
        }
        return hasValidChecksum(b)
    }

    /// Whether a block is some tar header (POSIX ustar or GNU's `ustar  `): what decides that a
    /// file is a tar, before the profile says whether it is Sanad's kind of tar.
    public static func isTarHeader(_ h: ArraySlice<UInt8>) -> Bool {
        let b = Array(h)
        return b.count == block && b[257..<262].elementsEqual(Array("ustar".utf8)) && hasValidChecksum(b)
    }

    package static func hasValidChecksum(_ b: [UInt8]) -> Bool {
        guard let stored = octal(b[148..<156]) else { return false }
        return stored == Int64(checksum(b))
    }

    /// The sum of a header's bytes with its checksum field counted as spaces.
    package static func checksum(_ h: [UInt8]) -> UInt32 {
        var sum: UInt32 = 0
        for (i, v) in h.enumerated() { sum += (148..<156).contains(i) ? 32 : UInt32(v) }
        return sum
    }

    /// An octal number field: digits, optionally led by spaces and ended by a space or NUL.
    package static func octal(_ field: ArraySlice<UInt8>) -> Int64? {
        var v: Int64 = 0
        var digits = 0
        for c in field {
            if c == 0x20 || c == 0 { if digits > 0 { break } else { continue } }
            guard (0x30...0x37).contains(c), v < Int64.max >> 3 else { return nil }
            v = v << 3 | Int64(c - 0x30)
            digits += 1
        }
        return digits > 0 ? v : nil
    }

    // MARK: the ustar header

    package static let fields: [(Int, String)] = [
        (0, "name"), (100, "mode"), (108, "uid"), (116, "gid"), (124, "size"), (136, "mtime"), (148, "checksum"),
        (156, "type flag"), (157, "link name"), (257, "magic"), (263, "version"), (265, "user name"),
        (297, "group name"),
        (329, "device major"), (337, "device minor"), (345, "prefix"), (500, "padding"),
    ]

    package static func field(at offset: Int) -> String { fields.last { $0.0 <= offset }?.1 ?? "start" }

    package static func ustarHeader(name: [UInt8], size: Int64, mtime: Int64, type: UInt8, strict: Bool) -> [UInt8]? {
        var h = [UInt8](repeating: 0, count: block)
        if name.count <= 100 {
            h.replaceSubrange(0..<name.count, with: name)
        } else {
            guard let split = splitPoint(name) else { return nil }
            h.replaceSubrange(345..<(345 + split), with: name[0..<split])
            let rest = name[(split + 1)...]
            h.replaceSubrange(0..<rest.count, with: rest)
        }
        for (offset, text) in [
            (100, "000644 \0"), (108, "000000 \0"), (116, "000000 \0"), (329, "000000 \0"), (337, "000000 \0"),
        ] {
            h.replaceSubrange(offset..<(offset + 8), with: Array(text.utf8))
        }
        h[135] = 0x20
        h[147] = 0x20
        guard writeNumber(size, into: &h, at: 124, digits: 11, strict: strict),
            writeNumber(mtime, into: &h, at: 136, digits: 11, strict: strict)
        else { return nil }
        h[156] = type
        h.replaceSubrange(257..<265, with: Array("ustar\u{0}00".utf8))
        let sum = checksum(h)
        writeOctal(Int64(sum), into: &h, at: 148, digits: 6)
        h[154] = 0
        h[155] = 0x20
        return h
    }

    /// libarchive's rule for a name longer than 100 bytes: the first '/' at or after byte
    /// `count − 101` (not the very first byte) splits it into a prefix of at most 155 bytes and
    /// a name of at most 100. Nil when there is no such '/'.
    package static func splitPoint(_ name: [UInt8]) -> Int? {
        let slash = UInt8(ascii: "/")
        guard name.count > 100 else { return nil }
        var p = name[(name.count - 101)...].firstIndex(of: slash)
        if p == 0 { p = name[1...].firstIndex(of: slash) }
        guard let split = p, split != name.count - 1, split <= 155 else { return nil }
        return split
    }

    /// Numbers as libarchive formats them: `digits` octal digits before the field's terminator;
    /// outside strict mode a larger value may take the terminator's byte, and a still larger one
    /// is written in base 256.
    package static func writeNumber(
        _ v: Int64, into h: inout [UInt8], at offset: Int, digits: Int, strict: Bool
    ) -> Bool {
        guard v >= 0 else { return false }
        if v < Int64(1) << (3 * digits) {
            writeOctal(v, into: &h, at: offset, digits: digits)
            return true
        }
        guard !strict else { return false }
        if v < Int64(1) << (3 * (digits + 1)) {
            writeOctal(v, into: &h, at: offset, digits: digits + 1)
            return true
        }
        var x = v
        for i in stride(from: offset + digits, through: offset, by: -1) {
            h[i] = UInt8(truncatingIfNeeded: x)
            x >>= 8
        }
        h[offset] |= 0x80
        return true
    }

    package static func writeOctal(_ v: Int64, into h: inout [UInt8], at offset: Int, digits: Int) {
        var x = v
        for i in stride(from: offset + digits - 1, through: offset, by: -1) {
            h[i] = 0x30 + UInt8(x & 7)
            x >>= 3
        }
    }

    // MARK: pax

    /// `<length> <key>=<value>\n`, the length counting itself.
    package static func paxRecord(_ key: String, _ value: [UInt8]) -> [UInt8] {
        let body = 1 + key.utf8.count + 1 + value.count + 1
        var digits = String(body).count
        var tenPower = 1
        for _ in 0..<digits { tenPower *= 10 }
        if body + digits >= tenPower { digits += 1 }
        return Array("\(body + digits) \(key)=".utf8) + value + [0x0A]
    }

    /// The name of a pax header entry: `dir/PaxHeader/file`, shortened as a ustar name would be.
    package static func paxHeaderName(_ name: [UInt8]) -> [UInt8] {
        var end = name.count
        while true {
            if end > 0, name[end - 1] == UInt8(ascii: "/") { end -= 1; continue }
            if end > 1, name[end - 1] == UInt8(ascii: "."), name[end - 2] == UInt8(ascii: "/") { end -= 1; continue }
            break
        }
        if name.isEmpty { return Array("PaxHeader/blank".utf8) }
        if end == 0 { return Array("/PaxHeader/rootdir".utf8) }
        if end == 1, name[0] == UInt8(ascii: ".") { return Array("PaxHeader/currentdir".utf8) }
        return ustarEntryName(Array(name[0..<end]), insert: Array("PaxHeader".utf8))
    }

    /// libarchive's shortening of a name for the ustar fields when a pax record carries the
    /// real one: keep a leading part of the folders (at most 155 bytes, ending in '/'), as much
    /// of the rest of the folders as fits, the optional `insert` folder, and the start of the
    /// file name, so that everything after the prefix fits in 99 bytes.
    package static func ustarEntryName(_ src: [UInt8], insert: [UInt8]?) -> [UInt8] {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        if src.count < 100, insert == nil { return src }
        var room = 99
        var fileEnd = src.count
        var trailingSlash = false
        while true {
            if fileEnd > 0, src[fileEnd - 1] == slash { fileEnd -= 1; trailingSlash = true; continue }
            if fileEnd > 1, src[fileEnd - 1] == dot, src[fileEnd - 2] == slash {
                fileEnd -= 2; trailingSlash = true; continue
            }
            break
        }
        if trailingSlash { room -= 1 }
        var file = max(fileEnd - 1, 0)
        while file > 0, src[file] != slash { file -= 1 }
        if file < src.count, src[file] == slash, file < fileEnd - 1 { file += 1 }
        room -= insert.map { $0.count + 2 } ?? 0
        if fileEnd > file + room { fileEnd = file + room }
        room -= fileEnd - file

        var prefixEnd = min(155, file)
        while prefixEnd > 0, src[prefixEnd] != slash { prefixEnd -= 1 }
        if prefixEnd < file, src[prefixEnd] == slash { prefixEnd += 1 }

        let suffix = prefixEnd
        var suffixEnd = max(min(suffix + room, file), suffix)
        while suffixEnd > suffix, src[suffixEnd] != slash { suffixEnd -= 1 }
        if suffixEnd < file, src[suffixEnd] == slash { suffixEnd += 1 }

        var out = Array(src[0..<prefixEnd]) + Array(src[suffix..<suffixEnd])
        if let insert { out += insert + [slash] }
        out += src[file..<fileEnd]
        if trailingSlash { out.append(slash) }
        return out
    }
}
