import SanadModel

/// An input that can also deliver any stretch of its bytes, so that a parser may read two
/// halves of a large file on two cores. Files and memory can; archive entries cannot.
public protocol RangedByteInput: ByteInput {
    /// The input's size in bytes.
    func byteCount() throws(SanadError) -> Int64
    /// Calls `body` with successive chunks of bytes `from..<to`.
    func forEachChunk(
        from: Int64, to: Int64, _ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void) throws(SanadError)
}
