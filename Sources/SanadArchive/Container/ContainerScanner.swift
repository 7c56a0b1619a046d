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
/// it: one thread reads each 1 MiB block and adds it to the file's SHA-256; the calling thread
/// parses the same block, checks CRC-32s and hands entry data to `sink`. Memory stays at a few
/// blocks whatever the size, and a pipe or FIFO is read like a file (nothing needs seeking).
/// Nothing is written anywhere.
public enum ContainerScanner {
    public static let blockSize = 1 << 20
    static let slots = 8

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
        if regular { _ = posix_fadvise(fallback, 0, 0, POSIX_FADV_SEQUENTIAL) }
        let ring = try BlockRing(fd: fallback, label: path)
        ring.startReading()
        var result = ContainerScan(format: nil, entries: [], violation: nil, size: 0, sha256: nil, isRegularFile: regular)
        var head: [UInt8] = []
        var parser: ContainerParser?
        while let (slot, count) = ring.next() {
            let block = UnsafeRawBufferPointer(rebasing: ring.buffers[slot][0..<count])
            if let parser {
                if parser.violation == nil { parser.consume(block) }
                if parser.violation != nil { ring.stop() }
            } else if result.violation == nil {
                head += block.prefix(TarLayout.block - head.count)
                if head.count == TarLayout.block || count < TarLayout.block {
                    parser = start(head: head, rest: block, sink: sink, into: &result)
                    if parser == nil || parser?.violation != nil { ring.stop() }
                }
            }
            ring.release()
        }
        if let failure = ring.failure { throw failure }
        if parser == nil, result.violation == nil {
            // Fewer than 512 bytes in all: a zip that short is still read; anything else is foreign.
            parser = start(head: head, rest: UnsafeRawBufferPointer(start: nil, count: 0), sink: sink, into: &result)
        }
        if let parser {
            if parser.violation == nil { parser.finish() }
            result.entries = parser.entries
            result.violation = parser.violation
        }
        // The file's size for a file (reading may have stopped early), what came for a stream.
        result.size = regular ? Int64(st.st_size) : ring.bytesRead
        if !ring.stopped { result.sha256 = ring.digest.finalizeHex() }
        return result
    }

    /// Decides the format from the first bytes and feeds it the block they came from.
    private static func start(head: [UInt8], rest: UnsafeRawBufferPointer, sink: ContainerEntrySink?,
                              into result: inout ContainerScan) -> ContainerParser?
    {
        guard let format = ContainerFormat.sniff(head) else {
            result.violation = ContainerViolation(.format, at: 0, ContainerFormat.describeForeign(head))
            return nil
        }
        result.format = format
        let parser = format.parser(sink: sink)
        if rest.count >= head.count {
            parser.consume(rest)
        } else {
            head.withUnsafeBytes { parser.consume($0) }
        }
        return parser
    }
}

/// A ring of aligned blocks between the reading thread and the parsing one. The reader fills
/// slots in turn and hashes each after handing it over; the parser gives slots back in the same
/// order, so a slot is refilled only after both are done with it.
private final class BlockRing: @unchecked Sendable {
    let buffers: [UnsafeMutableRawBufferPointer]
    let digest: MessageDigest
    private let fd: Int32
    private let label: String
    private let free: DispatchSemaphore
    private let filled = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var queue: [(slot: Int, count: Int)] = []
    private var head = 0
    private var stopRequested = false
    private var error: SanadError?
    private var total: Int64 = 0
    private var ended = false

    init(fd: Int32, label: String) throws(SanadError) {
        self.fd = fd
        self.label = label
        digest = try MessageDigest(.sha256)
        // Created at 0 and raised: libdispatch traps when a semaphore is freed below the value
        // it was created with, which a reader stopped early would leave it.
        free = DispatchSemaphore(value: 0)
        for _ in 0..<ContainerScanner.slots { free.signal() }
        buffers = (0..<ContainerScanner.slots).map { _ in
            UnsafeMutableRawBufferPointer.allocate(byteCount: ContainerScanner.blockSize, alignment: 4096)
        }
    }

    deinit { buffers.forEach { $0.deallocate() } }

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

    /// The next filled block, or nil at the end (of the file, or after `stop`). Waits for the
    /// reading thread to finish before returning nil, so the digest is complete.
    func next() -> (Int, Int)? {
        if ended { return nil }
        filled.wait()
        let item = lock.withLock { () -> (slot: Int, count: Int) in
            defer { head += 1 }
            return queue[head]
        }
        if item.count == 0 {
            ended = true
            finished.wait()
            return nil
        }
        return (item.slot, item.count)
    }

    func release() { free.signal() }

    /// Asks the reader to stop at its next block (the container is already rejected).
    func stop() { lock.withLock { stopRequested = true } }

    private func push(_ slot: Int, _ count: Int) {
        lock.withLock { queue.append((slot, count)) }
        filled.signal()
    }

    private func readAll() {
        var index = 0
        while true {
            free.wait()
            if stopped { return push(-1, 0) }
            let slot = index % buffers.count
            index += 1
            let n = fill(buffers[slot])
            guard n >= 0 else { return push(-1, 0) }
            lock.withLock { total += Int64(n) }
            push(slot, n)
            if n == 0 { return }
            digest.update(UnsafeRawBufferPointer(rebasing: buffers[slot][0..<n]))
        }
    }

    /// Reads until the block is full or the input ends; -1 on an error (recorded).
    private func fill(_ buffer: UnsafeMutableRawBufferPointer) -> Int {
        var got = 0
        while got < buffer.count {
            let n = read(fd, buffer.baseAddress! + got, buffer.count - got)
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                let err = errno
                lock.withLock { error = SanadError(.ioError, "cannot read \(label): \(String(cString: strerror(err)))") }
                return -1
            }
            got += n
        }
        return got
    }
}
