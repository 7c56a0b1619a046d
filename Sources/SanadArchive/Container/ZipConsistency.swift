import Foundation
import SanadFormat
import SanadIO

/// Where a zip's two descriptions of itself disagree. Every zip describes each member twice:
/// in a local header in front of its data, which streaming readers (libarchive's streamable
/// reader, some forensic tools) follow, and in the central directory at the end, which unzip,
/// Windows and Python follow. An evidence zip (a WhatsApp export, a "Download your
/// information" file) is kept whole, but if its two descriptions disagree, the advocate who
/// adds it and a lawyer who unpacks it can see different contents: ingest records each
/// disagreement found here in the item record and warns.
///
/// This is not the sealed-archive profile: any zip is read, zip64 included, and a finding is a
/// sentence, not a verdict.
public enum ZipConsistency {
    static let maxFindings = 20

    /// Every disagreement found, empty when there is none. Reads only headers.
    public static func audit(path: String) -> [String] {
        guard let h = FileHandle(forReadingAtPath: path) else { return ["the zip cannot be opened"] }
        defer { try? h.close() }
        let size = (try? h.seekToEnd()).map(Int64.init) ?? 0
        var auditor = ZipAuditor(size: size) { offset, count in
            guard (try? h.seek(toOffset: UInt64(offset))) != nil else { return [] }
            return [UInt8]((try? h.read(upToCount: count)) ?? Data())
        }
        auditor.run()
        return auditor.findings
    }

    /// The same audit of a zip read through `source` (a stored original decrypted on the fly).
    public static func audit(source: RandomAccessSource) -> [String] {
        var auditor = ZipAuditor(size: source.size) { offset, count in
            var out = [UInt8](repeating: 0, count: count)
            var got = 0
            while got < count {
                let n = out.withUnsafeMutableBytes { b in
                    let rest = UnsafeMutableRawBufferPointer(rebasing: b[got...])
                    return (try? source.read(at: offset + Int64(got), into: rest)) ?? 0
                }
                guard n > 0 else { break }
                got += n
            }
            return Array(out.prefix(got))
        }
        auditor.run()
        return auditor.findings
    }

    static func hiddenLocalHeader(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        return (0...(bytes.count - 4)).contains {
            bytes[$0] == 0x50 && bytes[$0 + 1] == 0x4B && bytes[$0 + 2] == 0x03 && bytes[$0 + 3] == 0x04
        }
    }
}

/// One audit: the file, and the findings so far (at most `maxFindings` notes).
private struct ZipAuditor {
    /// What the end records say, with the offsets shifted by the bytes found in front.
    struct End {
        var count: Int64, directorySize: Int64, directoryOffset: Int64, endOffset: Int64, shift: Int64
    }

    let readAt: (Int64, Int) -> [UInt8]
    let size: Int64
    var findings: [String] = []

    init(size: Int64, readAt: @escaping (Int64, Int) -> [UInt8]) {
        self.size = size
        self.readAt = readAt
    }

    func read(_ offset: Int64, _ count: Int) -> [UInt8] {
        guard offset >= 0, offset < size, count > 0 else { return [] }
        return readAt(offset, count)
    }

    mutating func note(_ s: String) { if findings.count < ZipConsistency.maxFindings { findings.append(s) } }

    mutating func run() {
        guard let end = endRecords() else { return }
        let directory = read(end.directoryOffset, Int(min(end.directorySize, 256 << 20)))
        // Each central record against its local header.
        var spans: [(start: Int64, end: Int64, name: String)] = []
        var seenOffsets: [Int64: String] = [:]
        var at = 0
        for i in 0..<Int(end.count) {
            guard at + 46 <= directory.count, directory.le32(at) == ZipLayout.centralSignature else {
                note("the central directory ends after \(i) of the \(end.count) records the end record announces")
                break
            }
            guard
                let next = centralRecord(
                    directory, at: at, number: i + 1, shift: end.shift, seen: &seenOffsets, spans: &spans)
            else { break }
            at = next
        }
        if at < directory.count {
            note("the central directory holds \(directory.count - at) byte(s) after its last announced record")
        }
        gaps(spans.sorted { $0.start < $1.start }, end: end)
    }

