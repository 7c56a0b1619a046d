import Foundation
import SanadArchive
import SanadModel

/// A temporary file of sorted records, unlinked as soon as it is created: only the open
/// descriptor reaches it, and it disappears when closed or when the process dies. Written in
/// whole blocks past the page cache (`DirectBlockWriter`): a large timeline spills hundreds of
/// MiB, which cost more to put in the cache than to write.
final class RunFile {
    let fd: Int32
    /// Until `finish`; dropped then, so a finished run holds no write buffer.
    private var writer: DirectBlockWriter?
    /// Bytes written so far.
    private(set) var size: Int64 = 0

    init(dir: String) throws(SanadError) {
        var template = Array("\(dir)/timeline-run-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw SystemError.make(errno, "create a temporary file in \(dir)") }
        let path = String(cString: template)
        unlink(path)
        self.fd = fd
        writer = DirectBlockWriter(fd: fd, label: "a temporary sort file", background: true)
    }

    deinit { close(fd) }

    func write(_ bytes: UnsafeRawBufferPointer) throws(SanadError) {
        guard let writer else { throw SanadError(.internalError, "a finished sort run was written to") }
        try writer.append(bytes)
        size += Int64(bytes.count)
    }

    /// One record: the key, the line's length, the line.
    func append(_ key: SortKey, _ line: UnsafeRawBufferPointer) throws(SanadError) {
        var head = (key.group.littleEndian, key.primary.littleEndian, key.secondary.littleEndian, key.sequence.littleEndian,
                    UInt32(line.count).littleEndian)
        try withUnsafeBytes(of: &head) { (raw) throws(SanadError) in
            try write(UnsafeRawBufferPointer(rebasing: raw[0..<(SortKey.byteCount + 4)]))
        }
        try write(line)
    }

    /// Writes out the last, short block; call it once, before reading the run.
    func finish() throws(SanadError) {
        try writer?.flush()
        writer = nil
    }
}

/// Reads a run's records in order through a window of `windowSize` bytes, reused: the unread
/// tail moves to the front and the rest is read into place (no fresh buffer per window).
///
/// A value, not an object, so that the merge reaches each reader in its array in place, with
/// no reference counting per record; the owner calls `release` when done.
struct RunReader {
    static let windowSize = 1 << 20
    static let readAhead = 4 << 20
    private let fd: Int32
    private let size: Int64
    private var buffer: UnsafeMutableRawBufferPointer
    /// File offset of `buffer[0]`, and how many bytes of the buffer are valid.
    private var bufferStart: Int64 = 0
    private var valid = 0
    private var position: Int64 = 0
    private var pendingLength = 0

    /// The run must stay open until `release`.
    init(_ run: RunFile) {
        fd = run.fd
        size = run.size
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.windowSize, alignment: 64)
    }

    mutating func release() {
        buffer.deallocate()
        buffer = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    }

    /// Makes `[position, position + count)` available; returns its index in the buffer.
    private mutating func ensure(_ count: Int) throws(SanadError) -> Int {
        let at = Int(position - bufferStart)
        if at + count <= valid { return at }
        let keep = valid - at
        if count > buffer.count {
            // A line longer than the window: a bigger buffer for it.
            let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 64)
            if keep > 0 { bigger.baseAddress!.copyMemory(from: buffer.baseAddress! + at, byteCount: keep) }
            buffer.deallocate()
            buffer = bigger
        } else if keep > 0 {
            buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + at, byteCount: keep)  // a memmove: may overlap
        }
        bufferStart = position
        valid = keep
        while valid < buffer.count, bufferStart + Int64(valid) < size {
            let n = pread(fd, buffer.baseAddress! + valid, buffer.count - valid, off_t(bufferStart) + off_t(valid))
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError.make(errno, "read a temporary sort file")
            }
            if n == 0 { break }
            valid += n
        }
        guard valid >= count else { throw SanadError(.ioError, "a temporary sort file is shorter than written") }
        // Runs bypassed the page cache when written: ask for the next stretch now, so that the
        // merge, which reads a window of each run in turn, does not wait for the disk each time.
        _ = posix_fadvise(fd, off_t(bufferStart) + off_t(valid), off_t(Self.readAhead), POSIX_FADV_WILLNEED)
        return 0
    }

    mutating func nextKey() throws(SanadError) -> SortKey? {
        guard position < size else { return nil }
        let at = try ensure(SortKey.byteCount + 4)
        let raw = UnsafeRawBufferPointer(buffer)
        let key = SortKey(UnsafeRawBufferPointer(rebasing: raw[at..<(at + SortKey.byteCount)]))
        pendingLength = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at + SortKey.byteCount, as: UInt32.self)))
        position += Int64(SortKey.byteCount + 4)
        return key
    }

    /// The line of the key `nextKey` gave; valid until the next call.
    mutating func line() throws(SanadError) -> UnsafeRawBufferPointer {
        let at = try ensure(pendingLength)
        position += Int64(pendingLength)
        return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[at..<(at + pendingLength)])
    }
}
