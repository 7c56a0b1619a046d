import Foundation
import SanadCrypto
import SanadIO
import SanadModel

/// What a copy into the store writes through: the bytes as they are, or an age stream to the
/// workspace's recipient, encrypted on the copying thread while another core hashes. The
/// ciphertext is gathered into 1 MiB blocks written past the page cache on a thread of their
/// own (`DirectBlockWriter`), so the copying thread never waits for the disk.
public final class StorageSink: ByteSink {
    private let inner: ByteSink
    private let blocks: (any Gatherer)?
    private let direct: DirectBlockWriter?
    private let writer: AgeWriter?
    private let label: String
    /// The key a finished original is bound to its digest with, when the output can be patched.
    private let bindingKey: [UInt8]?
    /// From this size on, ciphertext is gathered into blocks written past the page cache.
    static let gatherFrom: Int64 = 4 << 20

    init(passingTo inner: ByteSink) {
        self.inner = inner
        blocks = nil
        direct = nil
        writer = nil
        label = ""
        bindingKey = nil
    }

    /// Encrypts to `key`'s recipient. Unless the output is a generic sink (whose first bytes
    /// may be gone before the end), the file is made bindable, and `finish(sha256:)` binds it.
    init(encryptingTo inner: ByteSink, key: WorkspaceKey, expectedSize: Int64) throws(SanadError) {
        self.inner = inner
        let output: AgeWriter.Output
        if expectedSize < Self.gatherFrom {
            // A small file: gathered whole and written once, as its plaintext copy would be,
            // with no 1 MiB blocks to allocate for it; a thousand photos cost no memory.
            let whole = WholeGatherer(inner, expected: expectedSize, bound: true)
            blocks = whole
            direct = nil
            label = "a copy"
            output = { (bytes: UnsafeRawBufferPointer) throws(SanadError) in try whole.write(bytes) }
        } else if let file = inner as? FileDescriptorSink {
            let direct = DirectBlockWriter(fd: file.fd, label: file.label, background: true)
            self.direct = direct
            blocks = nil
            label = file.label
            output = { (bytes: UnsafeRawBufferPointer) throws(SanadError) in try direct.append(bytes) }
        } else {
            let blocks = BlockGatherer(inner)
            self.blocks = blocks
            direct = nil
            label = "a copy"
            output = { (bytes: UnsafeRawBufferPointer) throws(SanadError) in try blocks.write(bytes) }
        }
        bindingKey = blocks is BlockGatherer ? nil : key.bindingKey
        writer = try AgeWriter(
            recipients: [key.recipient], expectedPlaintextSize: expectedSize, bindable: bindingKey != nil,
            output: output)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(SanadError) {
        guard let writer else { return try inner.write(bytes) }
        do { try writer.write(bytes) } catch { throw changed(error) }
    }

    /// Ends the stream: seals the last chunk and writes what is gathered. With `sha256` (the
    /// hex SHA-256 of everything written), a bindable file is bound to it (`AgeBinding`): the
    /// seal then needs no second hash of it.
    public func finish(sha256: String? = nil) throws(SanadError) {
        guard let writer else { return }
        var patch: (offset: Int64, bytes: [UInt8])?
        do {
            if let bindingKey, let digest = sha256.flatMap(Hex.decode), digest.count == 32 {
                patch = try writer.finish(bindingKey: bindingKey, digest: digest)
            } else {
                try writer.finish()
            }
        } catch { throw changed(error) }
        if let patch, let whole = blocks as? WholeGatherer { whole.patch(at: Int(patch.offset), patch.bytes) }
        try blocks?.flush()
        try direct?.flush()
        if let patch, let direct { try direct.file.patch(at: patch.offset, patch.bytes) }
    }

    /// The writer refuses more or fewer bytes than the size its padding was made for: the
    /// source grew or shrank while it was copied.
    private func changed(_ error: SanadError) -> SanadError {
        guard error.code == .usage else { return error }
        return SanadError(
            .ioError, "the file changed size while it was copied (\(error.message))",
            hint: "Copy it again once nothing is writing to it.")
    }
}

/// Gathers small writes for the sink behind it; `flush` writes what is left.
protocol Gatherer: ByteSink {
    func flush() throws(SanadError)
}

/// Gathers a small file's ciphertext whole, to write it once from page-aligned memory: its
/// padded length is a multiple of 4 KiB from 128 KiB on, so it goes to disk past the page cache
/// as its plaintext copy would.
final class WholeGatherer: Gatherer {
    private let inner: ByteSink
    private var buffer: UnsafeMutableRawBufferPointer
    private var filled = 0

