/// The copier's chunk buffers, allocated once per command and reused for every file.
/// Allocating them per file made the heap grow with the number of files (170 MiB for 1,000).
public final class ChunkPool {
    public let buffers: [UnsafeMutableRawBufferPointer]
    public let chunkSize: Int

    public init(slots: Int = StreamingCopier.slots, chunkSize: Int = StreamingCopier.chunkSize) {
        self.chunkSize = chunkSize
        buffers = (0..<slots).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 4096) }
    }

    deinit { buffers.forEach { $0.deallocate() } }
}