    /// The end record (the last signature whose comment reaches exactly to the end) and its
    /// zip64 twin; nil when there is none or it points outside the file.
    mutating func endRecords() -> End? {
        let tailLength = Int(min(size, 65_557))
        let tail = read(size - Int64(tailLength), tailLength)
        guard
            let endAt = stride(from: tail.count - 22, through: 0, by: -1).first(where: {
                tail[$0] == 0x50 && tail[$0 + 1] == 0x4B && tail[$0 + 2] == 0x05 && tail[$0 + 3] == 0x06
            })
        else {
            findings.append("the zip has no end of central directory record (truncated, or not a zip)")
            return nil
        }
        let endOffset = size - Int64(tailLength) + Int64(endAt)
        let commentLength = Int(tail.le16(endAt + 20))
        let after = tail.count - endAt - 22 - commentLength
        if after > 0 {
            note("\(after) byte(s) follow the end record and its comment (another archive or data appended?)")
        }
        if after < 0 { note("the end record's comment runs past the end of the file") }
        var end = End(
            count: Int64(tail.le16(endAt + 10)), directorySize: Int64(tail.le32(endAt + 12)),
            directoryOffset: Int64(tail.le32(endAt + 16)), endOffset: endOffset, shift: 0)
        let zip64 = endAt >= 20 && tail.le32(endAt - 20) == ZipLayout.zip64LocatorSignature
        if zip64 {
            let z = read(Int64(tail.le64(endAt - 12)), 56)
            if z.count == 56, z.le32(0) == ZipLayout.zip64EndSignature {
                (end.count, end.directorySize, end.directoryOffset) = (
                    Int64(z.le64(32)), Int64(z.le64(40)), Int64(z.le64(48))
                )
            } else {
                note("the zip64 end locator points to no zip64 end record")
            }
        }
        // Where the directory really ends tells how many bytes were put in front of the zip:
        // unzip shifts every offset by that much, and reads only the zip behind them.
        end.shift = endOffset - (zip64 ? 76 : 0) - (end.directoryOffset + end.directorySize)
        if end.shift > 0 {
            note(
                "\(end.shift) byte(s) come before the zip proper (another archive or a program in front): unzip skips "
                    + "them, other readers may not"
            )
            end.directoryOffset += end.shift
        }
        guard end.count <= 1_000_000, end.directoryOffset >= 0, end.directorySize >= 0,
            end.directoryOffset + end.directorySize <= endOffset
        else {
            findings.append(
                "the end record points outside the file (\(end.count) entries, directory at \(end.directoryOffset))")
            return nil
        }
        return end
    }

