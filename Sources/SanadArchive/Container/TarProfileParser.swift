import SanadFormat
/// Reads a tar front to back and accepts it only if every block is what Sanad's writer puts
/// there (docs/FORMAT.md §8.3): per entry an optional pax header holding only `path` and `size`,
/// a ustar header for a regular file, the data and zero padding; then two zero blocks and the
/// end of the file. Each entry's path, size and time are read from its headers; the headers must
/// then equal, byte for byte, the ones rebuilt from those values. Works on a stream; the first
/// violation stops it.
final class TarProfileParser: ContainerParser {
    private enum State: Equatable {
        case header
        case paxRecords
        case mainHeader
        case data(remaining: Int64)
        case padding(remaining: Int)
        case secondZeroBlock
        case done
    }

    static let maxPaxBytes = 64 << 10

    private(set) var entries: [ContainerEntry] = []
    private(set) var violation: ContainerViolation?
    private weak var sink: ContainerEntrySink?
    private var state = State.header
    private var position: Int64 = 0
    private var pending: [UInt8] = []
    private var need = TarLayout.block
    /// The bytes in front of the current entry's data: pax block and records, then ustar block.
    private var headerBytes: [UInt8] = []
    private var headerStart: Int64 = 0

    init(sink: ContainerEntrySink?) { self.sink = sink }

    func consume(_ chunk: UnsafeRawBufferPointer) {
        var rest = chunk[...]
        while !rest.isEmpty, violation == nil {
            switch state {
            case .header, .paxRecords, .mainHeader, .secondZeroBlock:
                let take = min(need - pending.count, rest.count)
                pending += rest.prefix(take)
                rest = rest.dropFirst(take)
                position += Int64(take)
                if pending.count == need { blockComplete() }
            case .data(let remaining):
                let take = Int(min(Int64(rest.count), remaining))
                sink?.data(UnsafeRawBufferPointer(rebasing: rest.prefix(take)))
                rest = rest.dropFirst(take)
                position += Int64(take)
                if remaining == Int64(take) {
                    sink?.end()
                    let pad = TarLayout.padding(Int(entries.last!.size % Int64(TarLayout.block)))
                    state = pad == 0 ? .header : .padding(remaining: pad)
                } else {
                    state = .data(remaining: remaining - Int64(take))
                }
            case .padding(let remaining):
                let take = min(rest.count, remaining)
                if let bad = rest.prefix(take).firstIndex(where: { $0 != 0 }) {
                    fail(
                        .tarPadding, at: position + Int64(bad - rest.startIndex),
                        "the padding after entry \(entries.count) (\(entries.last!.path)) holds non-zero bytes; "
                            + "Sanad pads with zeros"
                    )
                    return
                }
                rest = rest.dropFirst(take)
                position += Int64(take)
                state = remaining == take ? .header : .padding(remaining: remaining - take)
            case .done:
                fail(
                    .trailingData, at: position,
                    "\(rest.count)+ byte(s) follow the two zero blocks that end the tar (another archive or "
                        + "padding; `tar --ignore-zeros` would read on)"
                )
            }
        }
    }

    func finish() {
        guard violation == nil else { return }
        switch state {
        case .done: return
        case .header where pending.isEmpty && entries.isEmpty && position == 0:
            fail(.format, at: 0, "the file is empty")
        case .header where pending.isEmpty:
            fail(.tarEnd, at: position, "the tar ends without the two zero blocks that close it: it is truncated")
        case .secondZeroBlock where pending.isEmpty:
            fail(.tarEnd, at: position, "the tar ends after one zero block; Sanad ends it with two")
        default:
            fail(.truncated, at: position, "the file ends inside entry \(entries.count + 1): it is truncated")
        }
    }

    private func fail(_ rule: ContainerViolation.Rule, at offset: Int64, _ detail: String) {
        if violation == nil { violation = ContainerViolation(rule, at: offset, detail) }
    }

