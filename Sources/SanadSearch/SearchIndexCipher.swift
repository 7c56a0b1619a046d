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

    public init(
        write: @escaping (UnsafeRawBufferPointer, String) throws(SanadError) -> Void,
        read:
            @escaping (String) throws(SanadError) -> (
                size: Int, fill: (UnsafeMutableRawBufferPointer) throws(SanadError) -> Void
            )
    ) {
        self.write = write
        self.read = read
    }
}