    init(_ inner: ByteSink, expected: Int64, bound: Bool) {
        self.inner = inner
        let length = AgeFile.encryptedLength(plaintext: expected, recipients: 1, padded: true, bound: bound)
        buffer = GatherBuffers.shared.take(max(Int(length), 1))
    }

    deinit { GatherBuffers.shared.give(buffer) }

    func write(_ chunk: UnsafeRawBufferPointer) throws(SanadError) {
        if filled + chunk.count > buffer.count {
            // More than the size promised (the writer refuses that itself); grow rather than fail here.
            let bigger = GatherBuffers.shared.take((filled + chunk.count) * 2)
            bigger.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<filled]))
            GatherBuffers.shared.give(buffer)
            buffer = bigger
        }
        UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<filled + chunk.count]).copyMemory(from: chunk)
        filled += chunk.count
    }

    func flush() throws(SanadError) {
        try inner.write(UnsafeRawBufferPointer(rebasing: buffer[0..<filled]))
        filled = 0
    }

    /// Overwrites bytes already gathered (the header's binding, once the digest is known).
    func patch(at offset: Int, _ bytes: [UInt8]) {
        precondition(offset >= 0 && offset + bytes.count <= filled, "a patch outside the gathered bytes")
        bytes.withUnsafeBytes {
            UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<offset + $0.count]).copyMemory(from: $0)
        }
    }
}

/// Page-aligned buffers for whole small files, kept for the next file instead of going back to
/// the kernel: a fresh mapping costs a page fault and a zeroed page for every 4 KiB, and its
/// unmapping a TLB shootdown, 13 % of the CPU of an `add` of a thousand 128 KiB photos. At most
/// `kept` buffers wait (one per copy worker), the largest 4 MiB and a header.
final class GatherBuffers: @unchecked Sendable {
    static let shared = GatherBuffers()
    static let kept = 2
    private let lock = NSLock()
    private var free: [UnsafeMutableRawBufferPointer] = []

    /// A buffer of at least `count` bytes (page-aligned; its contents are whatever a previous
    /// file left, which the caller overwrites before writing any of it out).
    func take(_ count: Int) -> UnsafeMutableRawBufferPointer {
        lock.lock()
        if let i = free.firstIndex(where: { $0.count >= count }) {
            let b = free.remove(at: i)
            lock.unlock()
            return b
        }
        lock.unlock()
        // Rounded up to whole pages, so that sizes close together share a buffer.
        let pages = (count + DirectFileWriter.alignment - 1) / DirectFileWriter.alignment
        return .allocate(byteCount: pages * DirectFileWriter.alignment, alignment: DirectFileWriter.alignment)
    }

    func give(_ buffer: UnsafeMutableRawBufferPointer) {
        lock.lock()
        free.append(buffer)
        free.sort { $0.count > $1.count }
        let extra = free.count > Self.kept ? Array(free[Self.kept...]) : []
        free.removeLast(extra.count)
        lock.unlock()
        extra.forEach { $0.deallocate() }
    }
}

/// Gathers small writes into whole 1 MiB blocks for the sink behind it.
final class BlockGatherer: Gatherer {
    static let blockSize = 1 << 20
    private let inner: ByteSink
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: BlockGatherer.blockSize, alignment: 4096)
    private var filled = 0

    init(_ inner: ByteSink) { self.inner = inner }

    deinit { buffer.deallocate() }

    func write(_ bytes: UnsafeRawBufferPointer) throws(SanadError) {
        var rest = bytes
        while !rest.isEmpty {
            let n = min(rest.count, buffer.count - filled)
            UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<filled + n]).copyMemory(
                from: UnsafeRawBufferPointer(rebasing: rest[0..<n]))
            filled += n
            rest = UnsafeRawBufferPointer(rebasing: rest[n...])
            if filled == buffer.count { try flush() }
        }
    }

    func flush() throws(SanadError) {
        guard filled > 0 else { return }
        try inner.write(UnsafeRawBufferPointer(rebasing: buffer[0..<filled]))
        filled = 0
    }
}
