import CSanadOpenSSL
import CSanadOpenSSLShims
import SanadModel

/// Opens an envelope (`CMSEnvelopeLayout`) as its bytes pass, never keeping more than a chunk:
/// OpenSSL decrypts the content-encryption key with the recipient's private key, then the
/// content; the tag, which comes last, is checked at the end. Until `finish` says the tag
/// holds, the plaintext given out is unauthenticated: hash it, never show it.
public final class CMSEnvelopeOpener {
    private let cms: OpaquePointer
    private let chain: OpaquePointer
    private let sink: MemoryBIO
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)

    /// Fails (`badKey`) when `key` and `certificate` open none of the envelope's recipients.
    public init(layout: CMSEnvelopeLayout, key: PrivateKey, certificate: Certificate) throws(SanadError) {
        let parsed = layout.detached.withUnsafeBufferPointer { b -> OpaquePointer? in
            var p: UnsafePointer<UInt8>? = b.baseAddress
            return d2i_CMS_ContentInfo(nil, &p, b.count)
        }
        guard let parsed else { throw OpenSSLError.drain("reading an envelope's recipient infos") }
        sink = try MemoryBIO()
        var chain: OpaquePointer?
        guard csanad_cms_envelope_open(parsed, key.pkey, certificate.x509, sink.bio, &chain) == 0, let chain else {
            _ = OpenSSLError.drain("CMS_decrypt")
            CMS_ContentInfo_free(parsed)
            throw SanadError(
                .badKey, "the key of \(certificate.subject.oneLine) is not one this envelope was made for",
                hint: "Give the private key and certificate of one of its recipients.")
        }
        cms = parsed
        self.chain = chain
    }

    deinit {
        csanad_bio_free_upto(chain, sink.bio)
        CMS_ContentInfo_free(cms)
        buffer.deallocate()
    }

    /// Decrypts `ciphertext`; the plaintext goes to `out`, as long as the ciphertext (GCM).
    public func update(
        _ ciphertext: UnsafeRawBufferPointer, _ out: (UnsafeRawBufferPointer) -> Void
    ) throws(SanadError) {
        guard let ctx = csanad_bio_cipher_ctx(chain) else { throw OpenSSLError.drain("envelope cipher") }
        try CipherPieces.run(ctx, ciphertext, through: buffer, what: "envelope decryption") { piece in out(piece) }
    }

    /// A copy of the cipher's state as it stands (OpenSSL's EVP_CIPHER_CTX_copy); nil on failure.
    func snapshot() -> OpaquePointer? {
        guard let ctx = csanad_bio_cipher_ctx(chain), let copy = EVP_CIPHER_CTX_new() else { return nil }
        guard EVP_CIPHER_CTX_copy(copy, ctx) == 1 else {
            EVP_CIPHER_CTX_free(copy)
            return nil
        }
        return copy
    }

    /// Ends the content with its `tag`: true when the tag holds, and the plaintext given out was
    /// the envelope's; false when the content or tag was changed.
    public func finish(tag: [UInt8], _ out: (UnsafeRawBufferPointer) -> Void) throws(SanadError) -> Bool {
        guard tag.count == CMSEnvelopeLayout.tagLength else { return false }
        let r = tag.withUnsafeBufferPointer { csanad_cms_envelope_close(chain, $0.baseAddress, Int32($0.count)) }
        guard r >= 0 else { throw OpenSSLError.drain("envelope tag") }
        drain(out)
        _ = OpenSSLError.drain("")
        return r == 1
    }

    private func drain(_ out: (UnsafeRawBufferPointer) -> Void) {
        while true {
            let n = BIO_read(sink.bio, buffer.baseAddress, Int32(buffer.count))
            guard n > 0 else { return }
            out(UnsafeRawBufferPointer(rebasing: buffer[0..<Int(n)]))
        }
    }
}

extension CMSEnvelopeLayout {
    /// For each recipient the envelope names, in order, the index of the certificate in `certs`
    /// it names: nil for none of them. nil in all when OpenSSL cannot read the recipient infos;
    /// `unsupported` counts recipients that are neither key transport nor key agreement.
    public func recipients(among certs: [Certificate]) -> (matches: [Int?], unsupported: Int)? {
        let parsed = detached.withUnsafeBufferPointer { b -> OpaquePointer? in
            var p: UnsafePointer<UInt8>? = b.baseAddress
            return d2i_CMS_ContentInfo(nil, &p, b.count)
        }
        guard let parsed else {
            _ = OpenSSLError.drain("")
            return nil
        }
        defer { CMS_ContentInfo_free(parsed) }
        var pointers: [OpaquePointer?] = certs.map { $0.x509 }
        var match = [Int32](repeating: -1, count: 1024)
        let n = csanad_cms_envelope_recipients(parsed, &pointers, Int32(certs.count), &match, Int32(match.count))
        guard n >= 0 else {
            _ = OpenSSLError.drain("")
            return nil
        }
        let ids = match.prefix(Int(n))
        return (ids.filter { $0 >= -1 }.map { $0 >= 0 ? Int($0) : nil }, ids.filter { $0 == -2 }.count)
    }
}
