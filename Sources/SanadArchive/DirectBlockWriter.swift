import Foundation
import SanadModel

/// Gathers bytes into aligned blocks and writes each full block with a `DirectFileWriter`, so
/// that a long output (a timeline, a sort run) bypasses the page cache; only the last, short
/// block goes through it. Memory is one block, whatever the output's size.
public final class DirectBlockWriter {
    public let blockSize: Int
    public let file: DirectFileWriter
    private let block: UnsafeMutableRawBufferPointer
    private var fill = 0

    /// `fd` is open for writing at `offset`; the caller closes it.
    public init(fd: Int32, label: String, direct: Bool = true, offset: Int64 = 0, blockSize: Int = 1 << 20) {
        precondition(blockSize > 0 && blockSize % DirectFileWriter.alignment == 0)
        self.blockSize = blockSize
        file = DirectFileWriter(fd: fd, label: label, direct: direct, offset: offset)
        block = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: DirectFileWriter.alignment)
    }

    deinit { block.deallocate() }

    /// Bytes accepted so far, written or gathered.
    public var count: Int64 { file.offset + Int64(fill) }

    public func append(_ bytes: UnsafeRawBufferPointer) throws(SanadError) {
        var done = 0
        while done < bytes.count {
            let n = min(blockSize - fill, bytes.count - done)
            (block.baseAddress! + fill).copyMemory(from: bytes.baseAddress! + done, byteCount: n)
            fill += n
            done += n
            if fill == blockSize { try writeBlock() }
        }
    }

    public func append(_ bytes: [UInt8]) throws(SanadError) {
        var failure: SanadError?
        bytes.withUnsafeBytes { raw in
            do throws(SanadError) { try append(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Writes whatever is gathered. A short block goes through the page cache, and so does
    /// everything after it: call this once, at the end.
    public func flush() throws(SanadError) {
        if fill > 0 { try writeBlock() }
    }

    private func writeBlock() throws(SanadError) {
        let n = fill
        fill = 0
        try file.write(UnsafeRawBufferPointer(rebasing: block[0..<n]))
    }
}
