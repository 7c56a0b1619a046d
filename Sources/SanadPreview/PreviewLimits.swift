import SanadModel

/// What a preview refuses to decode. Every limit is checked from the file's size or its header,
/// before a single pixel is decoded, so that a decompression bomb (a small file that claims
/// 50,000 × 50,000 pixels) is an `image-too-large` error, never an exhausted machine.
public struct PreviewLimits: Sendable, Equatable {
    /// Bytes of the original read into memory (it is decoded from a buffer, never from a
    /// plaintext file on disk).
    public var maximumInputBytes: Int64
    /// Width × height of an image decoded strip by strip (JPEG, PNG, WebP): memory stays a few
    /// strips whatever the size, so this bounds time.
    public var maximumPixels: Int
    /// Width × height of an image decoded whole (HEIC): about 3 bytes a pixel in memory.
    public var maximumWholeFramePixels: Int
    /// The longest side, in pixels.
    public var maximumSide: Int

    public init(maximumInputBytes: Int64, maximumPixels: Int, maximumWholeFramePixels: Int, maximumSide: Int) {
        self.maximumInputBytes = maximumInputBytes
        self.maximumPixels = maximumPixels
        self.maximumWholeFramePixels = maximumWholeFramePixels
        self.maximumSide = maximumSide
    }

    /// 128 MiB, 100 megapixels (a 200-megapixel phone photo is refused), 50 megapixels for
    /// HEIC (a 48-megapixel phone photo passes), 32,768 pixels a side.
    public static let standard = PreviewLimits(
        maximumInputBytes: 128 << 20, maximumPixels: 100_000_000, maximumWholeFramePixels: 50_000_000,
        maximumSide: 32_768)

    public var json: JSONValue {
        [
            "maximum_input_bytes": .int(maximumInputBytes), "maximum_pixels": .int(Int64(maximumPixels)),
            "maximum_whole_frame_pixels": .int(Int64(maximumWholeFramePixels)),
            "maximum_side": .int(Int64(maximumSide)),
        ]
    }
}
