import SanadCrypto
import SanadModel

/// The private key (and its certificate) that `verify --key --cert` opens envelopes with.
public struct EnvelopeKey: @unchecked Sendable {
    public let key: PrivateKey
    public let certificate: Certificate

    public init(key: PrivateKey, certificate: Certificate) {
        self.key = key
        self.certificate = certificate
    }
}

/// What one `.p7m` payload file was found to be as its bytes passed (docs/FORMAT.md §2.2).
struct EnvelopeReading: Sendable {
    enum Opened: Sendable, Equatable {
        /// No key was given.
        case notTried
        /// The key given is not one of the envelope's recipients.
        case notRecipient
        /// The tag does not hold: the content or the tag was changed.
        case tagFailed
        /// The tag holds; the plaintext's digest and size.
        case plaintext(sha256: String, size: Int64)
        case failed(String)
    }

    var layout: CMSEnvelopeLayout?
    /// Why the file is not an envelope in the form FORMAT.md §2.2 gives.
    var problem: String?
    var opened = Opened.notTried
}

/// Reads one `.p7m` payload file in one pass (`CMSEnvelopeReader`), the plaintext, when a key
/// opens it, only hashed, and counted only when the tag holds.
final class EnvelopeStream {
    private let reader: CMSEnvelopeReader
    private let plain: MessageDigest?
    private let counter = Counter()

    private final class Counter { var bytes: Int64 = 0 }

    init(key: EnvelopeKey?) {
        let digest = key == nil ? nil : try? MessageDigest(.sha256)
        let counter = self.counter
        plain = digest
        reader = CMSEnvelopeReader(key: key?.key, certificate: key?.certificate) { p in
            digest?.update(p)
            counter.bytes += Int64(p.count)
        }
    }

    func feed(_ chunk: UnsafeRawBufferPointer) { reader.feed(chunk) }

    func finish() -> EnvelopeReading {
        reader.finish()
        var reading = EnvelopeReading(layout: reader.layout, problem: reader.problem)
        switch reader.opened {
        case .notTried: reading.opened = .notTried
        case .notRecipient: reading.opened = .notRecipient
        case .tagFailed: reading.opened = .tagFailed
        case .failed(let why): reading.opened = .failed(why)
        case .authentic: reading.opened = .plaintext(sha256: plain?.finalizeHex() ?? "", size: counter.bytes)
        }
        return reading
    }
}
