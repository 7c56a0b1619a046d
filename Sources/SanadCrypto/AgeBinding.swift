import CSanadOpenSSL
import SanadModel

/// A `sanad-bind` stanza ties an age file's key to the SHA-256 of its plaintext, under a key
/// only the workspace identity's holder can derive (docs/AGE.md, "Bound files"):
///
///     -> sanad-bind
///     base64( HMAC-SHA256(K, "sanad-bind/v1" ‖ file key ‖ SHA-256 of the plaintext) )
///
/// The payload's ChaCha20-Poly1305 tags authenticate every chunk under the file key, and the
/// last chunk's flag fixes the length; with the stanza, a reader holding K that decrypts the
/// whole file and finds the tag it expects for a recorded digest knows the plaintext is the one
/// with that digest, without hashing it again. A file without the stanza, or whose tag does not
/// match, proves nothing either way (the reader hashes it instead). `age` skips the stanza as an
/// unknown type, and the header MAC covers it like any other.
///
/// The digest is known only once the plaintext is written, after the header: a writer puts a
/// stanza of zeros in the header and returns the header's last bytes to patch (the stanza's
/// body and the closing line with its new MAC) when it finishes (`AgeWriter.finish(binding:)`).
public enum AgeBinding {
    static let stanzaType = "sanad-bind"
    private static let label = Array("sanad-bind/v1".utf8)
    /// `-> sanad-bind\n` and a 32-byte body: 43 characters and a newline.
    static let stanzaLength = 14 + 44
    /// What a finishing writer patches: the stanza's body line and the closing line
    /// (`--- ` + 43 + `\n`), the last bytes of the header.
    static let patchLength = 44 + 48

    /// The stanza with a body of zeros, to be patched.
    static var placeholder: [UInt8] { AgeHeader.stanza([stanzaType], [UInt8](repeating: 0, count: 32)) }

    /// The tag for `fileKey` and `digest` (32 bytes) under `key`.
    static func tag(key: [UInt8], fileKey: SecretBytes, digest: [UInt8]) throws(SanadError) -> [UInt8] {
        var message = label
        fileKey.withBytes { message += $0 }
        message += digest
        defer { message.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) } }
        return try KeyDerivation.hmacSHA256(key: key, data: message)
    }

    /// Whether `stanzas` hold exactly one `sanad-bind` stanza whose tag is the one `key` gives
    /// for `fileKey` and `digest` (compared in constant time).
    static func matches(
        _ stanzas: [AgeHeader.Stanza], key: [UInt8], fileKey: SecretBytes, digest: [UInt8]
    ) -> Bool {
        let found = stanzas.filter { $0.args[0] == stanzaType }
        guard found.count == 1, found[0].args.count == 1, found[0].body.count == 32,
            let expected = try? tag(key: key, fileKey: fileKey, digest: digest)
        else { return false }
        return CRYPTO_memcmp(expected, found[0].body, 32) == 0
    }
}
