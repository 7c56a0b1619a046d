import CSanadSystem
import Foundation
import SanadCrypto
import SanadModel

/// A ring of blocks between the reading thread and the parsing one. For a regular file each
/// block is a window of a read-only memory map; for a stream it is a buffer read into. The
/// reader fills slots in turn and hashes each after handing it over; a slot is reused (and a
/// window unmapped) only once both threads are done with it.
final class BlockRing: @unchecked Sendable {
    let digest: MessageDigest
    private let fd: Int32
    /// Reads the stream instead of `fd`, when given.
    private let source: ContainerScanner.StreamRead?
    private let label: String
    /// The file's size when it is mapped; nil for a stream.
    private let mappedSize: Int64?
    private let slotSize: Int
    private var buffers: [UnsafeMutableRawBufferPointer] = []
    private var slots: [UnsafeRawBufferPointer?]
    private var users: [Int]
    private let free: DispatchSemaphore
    private let filled = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var queue: [(slot: Int, offset: Int64)] = []
    private var head = 0
    private var stopRequested = false
    private var error: SanadError?
    private var total: Int64 = 0
    private var ended = false
    private let vanished: String

    init(
        fd: Int32, label: String, mappedSize: Int64?, source: ContainerScanner.StreamRead? = nil
    ) throws(SanadError) {
        self.fd = fd
        self.source = source
        self.label = label
        self.mappedSize = mappedSize
        digest = try MessageDigest(.sha256)
        let count = mappedSize == nil ? ContainerScanner.slots : 6
        let slotSize = mappedSize == nil ? ContainerScanner.blockSize : ContainerScanner.windowSize
        self.slotSize = slotSize
        if mappedSize == nil {
            buffers = (0..<count).map { _ in
                UnsafeMutableRawBufferPointer.allocate(byteCount: slotSize, alignment: 4096)
            }
        }
        slots = Array(repeating: nil, count: count)
        users = Array(repeating: 0, count: count)
        // Created at 0 and raised: libdispatch traps when a semaphore is freed below the value
        // it was created with, which a reader stopped early would leave it.
        free = DispatchSemaphore(value: 0)
        for _ in 0..<count { free.signal() }
        vanished = "sanad: error: \(label) could not be read: it changed or its disk went away while it was read"
    }

    deinit {
        buffers.forEach { $0.deallocate() }
        if mappedSize != nil {
            for case let window? in slots {
                csanad_bus_guard_remove(window.baseAddress)
                munmap(UnsafeMutableRawPointer(mutating: window.baseAddress), window.count)
            }
        }
    }

    var failure: SanadError? { lock.withLock { error } }
    var stopped: Bool { lock.withLock { stopRequested } }
    var bytesRead: Int64 { lock.withLock { total } }

    private var reader: JoinableThread?

    func startReading() {
        reader = JoinableThread { [self] in
            readAll()
            finished.signal()
        }
    }

    /// The next block, where it starts in the file, and its slot; nil at the end (of the file,
    /// or after `stop`). Waits for the reading thread to finish before returning nil, so the
    /// digest is complete. While a mapped block is out, a vanishing file is a clear error.
    func next() -> (UnsafeRawBufferPointer, Int64, Int)? {
        if ended { return nil }
        filled.wait()
        let (slot, offset) = lock.withLock { () -> (Int, Int64) in
            defer { head += 1 }
            return queue[head]
        }
        guard slot >= 0, let block = slots[slot] else {
            ended = true
            finished.wait()
            reader?.join()
            return nil
        }
        return (block, offset, slot)
    }

    /// The calling thread is done touching the block `next` gave it (it may still hand it on).
    /// Kept for callers' symmetry: the guard covers a window for as long as it is mapped.
    func leave() {}

    /// Asks the reader to stop at its next block (the container is already rejected).
    func stop() { lock.withLock { stopRequested = true } }

    /// The parser's part of a slot is over (it, or whoever it handed the block to, is done).
    func done(with slot: Int) {
        let last = lock.withLock { () -> Bool in
            users[slot] -= 1
            return users[slot] == 0
        }
        guard last else { return }
        if mappedSize != nil, let window = slots[slot] {
            csanad_bus_guard_remove(window.baseAddress)
            munmap(UnsafeMutableRawPointer(mutating: window.baseAddress), window.count)
            slots[slot] = nil
        }
        free.signal()
    }

    private func push(_ slot: Int, _ offset: Int64 = 0) {
        lock.withLock { queue.append((slot, offset)) }
        filled.signal()
    }

    private func readAll() {
        var index = 0
        var offset: Int64 = 0
        while true {
            free.wait()
            if stopped { return push(-1) }
            let slot = index % slots.count
            index += 1
            guard let block = fill(slot, at: offset) else { return push(-1) }
            guard !block.isEmpty else { return push(-1) }
            lock.withLock {
                total += Int64(block.count)
                users[slot] = 2
            }
            slots[slot] = block
            push(slot, offset)
            offset += Int64(block.count)
            digest.update(block)
            WorkProgress.shared.add(block.count)
            done(with: slot)
        }
    }

    /// The next block: a mapped window of the file, or a buffer read full (or to the end of the
    /// input). Empty at the end; nil on an error (recorded).
    private func fill(_ slot: Int, at offset: Int64) -> UnsafeRawBufferPointer? {
        if let size = mappedSize {
            let length = Int(min(Int64(slotSize), size - offset))
            guard length > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
            guard let base = mmap(nil, length, PROT_READ, MAP_SHARED, fd, off_t(offset)), base != MAP_FAILED else {
                let err = errno
                lock.withLock { error = SanadError(.ioError, "cannot map \(label): \(String(cString: strerror(err)))") }
                return nil
            }
            // Any thread that touches the window from here on (the digest, the parser, a worker
            // handed its bytes) turns a file cut short under it into a clear error.
            _ = csanad_bus_guard_add(base, length, vanished, ContainerScanner.vanishedExitCode)
            // Fault the window in at once (MADV_POPULATE_READ, Linux 5.14), not a page at a time.
            _ = madvise(base, length, 22)
            return UnsafeRawBufferPointer(start: base, count: length)
        }
        let buffer = buffers[slot]
        var got = 0
        while got < buffer.count {
            let n =
                source.map { $0(UnsafeMutableRawBufferPointer(rebasing: buffer[got...])) }
                ?? read(fd, buffer.baseAddress! + got, buffer.count - got)
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                let err = errno
                lock.withLock {
                    error = SanadError(.ioError, "cannot read \(label): \(String(cString: strerror(err)))")
                }
                return nil
            }
            got += n
        }
        return UnsafeRawBufferPointer(rebasing: buffer[0..<got])
    }
}
