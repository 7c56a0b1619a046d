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

/// Reads an envelope in one pass, a chunk at a time: its header (kept), its content (opened and
/// hashed when a key is given, never kept) and its tag. Plaintext goes only into the digest,
/// and counts only when the tag holds.
final class EnvelopeStream {
    private let key: EnvelopeKey?
    private var reading = EnvelopeReading()
    private var header: [UInt8] = []
    private var trailer: [UInt8] = []
    private var contentLeft: Int64 = 0
    private var opener: CMSEnvelopeOpener?
    private var plain: MessageDigest?
    private var plainSize: Int64 = 0

    init(key: EnvelopeKey?) { self.key = key }

    func feed(_ chunk: UnsafeRawBufferPointer) {
        guard reading.problem == nil, !chunk.isEmpty else { return }
        guard reading.layout != nil else {
            header += chunk
            switch CMSEnvelopeLayout.parse(prefix: header[...]) {
            case .needMore: return
            case .invalid(let why): reading.problem = why
            case .layout(let layout): start(layout)
            }
            return
        }
        var rest = chunk
        if contentLeft > 0 {
            let n = Int(min(Int64(rest.count), contentLeft))
            content(UnsafeRawBufferPointer(rebasing: rest[0..<n]))
            contentLeft -= Int64(n)
            rest = UnsafeRawBufferPointer(rebasing: rest[n...])
        }
        guard !rest.isEmpty else { return }
        guard trailer.count + rest.count <= CMSEnvelopeLayout.trailerLength else {
            reading.problem = "bytes follow its tag"
            return
        }
        trailer += rest
    }

    private func start(_ layout: CMSEnvelopeLayout) {
        reading.layout = layout
        contentLeft = layout.contentLength
        if let key {
            do {
                opener = try CMSEnvelopeOpener(layout: layout, key: key.key, certificate: key.certificate)
                plain = try MessageDigest(.sha256)
            } catch {
                reading.opened = error.code == .badKey ? .notRecipient : .failed(error.message)
            }
        }
        let extra = Array(header[layout.header.count...])
        header = layout.header
        extra.withUnsafeBytes { feed($0) }
    }

    private func content(_ bytes: UnsafeRawBufferPointer) {
        guard let opener, let plain else { return }
        do {
            try opener.update(bytes) { p in
                plain.update(p)
                plainSize += Int64(p.count)
            }
        } catch {
            reading.opened = .failed(error.message)
            self.opener = nil
        }
    }

    func finish() -> EnvelopeReading {
        guard reading.problem == nil else { return reading }
        guard reading.layout != nil else {
            reading.problem = "it ends before its content begins (truncated, or not an envelope)"
            return reading
        }
        guard contentLeft == 0, trailer.count == CMSEnvelopeLayout.trailerLength, trailer[0] == 0x04,
            trailer[1] == UInt8(CMSEnvelopeLayout.tagLength)
        else {
            reading.problem = "it ends before its tag (truncated)"
            return reading
        }
        if let opener, let plain {
            do {
                let ok = try opener.finish(tag: Array(trailer[2...])) { p in
                    plain.update(p)
                    plainSize += Int64(p.count)
                }
                reading.opened = ok ? .plaintext(sha256: plain.finalizeHex(), size: plainSize) : .tagFailed
            } catch {
                reading.opened = .failed(error.message)
            }
        }
        return reading
    }
}
