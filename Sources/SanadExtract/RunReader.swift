import Dispatch
import Foundation
import SanadArchive
import SanadModel

/// Reads a run's records in order, for the merge.
///
/// A run was written past the page cache, and it is read back the same way: aligned blocks of
/// `blockSize` are read ahead, on the merge's read queue, straight into one of two buffers
/// (O_DIRECT where the filesystem allows it), while the merge takes records from the other.
/// Reading through the page cache would cost a copy and, on a VM, fresh pages for every byte,
/// all on the one thread that merges. A record that crosses from one block into the next is
/// carried: its first bytes are copied in front of the next block, so records are contiguous.
/// A record longer than `carryLimit` (a message of hundreds of KiB) switches the reader to
/// plain reads from there on (`PlainRunWindow`).
///
/// A value, not an object, so that the merge reaches each reader in its array in place, with
/// no reference counting per record; the owner calls `release` when done.
struct RunReader {
    static let blockSize = 512 << 10
    static let carryLimit = 128 << 10

    /// One read-ahead buffer: `carryLimit` bytes for a carried record, then the block.
    final class Slot: @unchecked Sendable {
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: RunReader.carryLimit + RunReader.blockSize,
                                                            alignment: DirectFileWriter.alignment)
        let ready = DispatchSemaphore(value: 0)
        var got = 0
        var failure: Int32 = 0
        var inFlight = false
        deinit { memory.deallocate() }
    }

    private let fd: Int32
    private let size: Int64
    private let queue: DispatchQueue
    private var slots: [Slot]
    private var current = 0
    /// `slots[current].memory[low..<high]` holds the run's bytes from `windowStart`.
    private var low = 0, high = 0
    private var windowStart: Int64 = 0
    private var position: Int64 = 0
    private var nextBlock: Int64 = 0
    private var pendingLength = 0
    private var plain: PlainRunWindow?

    /// The run must stay open until `release`; `queue` (serial, shared by a merge's readers)
    /// does the reads.
    init(_ run: RunFile, queue: DispatchQueue) throws(SanadError) {
        fd = run.fd
        size = run.size
        self.queue = queue
        slots = [Slot(), Slot()]
        _ = DirectFileWriter.setDirect(fd, true)  // else reads go through the cache, which is still correct
        request(0)
        request(1)
        do {
            try waitFor(0)
        } catch {
            release()
            throw error
        }
        low = Self.carryLimit
        high = low + slots[0].got
    }

    mutating func release() {
        for s in slots where s.inFlight {
            s.ready.wait()
            s.inFlight = false
        }
        slots = []
        plain?.release()
        plain = nil
    }

    /// Reads the next block into slot `k`, after its carry area.
    private mutating func request(_ k: Int) {
        let slot = slots[k]
        let offset = nextBlock
        nextBlock += Int64(Self.blockSize)
        slot.inFlight = true
        let (fd, size) = (self.fd, self.size)
        queue.async {
            defer { slot.ready.signal() }
            slot.got = 0
            slot.failure = 0
            let base = slot.memory.baseAddress! + RunReader.carryLimit
            while slot.got < RunReader.blockSize, offset + Int64(slot.got) < size {
                let n = pread(fd, base + slot.got, RunReader.blockSize - slot.got, off_t(offset) + off_t(slot.got))
                if n < 0 {
                    if errno == EINTR { continue }
                    // A filesystem that takes the flag but refuses the read: read through the cache.
                    if errno == EINVAL, DirectFileWriter.setDirect(fd, false) { continue }
                    slot.failure = errno
                    return
                }
                if n == 0 { break }
                slot.got += n
            }
        }
    }

    private mutating func waitFor(_ k: Int) throws(SanadError) {
        let slot = slots[k]
        slot.ready.wait()
        slot.inFlight = false
        if slot.failure != 0 { throw SystemError.make(slot.failure, "read a temporary sort file") }
    }

    /// `[position, position + count)`, valid until the next call.
    private mutating func take(_ count: Int) throws(SanadError) -> UnsafeRawBufferPointer {
        if plain != nil {
            position += Int64(count)
            return try plain!.take(count)
        }
        var at = low + Int(position - windowStart)
        if at + count > high {
            let carry = high - at
            guard carry <= Self.carryLimit, count <= Self.carryLimit + Self.blockSize else {
                // Too long to carry: plain reads from here on, once the reads in flight are done.
                for s in slots where s.inFlight {
                    s.ready.wait()
                    s.inFlight = false
                }
                _ = DirectFileWriter.setDirect(fd, false)
                plain = PlainRunWindow(fd: fd, size: size, position: position)
                position += Int64(count)
                return try plain!.take(count)
            }
            let next = 1 - current
            try waitFor(next)
            let target = slots[next].memory.baseAddress! + Self.carryLimit - carry
            target.copyMemory(from: slots[current].memory.baseAddress! + at, byteCount: carry)
            low = Self.carryLimit - carry
            high = Self.carryLimit + slots[next].got
            windowStart = position
            request(current)
            current = next
            at = low
            guard at + count <= high else { throw SanadError(.ioError, "a temporary sort file is shorter than written") }
        }
        position += Int64(count)
        return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(slots[current].memory)[at..<(at + count)])
    }

    mutating func nextKey() throws(SanadError) -> SortKey? {
        guard position < size else { return nil }
        let head = try take(SortKey.byteCount + 4)
        pendingLength = Int(UInt32(littleEndian: head.loadUnaligned(fromByteOffset: SortKey.byteCount, as: UInt32.self)))
        return SortKey(UnsafeRawBufferPointer(rebasing: head[0..<SortKey.byteCount]))
    }

    /// The line of the key `nextKey` gave; valid until the next call.
    mutating func line() throws(SanadError) -> UnsafeRawBufferPointer {
        try take(pendingLength)
    }
}
