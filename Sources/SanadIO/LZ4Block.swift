import CSanadLZ4

/// LZ4's block format, the one Swift caller of liblz4: the timeline's sort runs are written as
/// compressed frames of whole records (a timeline's JSON lines share most of their bytes).
public enum LZ4Block {
    /// The most bytes `compress` can produce for `count` input bytes.
    public static func bound(_ count: Int) -> Int { Int(LZ4_compressBound(Int32(clamping: count))) }

    /// Compresses `source` into `destination`; returns the compressed size, or 0 when it does
    /// not fit (give at least `bound(source.count)` bytes).
    public static func compress(
        _ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer
    ) -> Int {
        guard let src = source.baseAddress, let dst = destination.baseAddress, source.count <= Int(Int32.max) else {
            return 0
        }
        return Int(
            LZ4_compress_default(
                src.assumingMemoryBound(to: CChar.self), dst.assumingMemoryBound(to: CChar.self), Int32(source.count),
                Int32(clamping: destination.count)))
    }

    /// Decompresses `source` into `destination`; returns the decompressed size, or a negative
    /// number when the bytes are not a valid block or do not fit. Never writes past `destination`.
    public static func decompress(
        _ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer
    )
        -> Int
    {
        guard let src = source.baseAddress, let dst = destination.baseAddress, source.count <= Int(Int32.max) else {
            return -1
        }
        return Int(
            LZ4_decompress_safe(
                src.assumingMemoryBound(to: CChar.self), dst.assumingMemoryBound(to: CChar.self), Int32(source.count),
                Int32(clamping: destination.count)))
    }
}
