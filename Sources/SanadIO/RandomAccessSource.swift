import SanadModel

/// Bytes that can be read at any offset: a plain file, or a stored file decrypted chunk by
/// chunk. libarchive reads a zip original through one, and the timeline's parsers read ranges.
public protocol RandomAccessSource: AnyObject {
    /// The content's size in bytes.
    var size: Int64 { get }
    /// Names the source in messages.
    var label: String { get }
    /// Reads up to `buffer.count` bytes at `offset`; returns how many (0 at the end).
    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws(SanadError) -> Int
}
