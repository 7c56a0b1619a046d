import Foundation
import SanadFormat

/// Walks the expected central directory and end records against the bytes that follow the
/// last entry, one record at a time, so that 100,000 entries never need the whole tail built.
struct ZipTailCursor {
    var directoryOffset: UInt64 = 0
    private var recordIndex = 0
    private var expected: [UInt8] = []
    private var at = 0
    private var directorySize: UInt64 = 0
    private var endBuilt = false
    private(set) var finished = false

    init(directoryOffset: UInt64 = 0) { self.directoryOffset = directoryOffset }

    /// Compares as many bytes as the tail still expects; returns how many it took.
    mutating func compare(
        _ bytes: Slice<UnsafeRawBufferPointer>, from position: Int64, records: [ZipLayout.Entry],
        into violation: inout ContainerViolation?
    ) -> Int {
        var taken = 0
        var rest = bytes
        while !rest.isEmpty, !finished {
            if at == expected.count {
                guard next(records, into: &violation, at: position + Int64(taken)) else { return taken }
                if finished { break }
            }
            let n = min(rest.count, expected.count - at)
            let same = expected.withUnsafeBytes { e in
                memcmp(UnsafeRawBufferPointer(rebasing: rest).baseAddress!, e.baseAddress! + at, n) == 0
            }
            if !same {
                for i in 0..<n where rest[rest.startIndex + i] != expected[at + i] {
                    violation = describe(
                        at: at + i, found: rest[rest.startIndex + i], position: position + Int64(taken + i),
                        records: records)
                    return taken + i
                }
            }
            at += n
            taken += n
            rest = rest.dropFirst(n)
        }
        if at == expected.count, !finished { _ = next(records, into: &violation, at: position + Int64(taken)) }
        return taken
    }

    private mutating func next(
        _ records: [ZipLayout.Entry], into violation: inout ContainerViolation?, at position: Int64
    ) -> Bool {
        at = 0
        if recordIndex < records.count {
            ZipLayout.centralRecord(records[recordIndex], into: &expected)
            directorySize += UInt64(expected.count)
            recordIndex += 1
            return true
        }
        if endBuilt {
            finished = true
            expected = []
            return true
        }
        if let why = ZipLayout.ambiguousValue(offset: directoryOffset, entries: UInt64(records.count))
            ?? ZipLayout.ambiguousValue(size: directorySize)
        {
            violation = ContainerViolation(
                .zipEndRecord, at: position, "the central directory has \(why), which readers take differently")
            return false
        }
        expected = ZipLayout.endRecords(
            entries: UInt64(records.count), directoryOffset: directoryOffset, directorySize: directorySize)
        recordIndex += 1
        endBuilt = true
        return true
    }

    private func describe(
        at offset: Int, found: UInt8, position: Int64, records: [ZipLayout.Entry]
    ) -> ContainerViolation {
        if recordIndex <= records.count {
            let e = records[recordIndex - 1]
            let name = String(decoding: e.name, as: UTF8.self)
            let field = ZipLayout.field(at: offset, in: ZipLayout.centralFields)
            let what =
                offset < 4
                ? "the central directory has an entry the local headers do not, or lacks one they have"
                : "the central directory's \(field) for entry \(recordIndex) (\(name)) differs from its local "
                    + "header or from what Sanad writes"
            return ContainerViolation(.zipCentralDirectory, at: position, what)
        }
        if offset == 2, found == 0x01 {
            return ContainerViolation(
                .zipCentralDirectory, at: position,
                "the central directory does not end after its \(records.count) records, one per entry: it lists "
                    + "more entries than the archive holds"
            )
        }
        return ContainerViolation(
            .zipEndRecord, at: position,
            "the end of central directory records are not what Sanad writes (entry count, directory size or offset, "
                + "zip64 records, or a comment)"
        )
    }
}
