import CSanadShims
import Foundation
import SanadCrypto
import SanadModel

/// What one pass over a container found.
public struct ContainerScan: Sendable {
    public var format: ContainerFormat?
    /// Every entry, in file order (all of them only when `violation` is nil).
    public var entries: [ContainerEntry]
    public var violation: ContainerViolation?
    /// Bytes read.
    public var size: Int64
    /// SHA-256 of the whole file; nil when reading stopped at a violation.
    public var sha256: String?
    /// A regular file, which a second reader can read again; false for a pipe or device.
    public var isRegularFile: Bool
}

/// Reads a container once, front to back, and checks it against the profile while it hashes
/// it, on two threads: one adds every byte to the file's SHA-256, the calling thread parses the
/// same bytes, checks CRC-32s and hands entry data to `sink`. Nothing is written anywhere.
///
/// A regular file is read through a sliding memory map (8 MiB at a time per thread), so no byte
/// is copied: hashing an archive twice (the file, and each payload file) costs two SHA-256
/// streams on two cores and nothing more. A pipe, FIFO or device is read into a ring of blocks
/// instead. Either way memory stays at a few windows whatever the size.
public enum ContainerScanner {
    public static let blockSize = 1 << 20
    static let slots = 8
    /// A mapped file is read in windows of this size, at most six at a time.
    static let windowSize = 2 << 20
    /// The exit code (docs/EXIT-CODES.md, I/O) of a process whose mapped archive vanished under
    /// it (a truncated file, a USB stick pulled out): a clear error instead of a SIGBUS crash.
    public static let vanishedExitCode: Int32 = 5

    /// Throws only when the file cannot be opened or read; a file that is not a sealed
    /// container comes back with a `violation`.
    public static func scan(path: String, sink: ContainerEntrySink?) throws(SanadError) -> ContainerScan {
        let fd = open(path, O_RDONLY | O_CLOEXEC | csanad_o_noatime())
        let fallback = fd < 0 && errno == EPERM ? open(path, O_RDONLY | O_CLOEXEC) : fd
        guard fallback >= 0 else {
            let err = errno
            throw SanadError(err == ENOENT ? .pathNotFound : .pathUnreadable, "cannot open \(path): \(String(cString: strerror(err)))")
        }
        defer { close(fallback) }
        var st = stat()
        let regular = fstat(fallback, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
        var result: ContainerScan
        if regular, st.st_size > 0 {
            let driver = ParserDriver(sink: sink, deferCRC: true)
            result = try scanMapped(fd: fallback, size: Int64(st.st_size), label: path, driver: driver)
            var after = stat()
            guard fstat(fallback, &after) == 0, after.st_size == st.st_size, after.st_mtim.tv_sec == st.st_mtim.tv_sec,
                  after.st_mtim.tv_nsec == st.st_mtim.tv_nsec
            else { throw SanadError(.ioError, "\(path) changed while it was read", hint: "Verify a copy that nothing is writing to.") }
        } else {
            result = try scanStream(fd: fallback, label: path, driver: ParserDriver(sink: sink, deferCRC: false))
        }
        result.isRegularFile = regular
        return result
    }

    /// The file is mapped window by window on the hashing thread, which hands each window to
    /// the parsing thread and adds it to the file's digest; a window is unmapped once both are
    /// done with it. Each page is mapped once and never copied.
    private static func scanMapped(fd: Int32, size: Int64, label: String, driver: ParserDriver) throws(SanadError) -> ContainerScan {
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        let ring = try BlockRing(fd: fd, label: label, mappedSize: size)
        return try drain(ring, driver: driver, size: size)
    }

    /// A pipe or device: one thread reads blocks into a ring and hashes them, the caller parses.
    private static func scanStream(fd: Int32, label: String, driver: ParserDriver) throws(SanadError) -> ContainerScan {
        let ring = try BlockRing(fd: fd, label: label, mappedSize: nil)
        return try drain(ring, driver: driver, size: nil)
    }

    private static func drain(_ ring: BlockRing, driver: ParserDriver, size: Int64?) throws(SanadError) -> ContainerScan {
        ring.startReading()
        while let (block, offset, slot) = ring.next() {
            if !driver.feed(block) { ring.stop() }
            ring.leave()
            if let worker = driver.crcWorker {
                worker.take(offset: offset, bytes: block) { ring.done(with: slot) }
            } else {
                ring.done(with: slot)
            }
        }
        if let failure = ring.failure {
            driver.abandon()
            throw failure
        }
        var result = try driver.finish()
        result.size = size ?? ring.bytesRead
        if !ring.stopped { result.sha256 = ring.digest.finalizeHex() }
        return result
    }
}

/// Takes the file's bytes in order: decides the format from the first 512 (or all, if fewer),
/// then feeds the profile parser until it stops.
private final class ParserDriver {
    private weak var sink: ContainerEntrySink?
    private let deferCRC: Bool
    /// Checksums a zip's entries beside the parser (a mapped file only).
    private(set) var crcWorker: CRCWorker?
    private var head: [UInt8] = []
    private var parser: ContainerParser?
    private var violation: ContainerViolation?
    private var format: ContainerFormat?

