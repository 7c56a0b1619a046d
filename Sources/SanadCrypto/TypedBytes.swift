import SanadModel

/// `withUnsafeBytes` and `withUnsafeMutableBytes` for bodies with typed throws: the standard
/// library's rethrow `any Error`, which a `throws(SanadError)` function cannot pass on.
enum TypedBytes {
    static func read<R>(
        _ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(SanadError) -> R
    ) throws(SanadError) -> R {
        let result = bytes.withUnsafeBytes { raw -> Result<R, SanadError> in
            do throws(SanadError) { return .success(try body(raw)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    static func write<R>(
        _ bytes: inout [UInt8], _ body: (UnsafeMutableRawBufferPointer) throws(SanadError) -> R
    ) throws(SanadError) -> R {
        let result = bytes.withUnsafeMutableBytes { raw -> Result<R, SanadError> in
            do throws(SanadError) { return .success(try body(raw)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}
