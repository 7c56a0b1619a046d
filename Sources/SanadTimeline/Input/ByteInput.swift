import SanadModel

/// Bytes a parser reads as a stream, from the first byte, in chunks.
///
/// Chat parsers read their input twice (a survey, then the events), so an input must be
/// able to deliver its bytes more than once; neither pass holds the file in memory.
public protocol ByteInput {
    /// Names the input in error messages.
    var label: String { get }
    /// Calls `body` with successive chunks of the whole input. Each chunk is valid only
    /// during the call.
    func forEachChunk(_ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void) throws(SanadError)
}
