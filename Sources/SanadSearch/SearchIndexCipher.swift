import SanadModel

/// How an encrypted workspace keeps its search index off the disk in the clear: the index is
/// built and searched in memory (SQLite's memdb), and only its encrypted image is stored. The
/// workspace supplies both directions; this module knows no keys.
public struct SearchIndexCipher {
    /// Stores `image` encrypted at `path`, replacing what is there in one rename.
    public let write: (_ image: UnsafeRawBufferPointer, _ path: String) throws(SanadError) -> Void
    /// The plaintext size of the index at `path`, and a function that decrypts it into a buffer
    /// of that size.
    public let read:
        (_ path: String) throws(SanadError) -> (
            size: Int, fill: (UnsafeMutableRawBufferPointer) throws(SanadError) -> Void
        )

    /// An index held only in this process: written nowhere, read back from memory. For an index
    /// that must never reach the disk, even encrypted (one built with sensitive content revealed).
    public let inMemoryOnly: Bool

    public static func memory() -> SearchIndexCipher {
        final class Image: @unchecked Sendable { var bytes: [UInt8] = [] }
        let image = Image()
        return SearchIndexCipher(
            write: { (bytes, _) throws(SanadError) in image.bytes = Array(bytes) },
            read: { (_) throws(SanadError) in
                (
                    image.bytes.count,
                    { (buffer: UnsafeMutableRawBufferPointer) throws(SanadError) in
                        image.bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
                    }
                )
            }, inMemoryOnly: true)
    }

    public init(
        write: @escaping (UnsafeRawBufferPointer, String) throws(SanadError) -> Void,
        read:
            @escaping (String) throws(SanadError) -> (
                size: Int, fill: (UnsafeMutableRawBufferPointer) throws(SanadError) -> Void
            ),
        inMemoryOnly: Bool = false
    ) {
        self.write = write
        self.read = read
        self.inMemoryOnly = inMemoryOnly
    }
}