    /// One central record at `at` against its local header; the offset of the next record, or
    /// nil when this one runs past the directory.
    mutating func centralRecord(
        _ directory: [UInt8], at: Int, number: Int, shift: Int64, seen: inout [Int64: String],
        spans: inout [(start: Int64, end: Int64, name: String)]
    ) -> Int? {
        let n = Int(directory.le16(at + 28)), m = Int(directory.le16(at + 30)), k = Int(directory.le16(at + 32))
        guard at + 46 + n + m + k <= directory.count else {
            note("central record \(number) runs past the directory")
            return nil
        }
        let name = Array(directory[(at + 46)..<(at + 46 + n)])
        let shown = String(decoding: name, as: UTF8.self)
        let extra = Array(directory[(at + 46 + n)..<(at + 46 + n + m)])
        var compressed = Int64(directory.le32(at + 20)), offset = Int64(directory.le32(at + 42)) + max(shift, 0)
        if let z = ZipProfileParser.extraField(0x0001, in: extra) {
            var j = 0
            if directory.le32(at + 24) == UInt32(ZipLayout.max32), z.count >= j + 8 { j += 8 }
            if directory.le32(at + 20) == UInt32(ZipLayout.max32), z.count >= j + 8 {
                compressed = Int64(z.le64(j))
                j += 8
            }
            if directory.le32(at + 42) == UInt32(ZipLayout.max32), z.count >= j + 8 {
                offset = Int64(z.le64(j)) + max(shift, 0)
            }
        }
        if let unicode = ZipProfileParser.extraField(0x7075, in: extra), unicode.count > 5, Array(unicode[5...]) != name
        {
            note(
                "\(shown): a Unicode Path field names it \(String(decoding: unicode[5...], as: UTF8.self)) for "
                    + "readers that honour it"
            )
        }
        let mode = directory.le32(at + 38) >> 16
        if (mode & 0o170000 == 0o040000) != shown.hasSuffix("/") {
            note("\(shown): its mode and its name disagree on whether it is a folder")
        }
        if let other = seen[offset] { note("\(shown) and \(other) are the same local entry under two names") }
        seen[offset] = shown
        if let length = compareLocal(at: offset, with: directory, record: at, name: name, shown: shown) {
            spans.append((offset, offset + length + compressed, shown))
        }
        return at + 46 + n + m + k
    }

    /// The local header at `offset` against its central record; its length, or nil if none is there.
    mutating func compareLocal(
        at offset: Int64, with directory: [UInt8], record at: Int, name: [UInt8], shown: String
    )
        -> Int64?
    {
        let local = read(offset, 30 + name.count + 64)
        guard local.count >= 30, local.le32(0) == ZipLayout.localSignature else {
            note("\(shown): the central directory points to byte \(offset), where no local header is")
            return nil
        }
        let ln = Int(local.le16(26)), lm = Int(local.le16(28))
        let localName = Array(local[30..<min(30 + ln, local.count)])
        if localName != name {
            note("\(shown): its local header names it \(String(decoding: localName, as: UTF8.self))")
        }
        if local.le16(8) != directory.le16(at + 10) {
            note("\(shown): local and central headers give different compression methods")
        }
        if local.le16(6) & 0x0809 != directory.le16(at + 8) & 0x0809 {
            note("\(shown): local and central headers set different flags")
        }
        if local.le16(6) & 0x0008 == 0 {
            if local.le32(14) != directory.le32(at + 16) {
                note("\(shown): local and central headers give different CRC-32s")
            }
            if local.le32(18) != UInt32(ZipLayout.max32),
                local.le32(18) != directory.le32(at + 20) || local.le32(22) != directory.le32(at + 24)
            {
                note("\(shown): local and central headers give different sizes")
            }
        }
        return 30 + Int64(ln + lm)
    }

    /// What lies between and around the entries: bytes in front, overlaps, hidden headers.
    mutating func gaps(_ spans: [(start: Int64, end: Int64, name: String)], end: End) {
        if let first = spans.first, first.start > max(end.shift, 0) {
            note(
                "\(first.start) byte(s) come before the first entry (a self-extractor's program, or another file in "
                    + "front)"
            )
        }
        for (a, b) in zip(spans, spans.dropFirst()) {
            if b.start < a.end, b.start != a.start { note("\(a.name) and \(b.name) overlap") }
            let gap = b.start - a.end
            if gap > 24, ZipConsistency.hiddenLocalHeader(read(a.end + 12, Int(min(gap, 1 << 20)))) {
                note(
                    "a local header between \(a.name) and \(b.name) is not in the central directory: a reader that "
                        + "follows local headers sees an extra member"
                )
            }
        }
        if let last = spans.last, end.directoryOffset - last.end > 24,
            ZipConsistency.hiddenLocalHeader(read(last.end + 12, Int(min(end.directoryOffset - last.end, 1 << 20))))
        {
            note(
                "a local header after the last listed member is not in the central directory: a reader that follows "
                    + "local headers sees an extra member"
            )
        }
    }
}
