import CSanadOpenSSLShims
import SanadModel

/// Drains OpenSSL's thread-local error queue into one typed error.
enum OpenSSLError {
    static func drain(_ context: String) -> SanadError {
        var reasons: [String] = []
        var buf = [CChar](repeating: 0, count: 256)
        while csanad_err_pop(&buf, buf.count) != 0 {
            reasons.append(String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        let detail = reasons.isEmpty ? "" : " (\(reasons.joined(separator: "; ")))"
        return SanadError(.cryptoError, "\(context) failed\(detail)")
    }
}
