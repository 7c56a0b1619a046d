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
