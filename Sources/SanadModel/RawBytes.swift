/// `withUnsafeBytes` for a body with typed throws (the standard library's rethrows `any Error`).
public func withRawBytes(
    _ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void
) throws(SanadError) {
    var failure: SanadError?
    bytes.withUnsafeBytes { raw in
        do throws(SanadError) { try body(raw) } catch { failure = error }
    }
    if let failure { throw failure }
}
