import Foundation
import SanadIO
import SanadModel

/// Raw line access to `custody.jsonl`, shared by the writer and the verifier.
public enum CustodyLogFile {
    public struct Line: Sendable {
        /// 1-based line number.
        public let number: Int
        /// The line's bytes without its LF: a slice of the whole log's bytes (a log of 100,000
        /// lines is not copied line by line).
        public let bytes: ArraySlice<UInt8>
    }

    public struct Contents: Sendable {
        public var lines: [Line]
        /// Byte length up to and including the last LF.
        public var committedLength: Int
        /// Where an unterminated final line starts, if there is one.
        public var tornTailOffset: Int?
    }

    public static func read(_ path: String) throws(SanadError) -> Contents {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SanadError(.workspaceDamaged, "cannot read \(path)", hint: "Check that the workspace is complete.")
        }
        return split([UInt8](data))
    }

    public static func split(_ bytes: [UInt8]) -> Contents {
        var lines: [Line] = []
        var start = 0
        var n = 1
        bytes.withUnsafeBufferPointer { b in
            // Sanad writes lines of 200 to 500 bytes: one allocation for most logs.
            lines.reserveCapacity(b.count / 256 + 1)
            var i = 0
            while i < b.count {
                guard let nl = memchr(b.baseAddress! + i, 0x0A, b.count - i) else { break }
                i = b.baseAddress!.distance(to: nl.assumingMemoryBound(to: UInt8.self))
                lines.append(Line(number: n, bytes: bytes[start..<i]))
                n += 1
                start = i + 1
                i += 1
            }
        }
        return Contents(lines: lines, committedLength: start, tornTailOffset: start < bytes.count ? start : nil)
    }

    /// Appends with a single write(2) and fsyncs, retrying short writes.
    static func append(_ path: String, bytes: [UInt8], create: Bool) throws(SanadError) {
        let flags = O_WRONLY | O_APPEND | O_CLOEXEC | (create ? O_CREAT | O_EXCL : 0)
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw SystemError.make(errno, "open \(path)") }
        defer { close(fd) }
        let before = fileSize(fd) ?? 0
        let appended = bytes.withUnsafeBytes { FileOutput.writeAll(fd, $0) }
        if let err = appended.error {
            // Undo a partial append so that the log never ends in half a line.
            if appended.written > 0 { _ = ftruncate(fd, off_t(before)) }
            throw SystemError.make(err, "append to \(path)")
        }
        guard fsync(fd) == 0 else {
            let err = errno
            // Not durable, so not committed: take the lines back before reporting.
            _ = ftruncate(fd, off_t(before))
            throw SystemError.make(err, "fsync \(path)")
        }
    }

    static func truncate(_ path: String, to length: Int) throws(SanadError) {
        guard Foundation.truncate(path, off_t(length)) == 0 else { throw SystemError.make(errno, "truncate \(path)") }
    }

    private static func fileSize(_ fd: Int32) -> Int64? {
        var st = stat()
        return fstat(fd, &st) == 0 ? Int64(st.st_size) : nil
    }
}
