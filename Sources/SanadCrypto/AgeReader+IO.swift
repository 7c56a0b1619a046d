import Foundation
import SanadModel

/// The file access of `AgeReader`: its size, its header (read in growing pieces until the
/// closing line, up to `maximumHeaderLength`), and whole reads at an offset.
extension AgeReader {
    static func fileSize(_ fd: Int32, label: String) throws(SanadError) -> Int64 {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw SystemError.make(errno, "cannot read \(label)") }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw SanadError(.usage, "\(label) is not a regular file", hint: "Give the path of an age file.")
        }
        return Int64(st.st_size)
    }

    /// The bytes from the start of the file to the end of the header's closing line (perhaps a
    /// little more), and the header parsed from them.
    static func readHeader(_ fd: Int32, size: Int64, label: String) throws(SanadError) -> ([UInt8], AgeHeader) {
        let limit = Int(min(Int64(maximumHeaderLength), size))
        var bytes: [UInt8] = []
        var want = 16 << 10
        var searched = 0
        while true {
            let target = min(want, limit)
            if target > bytes.count {
                let start = bytes.count
                bytes += [UInt8](repeating: 0, count: target - start)
                let got = try TypedBytes.write(&bytes) { (b) throws(SanadError) in
                    let into = UnsafeMutableRawBufferPointer(rebasing: b[start...])
                    return try readFully(fd, into: into, at: Int64(start), label: label)
                }
                bytes.removeLast(target - start - got)
            }
            // Not age at all: say so now, not after reading 64 MiB of someone's video.
            if bytes.count >= AgeHeader.intro.count, !bytes.starts(with: AgeHeader.intro) { break }
            if let end = closingLineEnd(bytes, from: &searched) {
                let header = try TypedBytes.read(Array(bytes[..<end])) { (b) throws(SanadError) in
                    try AgeHeader.parse(b)
                }
                return (bytes, header)
            }
            guard bytes.count < limit else { break }
            want *= 4
        }
        if bytes.count == maximumHeaderLength, bytes.starts(with: AgeHeader.intro) {
            throw SanadError(
                .usage, "\(label) has an age header longer than \(maximumHeaderLength >> 20) MiB, which Sanad refuses")
        }
        // The parser says what is wrong (not age, a bad stanza); failing that, the end came early.
        _ = try TypedBytes.read(bytes) { (b) throws(SanadError) in try AgeHeader.parse(b) }
        throw AgeFile.malformed("the header ends early")
    }

    /// Where the first line that starts with `---` ends (past its newline), searching from
    /// `searched`, which moves on past what cannot be the start of that line.
    private static func closingLineEnd(_ bytes: [UInt8], from searched: inout Int) -> Int? {
        bytes.withUnsafeBytes { b -> Int? in
            let base = b.baseAddress!
            func newline(after i: Int) -> Int? {
                guard i < b.count, let p = memchr(base + i, 0x0A, b.count - i) else { return nil }
                return base.distance(to: UnsafeRawPointer(p))
            }
            var i = searched
            while let nl = newline(after: i) {
                guard nl + 4 <= b.count else { break }
                if b[nl + 1] == 0x2D, b[nl + 2] == 0x2D, b[nl + 3] == 0x2D {
                    guard let end = newline(after: nl + 1) else { break }
                    return end + 1
                }
                i = nl + 1
            }
            searched = i
            return nil
        }
    }

    /// Reads into `buffer` from `offset` until it is full or the file ends; returns how many.
    static func readFully(
        _ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, label: String
    ) throws(SanadError) -> Int {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw SystemError.make(errno, "cannot read \(label)") }
            if n == 0 { break }
            done += n
        }
        return done
    }

    static func readFully(
        _ fd: Int32, into array: inout [UInt8], at offset: Int64, label: String
    ) throws(SanadError)
        -> Int
    {
        try TypedBytes.write(&array) { (b) throws(SanadError) in try readFully(fd, into: b, at: offset, label: label) }
    }
}
