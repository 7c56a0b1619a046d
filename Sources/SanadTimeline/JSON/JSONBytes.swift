/// Byte classes of the JSON grammar that the stream reader needs outside `JSONParser`.
enum JSONBytes {
    /// UTF-8's byte order mark, which may come before a document.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Whether `b` can be part of a number or of `true`, `false`, `null`.
    static func isBare(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x61...0x7A, 0x2B, 0x2D, 0x2E, 0x45: return true
        default: return false
        }
    }
}
