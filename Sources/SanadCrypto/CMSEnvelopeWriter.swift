import CSanadOpenSSL
import CSanadOpenSSLShims
import SanadModel

/// Streams content into an envelope (`CMSEnvelopeLayout`) for X.509 recipients: the header
/// first, then the ciphertext as the plaintext is given, then the tag. Of known length (DER),
/// or chunked (BER) when the length is not known until the end. The bytes out are what
/// `openssl cms -decrypt -inform DER -recip cert.pem -inkey key.pem` opens. A fresh random
/// content-encryption key and nonce each time (by design, no two envelopes are alike).
public final class CMSEnvelopeWriter {
    public let layout: CMSEnvelopeLayout
    private let cms: OpaquePointer
    private let chain: OpaquePointer
    private let sink: MemoryBIO
    private var consumed: Int64 = 0
    private var produced: Int64 = 0
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)

    /// Refuses a certificate that cannot receive an envelope (see `envelopeProblem`). Without a
    /// `contentLength`, the envelope is chunked.
    public init(recipients: [Certificate], contentLength: Int64?) throws(SanadError) {
        guard !recipients.isEmpty else { throw SanadError(.usage, "no recipient certificate") }
        for c in recipients {
            if let why = c.envelopeProblem {
                throw SanadError(.badKey, "cannot envelope to \(c.subject.oneLine): \(why)", hint: Self.hint)
            }
        }
        guard let stack = csanad_sk_x509_new() else { throw OpenSSLError.drain("sk_X509_new") }
        defer { csanad_sk_x509_free(stack) }
        for c in recipients where csanad_sk_x509_push(stack, c.x509) <= 0 { throw OpenSSLError.drain("sk_X509_push") }
        sink = try MemoryBIO()
        var cms: OpaquePointer?
        var chain: OpaquePointer?
        guard csanad_cms_envelope_begin(stack, sink.bio, &cms, &chain) == 0, let cms, let chain else {
            throw SanadError(
                .badKey, "cannot envelope to these certificates: \(OpenSSLError.drain("CMS_encrypt").message)",
                hint: Self.hint)
        }
        self.cms = cms
        self.chain = chain
        let out = try MemoryBIO()
        guard i2d_CMS_bio(out.bio, cms) == 1 else {
            csanad_bio_free_upto(chain, sink.bio)
            CMS_ContentInfo_free(cms)
            throw OpenSSLError.drain("i2d_CMS_bio")
        }
        guard let layout = CMSEnvelopeLayout.framing(openSSLDetached: out.bytes, contentLength: contentLength) else {
            csanad_bio_free_upto(chain, sink.bio)
            CMS_ContentInfo_free(cms)
            throw SanadError(.internalError, "OpenSSL wrote an envelope in a form Sanad does not frame")
        }
        self.layout = layout
    }

    deinit {
        csanad_bio_free_upto(chain, sink.bio)
        CMS_ContentInfo_free(cms)
        buffer.deallocate()
    }

    static let hint = "Give an RSA or EC (P-256) certificate made for encryption, e.g. from 'sanad key new'."

    /// Encrypts `plaintext`; the ciphertext goes to `out`, as long as the plaintext (GCM).
    public func update(
        _ plaintext: UnsafeRawBufferPointer, _ out: (UnsafeRawBufferPointer) throws(SanadError) -> Void
    ) throws(SanadError) {
        guard let ctx = csanad_bio_cipher_ctx(chain) else { throw OpenSSLError.drain("envelope cipher") }
        try CipherPieces.run(ctx, plaintext, through: buffer, what: "envelope encryption") {
            (piece) throws(SanadError) in
            produced += Int64(piece.count)
            if layout.contentLength == nil, !piece.isEmpty {
                try Self.emit(CMSEnvelopeLayout.chunkHeader(piece.count)[...], out)
            }
            try out(piece)
        }
        consumed += Int64(plaintext.count)
    }

    /// Ends the content: the rest of the ciphertext, then the tag, go to `out`. The content
    /// must have been exactly `contentLength` bytes.
    public func finish(_ out: (UnsafeRawBufferPointer) throws(SanadError) -> Void) throws(SanadError) {
        if let length = layout.contentLength, consumed != length {
            throw SanadError(.internalError, "an envelope was given \(consumed) bytes, not the \(length) it announced")
        }
        guard csanad_cms_envelope_finish(cms, chain) == 0 else { throw OpenSSLError.drain("envelope tag") }
        try drain(out)
        guard produced == consumed else {
            throw SanadError(.internalError, "AES-256-GCM gave \(produced) bytes for \(consumed)")
        }
        let out2 = try MemoryBIO()
        guard i2d_CMS_bio(out2.bio, cms) == 1 else { throw OpenSSLError.drain("i2d_CMS_bio") }
        // The detached structure now ends with the tag: 04 10 and sixteen bytes.
        let der = out2.bytes
        let tag = Array(der.suffix(CMSEnvelopeLayout.tagLength))
        guard der.count > CMSEnvelopeLayout.trailerLength,
            der[der.count - CMSEnvelopeLayout.trailerLength] == 0x04,
            der[der.count - CMSEnvelopeLayout.trailerLength + 1] == UInt8(CMSEnvelopeLayout.tagLength)
        else { throw SanadError(.internalError, "OpenSSL gave no 16-byte tag for an envelope") }
        let trailer =
            layout.contentLength == nil
            ? CMSEnvelopeLayout.chunkedTrailer(tag: tag) : CMSEnvelopeLayout.trailer(tag: tag)
        try Self.emit(trailer[...], out)
    }

    private func drain(_ out: (UnsafeRawBufferPointer) throws(SanadError) -> Void) throws(SanadError) {
        while true {
            let n = BIO_read(sink.bio, buffer.baseAddress, Int32(buffer.count))
            guard n > 0 else { return }
            produced += Int64(n)
            if layout.contentLength == nil { try Self.emit(CMSEnvelopeLayout.chunkHeader(Int(n))[...], out) }
            try out(UnsafeRawBufferPointer(rebasing: buffer[0..<Int(n)]))
        }
    }

    private static func emit(
        _ bytes: ArraySlice<UInt8>, _ out: (UnsafeRawBufferPointer) throws(SanadError) -> Void
    ) throws(SanadError) {
        var failure: SanadError?
        bytes.withUnsafeBytes { b in
            do throws(SanadError) { try out(b) } catch { failure = error }
        }
        if let failure { throw failure }
    }
}

extension Certificate {
    /// Why this certificate cannot receive an envelope, nil when it can: an RSA or EC key, and a
    /// key usage (when the certificate limits it) that allows key transport or key agreement.
    public var envelopeProblem: String? {
        guard let key = X509_get0_pubkey(x509) else { return "it has no public key OpenSSL can read" }
        let usage = X509_get_key_usage(x509)
        switch EVP_PKEY_get_base_id(key) {
        case EVP_PKEY_RSA:
            return usage & UInt32(KU_KEY_ENCIPHERMENT) != 0 ? nil : "its key usage does not allow keyEncipherment"
        case EVP_PKEY_EC:
            return usage & UInt32(KU_KEY_AGREEMENT) != 0 ? nil : "its key usage does not allow keyAgreement"
        default:
            return "its key is neither RSA nor EC"
        }
    }
}
