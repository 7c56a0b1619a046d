import Foundation
import SanadFormat

/// Reads a zip front to back and accepts it only if every byte is what Sanad's writer puts
/// there (docs/FORMAT.md §8.2): local header, stored data, data descriptor, entry after entry
/// with no gap; then the central directory, the end records, and the end of the file. Each
/// local header gives the entry's name, size and time; every other header byte, the central
/// directory included, must equal the record rebuilt from those values and the data's CRC-32.
///
/// Works on a stream (a pipe needs no seeking). The first violation stops it: after that the
/// framing, and so every later byte, can no longer be trusted.
final class ZipProfileParser: ContainerParser {
    private enum State {
        /// Collecting a local header (30 fixed bytes, then name and extra fields), or the start
        /// of the central directory once the entries end.
        case header
        case data(remaining: Int64)
        case descriptor
        /// Comparing the rest of the file with the central directory and end records.
        case tail
        case done
    }

    static let maxNameBytes = 1024
    static let maxEntries = 1_000_000

    private(set) var entries: [ContainerEntry] = []
    private(set) var violation: ContainerViolation?
    private weak var sink: ContainerEntrySink?
    private var state = State.header
    private var position: Int64 = 0
    private var pending: [UInt8] = []
    private var need = 30
    private var current: ZipLayout.Entry?
    private var crc = CRC32()
    private var records: [ZipLayout.Entry] = []
    /// The record a header must equal, rebuilt in place for each one.
    private var expected: [UInt8] = []
    /// The expected tail, built record by record as the comparison reaches it.
    private var tail = ZipTailCursor()

    /// When set, entry data is not CRC-checked here: each entry's range goes to the worker,
    /// the descriptors' CRC-32s are taken as claimed, and `checkDeferredCRCs` compares them
    /// with the worker's results once the whole file is read.
    private let crcWorker: CRCWorker?
    private var descriptorCRCOffsets: [Int64] = []

    init(sink: ContainerEntrySink?, crcWorker: CRCWorker? = nil) {
        self.sink = sink
        self.crcWorker = crcWorker
    }

    /// Compares the worker's CRC-32s with the ones the zip records (deferred mode only).
    func checkDeferredCRCs(_ computed: [UInt32]) {
        guard violation == nil, crcWorker != nil else { return }
        for (i, e) in entries.enumerated() where i >= computed.count || computed[i] != e.crc32 {
            let found = i < computed.count ? Self.hex(computed[i]) : "unknown"
            fail(
                .zipCRC, at: descriptorCRCOffsets[i],
                "entry \(i + 1) (\(e.path)): its data has CRC-32 \(found), the zip records "
                    + "\(Self.hex(e.crc32 ?? 0)); unzip would report a bad CRC"
            )
            return
        }
    }

