import Foundation
import SanadModel

/// Computes the CRC-32 of each zip entry's data on a thread of its own. Reading a sealed zip
/// from a file, the profile reader posts each entry's byte range as it reads its header, and
/// hands each mapped window on once it has parsed it; the worker then checksums the parts of
/// the posted ranges that fall in the window, and gives the window back. The parser compares
/// the results with the zip's CRC-32s when the file is read. The CRCs so cost the parsing
/// thread nothing, and the work of a verify spreads evenly over two cores.
final class CRCWorker: @unchecked Sendable {
    private struct Range {
        let start: Int64
        let end: Int64
        var crc = CRC32()
    }

    private let lock = NSLock()
    private let available = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private var ranges: [Range] = []
    private var windows: [(offset: Int64, bytes: UnsafeRawBufferPointer, release: () -> Void)] = []
    private var closed = false
    private var cancelled = false
    /// The first range not yet complete, and how many ranges are (results so far).
    private var cursor = 0

    private var thread: JoinableThread?

    init() {
        thread = JoinableThread { [self] in
            run()
            done.signal()
        }
    }

    /// The next entry's data range, posted before any window holding it is handed on.
    func add(offset: Int64, size: Int64) {
        lock.withLock { ranges.append(Range(start: offset, end: offset + size)) }
    }

    /// A window of the file at `offset` that the parser is done with; `release` gives it back.
    func take(offset: Int64, bytes: UnsafeRawBufferPointer, release: @escaping () -> Void) {
        lock.withLock { windows.append((offset, bytes, release)) }
        available.signal()
    }

    /// Waits for every window handed on and returns the CRC-32 of every posted range, in order.
    func finish() -> [UInt32] {
        lock.withLock { closed = true }
        available.signal()
        done.wait()
        thread?.join()
        return ranges.map(\.crc.value)
    }

    /// Gives back every window without checksumming it (the container was already refused).
    func cancel() {
        lock.withLock {
            cancelled = true; closed = true
        }
        available.signal()
        done.wait()
        thread?.join()
    }

    private func run() {
        var next = 0
        while true {
            available.wait()
            while true {
                let (window, isClosed, isCancelled) = lock.withLock {
                    (next < windows.count ? windows[next] : nil, closed, cancelled)
                }
                guard let window else {
                    if isClosed { return }
                    break
                }
                next += 1
                if !isCancelled { checksum(window.offset, window.bytes) }
                window.release()
            }
        }
    }

    private func checksum(_ offset: Int64, _ bytes: UnsafeRawBufferPointer) {
        let end = offset + Int64(bytes.count)
        var i = lock.withLock { cursor }
        while true {
            guard let r = lock.withLock({ i < ranges.count ? ranges[i] : nil }), r.start < end else { break }
            var range = r
            let from = max(range.start, offset), to = min(range.end, end)
            if to > from {
                range.crc.update(UnsafeRawBufferPointer(rebasing: bytes[Int(from - offset)..<Int(to - offset)]))
            }
            let complete = range.end <= end
            lock.withLock {
                ranges[i] = range
                if complete, cursor == i { cursor = i + 1 }
            }
            if !complete { break }
            i += 1
        }
    }
}
