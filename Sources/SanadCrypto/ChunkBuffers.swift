import CSanadOpenSSL
import Foundation

/// The 64 KiB chunk buffers of age writers and readers, kept for the next file instead of going
/// back to malloc. A buffer that size comes from the heap (below the 128 KiB mmap threshold), and
/// freed between files while small records that live until the commit are allocated around it,
/// its hole was split for them and the next file's buffer grew the heap instead: an `add` of
/// 1,000 photos into an encrypted workspace peaked at 77 MiB, 60 of them heap, against 52 MiB
/// when the pattern of allocations happened to differ (docs/BENCHMARKS.md, issue 13).
///
/// A buffer is wiped when given back (it held plaintext), and handed out zeroed.
final class ChunkBuffers: @unchecked Sendable {
    static let shared = ChunkBuffers()
    /// Every buffer is this size: a sealed chunk (64 KiB and its tag).
    static let size = AgePayload.sealedChunkSize
    /// Enough for the writers and readers of two copy workers, a seal's feed and the caller.
    static let kept = 8
    private let lock = NSLock()
    private var free: [UnsafeMutableRawBufferPointer] = []

    func take() -> UnsafeMutableRawBufferPointer {
        lock.lock()
        if let b = free.popLast() {
            lock.unlock()
            return b
        }
        lock.unlock()
        let b = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.size, alignment: 64)
        b.initializeMemory(as: UInt8.self, repeating: 0)
        return b
    }

    func give(_ buffer: UnsafeMutableRawBufferPointer) {
        OPENSSL_cleanse(buffer.baseAddress, buffer.count)
        lock.lock()
        if free.count < Self.kept {
            free.append(buffer)
            lock.unlock()
            return
        }
        lock.unlock()
        buffer.deallocate()
    }
}
