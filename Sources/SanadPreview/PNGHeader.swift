/// A PNG's IHDR, read from its first 33 bytes: what the preview's own output is checked against
/// before it is stored, and what tests read.
public struct PNGHeader: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let bitDepth: Int
    /// 0 greyscale, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA.
    public let colourType: Int

    private static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// nil unless `bytes` starts with the PNG signature and an IHDR chunk of 13 bytes.
    public init?(_ bytes: [UInt8]) {
        guard bytes.count >= 33, Array(bytes[0..<8]) == Self.signature,
            be32(bytes, 8) == 13, Array(bytes[12..<16]) == Array("IHDR".utf8)
        else { return nil }
        width = be32(bytes, 16)
        height = be32(bytes, 20)
        bitDepth = Int(bytes[24])
        colourType = Int(bytes[25])
    }

    /// One channel of grey, no alpha, no palette.
    public var isGreyscale: Bool { colourType == 0 }
}

private func be32(_ b: [UInt8], _ at: Int) -> Int {
    Int(b[at]) << 24 | Int(b[at + 1]) << 16 | Int(b[at + 2]) << 8 | Int(b[at + 3])
}
