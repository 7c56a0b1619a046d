import CSanadDeflate

/// The CRC-32 of zip (ISO 3309, as `unzip` checks it), computed by libdeflate.
public struct CRC32: Sendable {
    public private(set) var value: UInt32 = 0

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        value = libdeflate_crc32(value, base, bytes.count)
    }

    public static func of(_ bytes: [UInt8]) -> UInt32 {
        var c = CRC32()
        bytes.withUnsafeBytes { c.update($0) }
        return c.value
    }
}
