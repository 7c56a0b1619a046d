import SanadModel

/// Bytes already in memory; `chunkSize` lets tests cut them anywhere.
public struct MemoryInput: RangedByteInput {
    public let bytes: [UInt8]
    public let chunkSize: Int
    public let label: String

    public init(_ bytes: [UInt8], chunkSize: Int = 1 << 20, label: String = "input") {
        self.bytes = bytes
        self.chunkSize = max(1, chunkSize)
        self.label = label
    }

    public func forEachChunk(_ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void) throws(SanadError) {
        try withRawBytes(bytes) { (all: UnsafeRawBufferPointer) throws(SanadError) in
            var start = 0
            while start < all.count {
                let end = min(all.count, start + chunkSize)
                try body(UnsafeRawBufferPointer(rebasing: all[start..<end]))
                start = end
            }
        }
    }

    public func byteCount() throws(SanadError) -> Int64 { Int64(bytes.count) }

    public func forEachChunk(
        from: Int64, to: Int64, _ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void
    ) throws(SanadError) {
        try withRawBytes(bytes) { (all: UnsafeRawBufferPointer) throws(SanadError) in
            var start = Int(clamping: max(0, from))
            let end = Int(clamping: min(Int64(all.count), to))
            while start < end {
                let stop = min(end, start + chunkSize)
                try body(UnsafeRawBufferPointer(rebasing: all[start..<stop]))
                start = stop
            }
        }
    }
}
