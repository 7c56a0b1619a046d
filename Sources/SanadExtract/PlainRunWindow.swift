import Foundation
import SanadModel

/// Reads a run from a given position through a window of `windowSize` bytes, reused: the
/// unread tail moves to the front and the rest is read into place. The fallback of
/// `RunReader` for a record longer than its read-ahead blocks can carry.
struct PlainRunWindow {
    static let windowSize = 1 << 20
    private let fd: Int32
    private let size: Int64
    private var buffer: UnsafeMutableRawBufferPointer
    /// File offset of `buffer[0]`, and how many bytes of the buffer are valid.
    private var bufferStart: Int64 = 0
    private var valid = 0
    private var position: Int64 = 0

    init(fd: Int32, size: Int64, position: Int64) {
        self.fd = fd
        self.size = size
        self.position = position
        bufferStart = position
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
        return 0
    }

    /// The next `count` bytes of the run; valid until the next call.
    mutating func take(_ count: Int) throws(SanadError) -> UnsafeRawBufferPointer {
        let at = try ensure(count)
        position += Int64(count)
        return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[at..<(at + count)])
    }
}
