import Dispatch
import Foundation
import SanadModel

/// Gathers bytes into aligned blocks and writes each full block with a `DirectFileWriter`, so
/// that a long output (a timeline, a sort run) bypasses the page cache; only the last, short
/// block goes through it.
///
/// With `background`, full blocks are written on a thread of their own while the caller fills
/// the next one: a direct write waits for the disk, and the caller (a timeline's merge) has
/// other work to do meanwhile. A write error is thrown by the next `append` or by `flush`.
/// Memory is `slots` blocks, whatever the output's size.
public final class DirectBlockWriter {
    public let blockSize: Int
    public let file: DirectFileWriter
    private let blocks: [UnsafeMutableRawBufferPointer]
    private var current = 0
    private var fill = 0
    private let queue: DispatchQueue?
    private let free: DispatchSemaphore
    private let lock = NSLock()
    private var failure: SanadError?
    /// The file offset after everything accepted so far, written or gathered.
    public private(set) var count: Int64 = 0

    /// `fd` is open for writing at `offset`; the caller closes it, after `flush`.
    public init(
        fd: Int32, label: String, direct: Bool = true, offset: Int64 = 0, blockSize: Int = 1 << 20,
        background: Bool = false
    ) {
        precondition(blockSize > 0 && blockSize % DirectFileWriter.alignment == 0)
        self.blockSize = blockSize
        file = DirectFileWriter(fd: fd, label: label, direct: direct, offset: offset)
        count = offset
        let slots = background ? 3 : 1
        blocks = (0..<slots).map { _ in
            UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: DirectFileWriter.alignment)
        }
        queue = background ? DispatchQueue(label: "sanad.block-writer") : nil
        // Raised from 0: disposing of a semaphore below its initial value traps.
        free = DispatchSemaphore(value: 0)
        for _ in 0..<slots { free.signal() }
        free.wait()  // the block being filled
    }

    deinit {
        queue?.sync {}
        free.signal()  // the block being filled; libdispatch traps on a semaphore below its start
        blocks.forEach { $0.deallocate() }
    }

    public func append(_ bytes: UnsafeRawBufferPointer) throws(SanadError) {
        var done = 0
        while done < bytes.count {
            let block = blocks[current]
            let n = min(blockSize - fill, bytes.count - done)
            (block.baseAddress! + fill).copyMemory(from: bytes.baseAddress! + done, byteCount: n)
            fill += n
            done += n
            count += Int64(n)
            if fill == blockSize { try writeBlock() }
        }
    }

    public func append(_ bytes: [UInt8]) throws(SanadError) {
        try withRawBytes(bytes) { (raw: UnsafeRawBufferPointer) throws(SanadError) in try append(raw) }
    }

    /// Writes whatever is gathered and waits until it is written. A short block goes through
    /// the page cache, and so does everything after it: call this once, at the end.
    public func flush() throws(SanadError) {
        if fill > 0 { try writeBlock() }
        queue?.sync {}
        if let failure = firstFailure() { throw failure }
    }

    /// Waits for the blocks already handed to the writing thread, without writing the one being
    /// gathered (for an output abandoned after an error).
    public func waitForWrites() {
        queue?.sync {}
    }

    private func firstFailure() -> SanadError? {
        lock.lock()
        defer { lock.unlock() }
        return failure
    }

    private func writeBlock() throws(SanadError) {
        if let failure = firstFailure() { throw failure }
        let chunk = UnsafeRawBufferPointer(rebasing: blocks[current][0..<fill])
        fill = 0
        guard let queue else {
            try file.write(chunk)
            return
        }
        queue.async { [self] in
            defer { free.signal() }
            do throws(SanadError) { try file.write(chunk) } catch {
                lock.lock()
                if failure == nil { failure = error }
                lock.unlock()
            }
        }
        free.wait()
        current = (current + 1) % blocks.count
    }
}
