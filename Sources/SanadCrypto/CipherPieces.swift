import CSanadOpenSSL
import SanadModel

/// Runs bulk data through an OpenSSL cipher context (EVP_CipherUpdate, in the direction the
/// context was set up for) in pieces no larger than `buffer`, handing each piece's output on.
/// Envelopes use it to pass the cipher BIO's 4 KiB buffering by.
enum CipherPieces {
    static func run(
        _ ctx: OpaquePointer, _ input: UnsafeRawBufferPointer, through buffer: UnsafeMutableRawBufferPointer,
        what: String, _ out: (UnsafeRawBufferPointer) throws(SanadError) -> Void
    ) throws(SanadError) {
        var offset = 0
        while offset < input.count {
            let n = min(input.count - offset, buffer.count)
            var produced: Int32 = 0
            let ok = EVP_CipherUpdate(
                ctx, buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), &produced,
                (input.baseAddress! + offset).assumingMemoryBound(to: UInt8.self), Int32(n))
            guard ok == 1 else { throw OpenSSLError.drain(what) }
            offset += n
            try out(UnsafeRawBufferPointer(rebasing: buffer[0..<Int(produced)]))
        }
    }
}
