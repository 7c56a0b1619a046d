import Foundation
import SanadModel

/// A temporary file of sorted records, unlinked as soon as it is created: only the open
/// descriptor reaches it, and it disappears when closed or when the process dies.
final class RunFile {
    let fd: Int32
    private(set) var size: Int64 = 0

    init(dir: String) throws(SanadError) {
        var template = Array("\(dir)/timeline-run-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw SystemError.make(errno, "create a temporary file in \(dir)") }
        let path = String(cString: template)
        unlink(path)
        self.fd = fd
    }

    deinit { close(fd) }

    func write(_ bytes: [UInt8]) throws(SanadError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + done, bytes.count - done, off_t(size) + off_t(done)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError.make(errno, "write a temporary sort file")
            }
            done += n
        }
        size += Int64(bytes.count)
    }
}

/// Reads a run's records in order through a 1 MiB window.
final class RunReader {
    private let run: RunFile
    private var window: [UInt8] = []
    private var windowStart: Int64 = 0
    private var position: Int64 = 0
    private var pendingLength = 0

    init(_ run: RunFile) {
        self.run = run
    }

    /// Makes `[position, position + count)` available in the window.
    private func ensure(_ count: Int) throws(SanadError) -> Int {
        let offsetInWindow = Int(position - windowStart)
        if offsetInWindow + count <= window.count { return offsetInWindow }
        let want = max(count, 1 << 20)
        var fresh = [UInt8](repeating: 0, count: want)
        var got = 0
        while got < want, position + Int64(got) < run.size {
            let n = fresh.withUnsafeMutableBytes { pread(run.fd, $0.baseAddress! + got, want - got, off_t(position) + off_t(got)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError.make(errno, "read a temporary sort file")
            }
            if n == 0 { break }
            got += n
        }
        guard got >= count else { throw SanadError(.ioError, "a temporary sort file is shorter than written") }
        window = Array(fresh[0..<got])
        windowStart = position
        return 0
    }

    func nextKey() throws(SanadError) -> SortKey? {
        guard position < run.size else { return nil }
        let at = try ensure(SortKey.byteCount + 4)
        let (key, length) = window.withUnsafeBytes { raw -> (SortKey, Int) in
            let k = SortKey(UnsafeRawBufferPointer(rebasing: raw[at..<(at + SortKey.byteCount)]))
            let n = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at + SortKey.byteCount, as: UInt32.self)))
            return (k, n)
        }
        position += Int64(SortKey.byteCount + 4)
        pendingLength = length
        return key
    }

    func withLine(_ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void) throws(SanadError) {
        let at = try ensure(pendingLength)
        position += Int64(pendingLength)
        var failure: SanadError?
        window.withUnsafeBytes { raw in
            do throws(SanadError) { try body(UnsafeRawBufferPointer(rebasing: raw[at..<(at + pendingLength)])) } catch { failure = error }
        }
        if let failure { throw failure }
    }
}