    init(sink: ContainerEntrySink?, deferCRC: Bool) {
        self.sink = sink
        self.deferCRC = deferCRC
    }

    /// False once the file is known not to be in the profile: nothing more needs reading.
    func feed(_ block: UnsafeRawBufferPointer) -> Bool {
        if let parser {
            parser.consume(block)
            return parser.violation == nil
        }
        guard violation == nil else { return false }
        let take = min(TarLayout.block - head.count, block.count)
        head += block.prefix(take)
        guard head.count == TarLayout.block else { return true }
        guard start(deferCRC: deferCRC) else { return false }
        parser!.consume(UnsafeRawBufferPointer(rebasing: block[take...]))
        return parser!.violation == nil
    }

    /// `deferCRC` only while windows are still to come: a file shorter than 512 bytes is parsed
    /// at the end, after its only window has gone.
    private func start(deferCRC: Bool) -> Bool {
        guard let format = ContainerFormat.sniff(head) else {
            violation = ContainerViolation(.format, at: 0, ContainerFormat.describeForeign(head))
            return false
        }
        self.format = format
        if format == .zip, deferCRC { crcWorker = CRCWorker() }
        let parser = format.parser(sink: sink, crcWorker: crcWorker)
        self.parser = parser
        head.withUnsafeBytes { parser.consume($0) }
        return true
    }

    /// Reading failed: stop the CRC thread.
    func abandon() { crcWorker?.cancel() }

    func finish() throws(SanadError) -> ContainerScan {
        // Fewer than 512 bytes in all: a zip that short is still read; anything else is foreign.
        if parser == nil, violation == nil, start(deferCRC: false) {}
        if let parser, parser.violation == nil { parser.finish() }
        if let crcWorker {
            if let zip = parser as? ZipProfileParser, zip.violation == nil {
                zip.checkDeferredCRCs(crcWorker.finish())
            } else {
                crcWorker.cancel()
            }
        }
        return ContainerScan(format: format, entries: parser?.entries ?? [], violation: violation ?? parser?.violation, size: 0,
                             sha256: nil, isRegularFile: false)
    }
}

/// Set once by one thread, read by another.
private final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// A ring of blocks between the reading thread and the parsing one. For a regular file each
/// block is a window of a read-only memory map; for a stream it is a buffer read into. The
/// reader fills slots in turn and hashes each after handing it over; a slot is reused (and a
/// window unmapped) only once both threads are done with it.
private final class BlockRing: @unchecked Sendable {
    let digest: MessageDigest
    private let fd: Int32
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

    init(fd: Int32, label: String, mappedSize: Int64?) throws(SanadError) {
        self.fd = fd
        self.label = label
        self.mappedSize = mappedSize
        digest = try MessageDigest(.sha256)
        let count = mappedSize == nil ? ContainerScanner.slots : 6
        let slotSize = mappedSize == nil ? ContainerScanner.blockSize : ContainerScanner.windowSize
        self.slotSize = slotSize
        if mappedSize == nil {
            buffers = (0..<count).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: slotSize, alignment: 4096) }
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
            for case let window? in slots { munmap(UnsafeMutableRawPointer(mutating: window.baseAddress), window.count) }
        }
    }

    var failure: SanadError? { lock.withLock { error } }
    var stopped: Bool { lock.withLock { stopRequested } }
    var bytesRead: Int64 { lock.withLock { total } }

    func startReading() {
        let thread = Thread { [self] in
            readAll()
            finished.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
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
            return nil
        }
        if mappedSize != nil { csanad_bus_guard_set(block.baseAddress, block.count, vanished, ContainerScanner.vanishedExitCode) }
        return (block, offset, slot)
    }

    /// The calling thread is done touching the block `next` gave it (it may still hand it on).
    func leave() {
        if mappedSize != nil { csanad_bus_guard_set(nil, 0, nil, 0) }
    }

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
            if mappedSize != nil { csanad_bus_guard_set(block.baseAddress, block.count, vanished, ContainerScanner.vanishedExitCode) }
            digest.update(block)
            if mappedSize != nil { csanad_bus_guard_set(nil, 0, nil, 0) }
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
            // Fault the window in at once (MADV_POPULATE_READ, Linux 5.14), not a page at a time.
            _ = madvise(base, length, 22)
            return UnsafeRawBufferPointer(start: base, count: length)
        }
        let buffer = buffers[slot]
        var got = 0
        while got < buffer.count {
            let n = read(fd, buffer.baseAddress! + got, buffer.count - got)
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                let err = errno
                lock.withLock { error = SanadError(.ioError, "cannot read \(label): \(String(cString: strerror(err)))") }
                return nil
            }
            got += n
        }
        return UnsafeRawBufferPointer(rebasing: buffer[0..<got])
    }
}