    private func blockComplete() {
        let start = position - Int64(pending.count)
        let block = pending
        pending.removeAll(keepingCapacity: true)
        switch state {
        case .header:
            if block.allSatisfy({ $0 == 0 }) {
                guard !entries.isEmpty else {
                    return fail(.tarEnd, at: start, "the tar starts with its end marker (a zero block)")
                }
                state = .secondZeroBlock
                return
            }
            headerStart = start
            headerBytes = []
            guard checkUstar(block, at: start) else { return }
            if block[156] == UInt8(ascii: "x") {
                guard let size = TarLayout.octal(block[124..<136]), size > 0, size <= Self.maxPaxBytes else {
                    return fail(.tarExtendedHeader, at: start + 124, "a pax header declares an impossible size")
                }
                headerBytes = block
                state = .paxRecords
                need = Int(size) + TarLayout.padding(Int(size))
            } else {
                mainHeader(block, at: start, pax: nil)
            }
        case .paxRecords:
            paxBlockComplete(block, at: start)
        case .mainHeader:
            guard checkUstar(block, at: start) else { return }
            mainHeader(block, at: start, pax: paxRecords)
        case .secondZeroBlock:
            guard block.allSatisfy({ $0 == 0 }) else {
                return fail(
                    .tarEnd, at: start,
                    "an entry follows a zero block; readers stop at the zero block or read on, so Sanad never "
                        + "writes one there"
                )
            }
            state = .done
        default:
            break
        }
    }

    /// The records of a pax header: only `path` and `size`, well formed.
    private func paxBlockComplete(_ block: [UInt8], at start: Int64) {
        let size = Int(TarLayout.octal(headerBytes[124..<136]) ?? 0)
        guard let pax = PaxRecords(block[0..<size]) else {
            return fail(
                .tarExtendedHeader, at: start,
                "the pax header before entry \(entries.count + 1) is not a list of '<length> <key>=<value>' records"
            )
        }
        if let key = pax.unknownKey {
            return fail(
                .tarExtendedHeader, at: start,
                "the pax header before entry \(entries.count + 1) has a '\(key)' record; Sanad writes only "
                    + "'path' and 'size'"
            )
        }
        headerBytes += block
        state = .mainHeader
        need = TarLayout.block
        paxRecords = pax
    }

    private var paxRecords: PaxRecords?

    private func checkUstar(_ block: [UInt8], at start: Int64) -> Bool {
        guard TarLayout.isUstarHeader(block[...]) else {
            let gnu = block[257..<265].elementsEqual(Array("ustar  \0".utf8))
            fail(
                .tarHeader, at: start,
                gnu
                    ? "entry \(entries.count + 1) has a GNU tar header; Sanad writes POSIX ustar headers"
                    : "the block at byte \(start) is not a ustar header (bad magic or checksum)")
            return false
        }
        let type = block[156]
        guard type == UInt8(ascii: "0") || (type == UInt8(ascii: "x") && state == .header) else {
            fail(
                .tarHeader, at: start + 156,
                "entry \(entries.count + 1) is \(Self.describe(type: type)); a sealed archive holds regular files only")
            return false
        }
        return true
    }

    private func mainHeader(_ block: [UInt8], at start: Int64, pax: PaxRecords?) {
        paxRecords = nil
        let number = entries.count + 1
        let name = Self.field(block[0..<100]), prefix = Self.field(block[345..<500])
        let pathBytes = pax?.path ?? (prefix.isEmpty ? name : prefix + [UInt8(ascii: "/")] + name)
        guard pathBytes.count <= ZipProfileParser.maxNameBytes, let path = String(validating: pathBytes, as: UTF8.self),
            !path.isEmpty
        else {
            return fail(.entryName, at: start, "entry \(number)'s name is empty, too long or not UTF-8")
        }
        guard path.last != "/" else {
            return fail(.entryName, at: start, "entry \(number) (\(path)) is named like a folder")
        }
        guard let size = pax?.size ?? Self.number(block[124..<136]), let mtime = TarLayout.octal(block[136..<148])
        else {
            return fail(
                .tarHeader, at: start + 124, "entry \(number) (\(path)) has a size or time that is not a number")
        }
        guard (ZipLayout.earliestTime...ZipLayout.latestTime).contains(mtime) else {
            return fail(
                .tarHeader, at: start + 136, "entry \(number) (\(path)) has a time outside 1980-01-01…2038-01-19")
        }
        guard entries.count < ZipProfileParser.maxEntries else {
            return fail(.limits, at: start, "more than \(ZipProfileParser.maxEntries) entries")
        }
        let actual = headerBytes + block
        guard let expected = TarLayout.headers(path: pathBytes, size: size, mtime: mtime) else {
            return fail(.tarHeader, at: start, "entry \(number) (\(path)) has a name no ustar header can hold")
        }
        if let at = ZipProfileParser.firstDifference(actual, expected) {
            return fail(
                at < headerBytes.count ? .tarExtendedHeader : .tarHeader, at: headerStart + Int64(at),
                "entry \(number) (\(path)): "
                    + "\(Self.locate(at, actualPax: headerBytes.count, expectedPax: expected.count - TarLayout.block))"
            )
        }
        let entry = ContainerEntry(path: path, dataOffset: position, size: size, mtime: mtime, crc32: nil)
        entries.append(entry)
        sink?.begin(entry)
        state = .header
        need = TarLayout.block
        if size > 0 {
            state = .data(remaining: size)
        } else {
            sink?.end()
        }
    }

