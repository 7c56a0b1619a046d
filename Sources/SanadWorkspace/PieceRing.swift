import Dispatch
import Foundation
import SanadModel

/// A ring of buffers that a producer thread fills while the caller works on the ones filled
/// before: how stored files are decrypted on the other core (`DecryptAhead` within one file,
/// `StoredFileFeed` across the files of a seal). Each slot carries a tag that says what its
/// buffer holds. Memory: `slots` buffers, wiped when the ring goes.
final class PieceRing<Tag>: @unchecked Sendable {
    let pieceSize: Int
    private let buffers: [UnsafeMutableRawBufferPointer]
    /// One box per slot, handed over by the `filled` semaphores.
    private final class Box {
        var tag: Tag
        init(_ tag: Tag) { self.tag = tag }
    }
    private let tags: [Box]
    private let filled: [DispatchSemaphore]
    private let free: DispatchSemaphore
    private let done = DispatchSemaphore(value: 0)
    private let stop = NSLock()
    private var stopped = false
    /// The producer's next slot (used by the producer thread only).
    private var next = 0

    init(slots: Int, pieceSize: Int, empty: Tag) {
        self.pieceSize = pieceSize
        buffers = (0..<slots).map { _ in .allocate(byteCount: pieceSize, alignment: 64) }
        tags = (0..<slots).map { _ in Box(empty) }
        filled = (0..<slots).map { _ in DispatchSemaphore(value: 0) }
        // Created at 0 and raised: libdispatch traps when a semaphore is freed below the value it
        // was created with, which a consumer that stops early, every slot full, leaves it.
        free = DispatchSemaphore(value: 0)
        for _ in 0..<slots { free.signal() }
    }

    deinit {
        for b in buffers {
            b.initializeMemory(as: UInt8.self, repeating: 0)
            b.deallocate()
        }
    }

    /// Runs `produce` on a thread of its own, and `consume` here with each slot in turn until it
    /// returns false or throws; then stops the producer and waits for it before returning.
    func run(
        produce: @escaping @Sendable (PieceRing) -> Void,
        consume: (Tag, UnsafeMutableRawBufferPointer) throws(SanadError) -> Bool
    ) throws(SanadError) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            produce(self)
            done.signal()
        }
        defer {
            stop.lock()
            stopped = true
            stop.unlock()
            for _ in buffers { free.signal() }
            done.wait()
        }
        var k = 0
        var more = true
        while more {
            let slot = k % buffers.count
            filled[slot].wait()
            more = try consume(tags[slot].tag, buffers[slot])
            free.signal()
            k += 1
        }
    }

    /// For the producer: the next slot's buffer once the caller has freed it, or nil once the
    /// ring is stopped (the producer then returns).
    func take() -> (slot: Int, buffer: UnsafeMutableRawBufferPointer)? {
        free.wait()
        stop.lock()
        let halt = stopped
        stop.unlock()
        if halt { return nil }
        let slot = next % buffers.count
        next += 1
        return (slot, buffers[slot])
    }

    /// For the producer: hands a taken slot to the caller with what it holds.
    func hand(_ slot: Int, _ tag: Tag) {
        tags[slot].tag = tag
        filled[slot].signal()
    }
}
