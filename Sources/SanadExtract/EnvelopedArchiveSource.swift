import SanadArchive
import SanadCrypto
import SanadFormat
import SanadIO
import SanadModel
import SanadTimeline
import SanadVerify

/// The archive inside an envelope (docs/FORMAT.md §2.3), read at any offset: opened whole once
/// with the recipient's key (its tag checked), then decrypted range by range from the nearest
/// cipher checkpoint (`CMSEnvelopeIndex`). The archive is never written to disk.
public final class EnvelopedArchiveSource: RandomAccessSource, @unchecked Sendable {
    private let index: CMSEnvelopeIndex
    public let label: String
    public var size: Int64 { index.contentSize }

    public init(path: String, key: EnvelopeKey) throws(SanadError) {
        index = try CMSEnvelopeIndex(path: path, key: key.key, certificate: key.certificate)
        label = path
    }

    public func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws(SanadError) -> Int {
        try index.read(at: offset, into: buffer)
    }
}

/// A stretch of a source (one entry of an archive read through its source).
final class SourceSlice: RandomAccessSource {
    let base: RandomAccessSource
    let offset: Int64
    let size: Int64
    var label: String { base.label }

    init(_ base: RandomAccessSource, offset: Int64, size: Int64) {
        self.base = base
        self.offset = offset
        self.size = size
    }

    func read(at at: Int64, into buffer: UnsafeMutableRawBufferPointer) throws(SanadError) -> Int {
        guard at < size else { return 0 }
        let n = Int(min(Int64(buffer.count), size - at))
        return try base.read(at: offset + at, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<n]))
    }
}

extension ContainerEntry {
    /// The entry's bytes read through `source` (the archive it is in), a chunk at a time.
    func forEachChunk(
        in source: RandomAccessSource, _ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void
    ) throws(SanadError) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var done: Int64 = 0
        while done < size {
            let want = Int(min(Int64(buffer.count), size - done))
            let n = try source.read(
                at: dataOffset + done, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]))
            guard n > 0 else { throw SanadError(.ioError, "\(source.label) ended inside \(path)") }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            done += Int64(n)
        }
    }
}

/// A source read front to back by a parser (an entry of an archive inside an envelope).
struct SourceInput: ByteInput {
    let source: RandomAccessSource
    let label: String

    init(_ source: RandomAccessSource, label: String) {
        self.source = source
        self.label = label
    }

    func forEachChunk(_ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void) throws(SanadError) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var at: Int64 = 0
        while at < source.size {
            let n = try source.read(at: at, into: buffer)
            guard n > 0 else { throw SanadError(.ioError, "\(label) ended early") }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            at += Int64(n)
        }
    }
}