    /// A NUL-terminated header field.
    static func field(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        Array(bytes.prefix { $0 != 0 })
    }

    /// A size field: octal, or base 256 (high bit of the first byte set) for large values.
    static func number(_ field: ArraySlice<UInt8>) -> Int64? {
        guard let first = field.first, first & 0x80 != 0 else { return TarLayout.octal(field) }
        guard first == 0x80, field.dropFirst().prefix(3).allSatisfy({ $0 == 0 }) else { return nil }
        return field.dropFirst(4).reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }

    /// Which part of an entry's headers differs from what Sanad writes, in words.
    static func locate(_ at: Int, actualPax: Int, expectedPax: Int) -> String {
        if actualPax == 0, expectedPax > 0 { return "the pax header Sanad writes for this name or size is missing" }
        if expectedPax == 0, actualPax > 0 { return "it has a pax header where Sanad writes none" }
        if at < TarLayout.block, actualPax > 0 {
            return "its pax header's \(TarLayout.field(at: at)) is not what Sanad writes"
        }
        if at < actualPax { return "its pax records are not what Sanad writes" }
        return "its ustar header's \(TarLayout.field(at: at - actualPax)) is not what Sanad writes"
    }

    static func describe(type: UInt8) -> String {
        switch type {
        case UInt8(ascii: "1"): return "a hard link"
        case UInt8(ascii: "2"): return "a symbolic link"
        case UInt8(ascii: "3"), UInt8(ascii: "4"): return "a device"
        case UInt8(ascii: "5"): return "a folder"
        case UInt8(ascii: "6"): return "a FIFO"
        case UInt8(ascii: "7"): return "a contiguous file"
        case UInt8(ascii: "g"): return "a pax global header (it would change every later entry for some readers)"
        case UInt8(ascii: "x"): return "a second pax header in a row"
        case UInt8(ascii: "L"), UInt8(ascii: "K"), UInt8(ascii: "N"):
            return "a GNU long-name record (read by GNU tar, not by every reader)"
        case UInt8(ascii: "S"): return "a GNU sparse file"
        case UInt8(ascii: "V"): return "a GNU volume header"
        case UInt8(ascii: "M"): return "a GNU multi-volume continuation"
        case UInt8(ascii: "D"): return "a GNU dump directory"
        case 0: return "an old-style regular file (type NUL)"
        default:
            return
                "type '\(type >= 0x20 && type < 0x7F ? String(UnicodeScalar(type)) : "\\x\(String(type, radix: 16))")'"
        }
    }
}

/// The records of a pax extended header, parsed strictly.
struct PaxRecords {
    var path: [UInt8]?
    var size: Int64?
    /// The first key Sanad does not write, if any.
    var unknownKey: String?

    init?(_ bytes: ArraySlice<UInt8>) {
        var rest = bytes
        var seen = Set<String>()
        while !rest.isEmpty {
            guard let space = rest.firstIndex(of: 0x20), space > rest.startIndex, space - rest.startIndex <= 6,
                rest[rest.startIndex..<space].allSatisfy({ (0x30...0x39).contains($0) }),
                let length = Int(String(decoding: rest[rest.startIndex..<space], as: UTF8.self)),
                length > space - rest.startIndex + 3, length <= rest.count
            else { return nil }
            let record = rest.prefix(length)
            guard record.last == 0x0A, let eq = record[(space + 1)...].firstIndex(of: 0x3D) else { return nil }
            let key = String(decoding: record[(space + 1)..<eq], as: UTF8.self)
            let value = Array(record[(eq + 1)..<(record.endIndex - 1)])
            guard seen.insert(key).inserted else {
                unknownKey = unknownKey ?? "\(key) (twice)"
                rest = rest.dropFirst(length)
                continue
            }
            switch key {
            case "path": path = value
            case "size":
                guard !value.isEmpty, value.count <= 18, value.allSatisfy({ (0x30...0x39).contains($0) }) else {
                    return nil
                }
                size = Int64(String(decoding: value, as: UTF8.self))
            default: unknownKey = unknownKey ?? key
            }
            rest = rest.dropFirst(length)
        }
    }
}