    func consume(_ chunk: UnsafeRawBufferPointer) {
        var rest = chunk[...]
        while !rest.isEmpty, violation == nil {
            switch state {
            case .header, .descriptor:
                let take = min(need - pending.count, rest.count)
                pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest.prefix(take)))
                rest = rest.dropFirst(take)
                position += Int64(take)
                if pending.count == need { headerComplete() }
            case .data(let remaining):
                let take = Int(min(Int64(rest.count), remaining))
                let piece = UnsafeRawBufferPointer(rebasing: rest.prefix(take))
                if crcWorker == nil { crc.update(piece) }
                sink?.data(piece)
                rest = rest.dropFirst(take)
                position += Int64(take)
                if remaining == Int64(take) {
                    state = .descriptor
                    need = current!.zip64Local ? 24 : 16
                    pending.removeAll(keepingCapacity: true)
                } else {
                    state = .data(remaining: remaining - Int64(take))
                }
            case .tail:
                let n = tail.compare(rest, from: position, records: records, into: &violation)
                rest = rest.dropFirst(n)
                position += Int64(n)
                if violation == nil, tail.finished { state = .done }
            case .done:
                violation = ContainerViolation(
                    .trailingData, at: position,
                    "\(rest.count)+ byte(s) follow the zip's end record (a comment, another archive, or padding); "
                        + "Sanad writes nothing after it"
                )
            }
        }
    }

    func finish() {
        guard violation == nil else { return }
        switch state {
        case .done: return
        case .header where pending.isEmpty && entries.isEmpty:
            violation = ContainerViolation(.format, at: 0, "the file is empty")
        case .data, .descriptor:
            violation = ContainerViolation(
                .truncated, at: position,
                "the file ends inside entry \(entries.count) (\(entries.last?.path ?? "?")): it is truncated")
        default:
            violation = ContainerViolation(
                .truncated, at: position,
                "the file ends before the zip's central directory and end record are complete: it is truncated")
        }
    }

    private func fail(_ rule: ContainerViolation.Rule, at offset: Int64, _ detail: String) {
        if violation == nil { violation = ContainerViolation(rule, at: offset, detail) }
    }

    private func headerComplete() {
        let start = position - Int64(pending.count)
        if case .descriptor = state {
            descriptorComplete(at: start)
            return
        }
        let signature = pending.le32(0)
        if pending.count == 30, signature == ZipLayout.centralSignature, !entries.isEmpty {
            startTail(with: start)
            return
        }
        guard signature == ZipLayout.localSignature else {
            fail(
                .zipLocalHeader, at: start,
                entries.isEmpty
                    ? "the zip does not start with a local file header"
                    : "after entry \(entries.count) comes neither a local file header nor the central directory "
                        + "(hidden bytes or a gap)"
            )
            return
        }
        if pending.count == 30 {
            let nameLength = Int(pending.le16(26)), extraLength = Int(pending.le16(28))
            guard nameLength > 0, nameLength <= Self.maxNameBytes else {
                fail(
                    .entryName, at: start,
                    "entry \(entries.count + 1) has a name of \(nameLength) bytes (Sanad's names are 1 to "
                        + "\(Self.maxNameBytes))"
                )
                return
            }
            guard extraLength <= 64 else {
                fail(
                    .zipLocalHeader, at: start,
                    "entry \(entries.count + 1) has \(extraLength) bytes of extra fields; Sanad writes 24, or 44 "
                        + "with zip64"
                )
                return
            }
            need = 30 + nameLength + extraLength
            if need > 30 { return }
        }
        localHeaderComplete(at: start)
    }

    private func localHeaderComplete(at start: Int64) {
        guard let (entry, path) = validLocalHeader(pending, at: start) else { return }
        let size = entry.size, mtime = Int64(entry.mtime)
        current = entry
        crc = CRC32()
        let dataOffset = position
        crcWorker?.add(offset: dataOffset, size: Int64(size))
        sink?.begin(ContainerEntry(path: path, dataOffset: dataOffset, size: Int64(size), mtime: mtime, crc32: nil))
        entries.append(ContainerEntry(path: path, dataOffset: dataOffset, size: Int64(size), mtime: mtime, crc32: nil))
        pending.removeAll(keepingCapacity: true)
        if size == 0 {
            state = .descriptor
            need = 16
        } else {
            state = .data(remaining: Int64(size))
        }
    }

    /// The name of the entry a local header starts, if it is a file's, in UTF-8, and the entry
    /// is stored and not encrypted; otherwise nil, with the violation recorded.
    private func localEntryPath(_ h: [UInt8], name: [UInt8], number: Int, at start: Int64) -> String? {
        guard entries.count < Self.maxEntries else {
            fail(.limits, at: start, "more than \(Self.maxEntries) entries")
            return nil
        }
        guard let path = String(validating: name, as: UTF8.self) else {
            fail(.entryName, at: start + 30, "entry \(number)'s name is not UTF-8")
            return nil
        }
        guard path.last != "/" else {
            fail(
                .entryName, at: start + 30,
                "entry \(number) (\(path)) is a folder entry; a sealed archive holds files only")
            return nil
        }
        let method = h.le16(8)
        guard method == 0 else {
            fail(
                .zipLocalHeader, at: start + 8,
                "entry \(number) (\(path)) is compressed (compression method \(method)); Sanad stores every entry, "
                    + "so no reader inflates anything"
            )
            return nil
        }
        guard h.le16(6) & 0x0041 == 0 else {
            fail(
                .zipLocalHeader, at: start + 6,
                "entry \(number) (\(path)) is marked as encrypted; Sanad never encrypts an entry")
            return nil
        }
        return path
    }

    /// The entry a local header describes, if the header is byte for byte what Sanad writes for
    /// it; otherwise nil, with the violation recorded.
    private func validLocalHeader(_ h: [UInt8], at start: Int64) -> (ZipLayout.Entry, String)? {
        let n = Int(h.le16(26))
        let name = Array(h[30..<(30 + n)])
        let number = entries.count + 1
        guard let path = localEntryPath(h, name: name, number: number, at: start) else { return nil }
        var size = UInt64(h.le32(22))
        if h.le32(18) == UInt32(ZipLayout.max32), h.le32(22) == UInt32(ZipLayout.max32),
            let z = Self.extraFieldRange(0x0001, in: h, from: 30 + n), z.count >= 16
        {
            size = h.le64(z.lowerBound)
        }
        guard let ut = Self.extraFieldRange(0x5455, in: h, from: 30 + n), ut.count >= 5, h[ut.lowerBound] & 1 == 1
        else {
            fail(
                .zipLocalHeader, at: start,
                "entry \(number) (\(path)) has no UT modification time; Sanad writes one in every header")
            return nil
        }
        let mtime = Int64(h.le32(ut.lowerBound + 1))
        guard (ZipLayout.earliestTime...ZipLayout.latestTime).contains(mtime) else {
            fail(.zipLocalHeader, at: start, "entry \(number) (\(path)) has a time outside 1980-01-01…2038-01-19")
            return nil
        }
        if let why = ZipLayout.ambiguousValue(size: size, offset: UInt64(start)) {
            fail(.zipLocalHeader, at: start, "entry \(number) (\(path)) has \(why), which readers take differently")
            return nil
        }
        let entry = ZipLayout.Entry(name: name, size: size, mtime: UInt32(mtime), crc32: 0, offset: UInt64(start))
        ZipLayout.localHeader(entry, into: &expected)
        if let at = Self.firstDifference(h, expected) {
            fail(
                .zipLocalHeader, at: start + Int64(at),
                "entry \(number) (\(path)): the local header's "
                    + "\(ZipLayout.field(at: at, in: ZipLayout.localFields)) is not what Sanad "
                    + "writes\(Self.values(h, expected, at, ZipLayout.localFields, fixed: 30))"
            )
            return nil
        }
        return (entry, path)
    }

    private func descriptorComplete(at start: Int64) {
        var entry = current!
        if crcWorker != nil {
            entry.crc32 = pending.le32(4)
            descriptorCRCOffsets.append(start + 4)
        } else {
            entry.crc32 = crc.value
        }
        sink?.end()
        ZipLayout.dataDescriptor(entry, into: &expected)
        let last = entries.count - 1
        let path = entries[last].path
        if pending.le32(0) == ZipLayout.descriptorSignature, pending.le32(4) != entry.crc32 {
            fail(
                .zipCRC, at: start + 4,
                "entry \(last + 1) (\(path)): its data has CRC-32 \(Self.hex(entry.crc32)), the zip records "
                    + "\(Self.hex(pending.le32(4))); unzip would report a bad CRC"
            )
            return
        }
        if let at = Self.firstDifference(pending, expected) {
            fail(
                .zipDataDescriptor, at: start + Int64(at),
                "entry \(last + 1) (\(path)): the data descriptor's "
                    + "\(ZipLayout.field(at: at, in: ZipLayout.descriptorFields)) is not what Sanad writes"
            )
            return
        }
        let e = entries[last]
        entries[last] = ContainerEntry(
            path: e.path, dataOffset: e.dataOffset, size: e.size, mtime: e.mtime, crc32: entry.crc32)
        records.append(entry)
        current = nil
        state = .header
        need = 30
        pending.removeAll(keepingCapacity: true)
    }

    private func startTail(with start: Int64) {
        tail = ZipTailCursor(directoryOffset: UInt64(start))
        state = .tail
        let head = pending
        pending.removeAll()
        head.withUnsafeBytes { raw in
            _ = tail.compare(raw[...], from: start, records: records, into: &violation)
        }
        if violation == nil, tail.finished { state = .done }
    }

    /// The value of extra field `id`, if present once in well-formed extra data.
    static func extraField(_ id: UInt16, in extra: [UInt8]) -> [UInt8]? {
        extraFieldRange(id, in: extra, from: 0).map { Array(extra[$0]) }
    }

    /// Where the value of extra field `id` lies in `bytes`, whose extra data start at `start`.
    static func extraFieldRange(_ id: UInt16, in bytes: [UInt8], from start: Int) -> Range<Int>? {
        var i = start
        while i + 4 <= bytes.count {
            let fieldID = bytes.le16(i), length = Int(bytes.le16(i + 2))
            guard i + 4 + length <= bytes.count else { return nil }
            if fieldID == id { return (i + 4)..<(i + 4 + length) }
            i += 4 + length
        }
        return nil
    }

    static func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> Int? {
        let n = min(a.count, b.count)
        let same = a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in n == 0 || memcmp(x.baseAddress!, y.baseAddress!, n) == 0 }
        }
        if same { return a.count == b.count ? nil : n }
        for i in 0..<n where a[i] != b[i] { return i }
        return a.count == b.count ? nil : min(a.count, b.count)
    }

    /// " (found 0x…, Sanad writes 0x…)" when the difference is in a 2- or 4-byte field of a
    /// header's fixed part, else nothing.
    static func values(
        _ found: [UInt8], _ expected: [UInt8], _ at: Int, _ layout: [(Int, String)], fixed: Int
    ) -> String {
        guard at < fixed, let start = layout.last(where: { $0.0 <= at })?.0 else { return "" }
        let end = layout.first(where: { $0.0 > at })?.0 ?? fixed
        guard [2, 4].contains(end - start), end <= found.count, end <= expected.count else { return "" }
        let read = { (b: [UInt8]) in end - start == 2 ? UInt32(b.le16(start)) : b.le32(start) }
        return " (found \(hex(read(found))), Sanad writes \(hex(read(expected))))"
    }

    static func hex(_ v: UInt32) -> String { "0x" + String(v, radix: 16, uppercase: true) }
}
