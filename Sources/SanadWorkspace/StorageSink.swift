import Foundation
import SanadCrypto
import SanadIO
import SanadModel

/// What a copy into the store writes through: the bytes as they are, or an age stream to the
/// workspace's recipient (encrypted on the copying thread while another core hashes), gathered
/// into 1 MiB blocks so that the file sink can still write past the page cache.
public final class StorageSink: ByteSink {
    private let inner: ByteSink
    private let blocks: BlockGatherer?
    private let writer: AgeWriter?

    init(passingTo inner: ByteSink) {
        self.inner = inner
        blocks = nil
        writer = nil
    }

    init(encryptingTo inner: ByteSink, recipient: [UInt8], expectedSize: Int64) throws(SanadError) {
        self.inner = inner
        let blocks = BlockGatherer(inner)
        self.blocks = blocks
        writer = try AgeWriter(
            recipients: [recipient], expectedPlaintextSize: expectedSize,
            output: { (bytes: UnsafeRawBufferPointer) throws(SanadError) in try blocks.write(bytes) })
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(SanadError) {
        if let writer { try writer.write(bytes) } else { try inner.write(bytes) }
    }

    /// Ends the stream: seals the last chunk and writes what is gathered.
    public func finish() throws(SanadError) {
        try writer?.finish()
        try blocks?.flush()
    }
}

/// Gathers small writes into whole 1 MiB blocks for the sink behind it.
final class BlockGatherer: ByteSink {
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
