import SanadModel

/// Reads an envelope as its bytes come, a piece at a time, in either framing
/// (`CMSEnvelopeLayout`): the header (kept), the content (opened when a key is given, handed
/// to `plaintext`, never kept) and the tag. Plaintext is unauthenticated until `finish` reports
/// `authentic`: whoever receives it must not trust or show it before.
public final class CMSEnvelopeReader {
    public enum Opened: Equatable, Sendable {
        /// No key was given.
        case notTried
        /// The key given is not one of the envelope's recipients.
        case notRecipient
        /// The tag does not hold: the content or the tag was changed.
        case tagFailed
        /// The tag holds: the plaintext given out was the envelope's.
        case authentic
        case failed(String)
    }

    public private(set) var layout: CMSEnvelopeLayout?
    /// Why the bytes are not an envelope in Sanad's form.
    public private(set) var problem: String?
    public private(set) var opened = Opened.notTried
    /// Content bytes read so far (the plaintext's length).
    public private(set) var contentBytes: Int64 = 0
    /// The file offset of the next byte, once the header is read.
    public private(set) var position: Int64 = 0
    /// Called before each stretch of content is opened: its file offset, its offset in the
    /// content, and its length (for `CMSEnvelopeIndex`).
    public var onContent: ((_ fileOffset: Int64, _ contentOffset: Int64, _ length: Int) -> Void)?

    private let key: PrivateKey?
    private let certificate: Certificate?
    private let plaintext: (UnsafeRawBufferPointer) -> Void
    private var header: [UInt8] = []
    /// Content bytes still to come: of the whole content, or of the current chunk.
    private var contentLeft: Int64 = 0
    /// A chunk header being read (chunked framing).
    private var pending: [UInt8] = []
    private var inTrailer = false
    private var trailer: [UInt8] = []
    private var opener: CMSEnvelopeOpener?

    public init(
        key: PrivateKey? = nil, certificate: Certificate? = nil,
        plaintext: @escaping (UnsafeRawBufferPointer) -> Void = { _ in }
    ) {
        self.key = key
        self.certificate = certificate
        self.plaintext = plaintext
    }

    public func feed(_ chunk: UnsafeRawBufferPointer) {
        guard problem == nil, !chunk.isEmpty else { return }
        guard let layout else {
            header += chunk
            switch CMSEnvelopeLayout.parse(prefix: header[...]) {
            case .needMore: return
            case .invalid(let why): problem = why
            case .layout(let found): start(found)
            }
            return
        }
        var rest = chunk
        while !rest.isEmpty, problem == nil {
            if contentLeft > 0 {
                let n = Int(min(Int64(rest.count), contentLeft))
                onContent?(position, contentBytes, n)
                content(UnsafeRawBufferPointer(rebasing: rest[0..<n]))
                contentLeft -= Int64(n)
                position += Int64(n)
                rest = UnsafeRawBufferPointer(rebasing: rest[n...])
            } else if inTrailer || layout.contentLength != nil {
                let room =
                    (layout.contentLength == nil
                        ? CMSEnvelopeLayout.chunkedTrailerLength : CMSEnvelopeLayout.trailerLength) - trailer.count
                guard rest.count <= room else {
                    problem = "bytes follow its end"
                    return
                }
                trailer += rest
                position += Int64(rest.count)
                return
            } else {
                chunkHeaderByte(rest[0])
                position += 1
                rest = UnsafeRawBufferPointer(rebasing: rest[1...])
            }
        }
    }

    /// One more byte of a chunk header, or of the end of the chunks (`00 00`).
    private func chunkHeaderByte(_ b: UInt8) {
        pending.append(b)
        if pending == [0] { return }
        if pending == [0, 0] {
            inTrailer = true
            trailer = pending
            pending = []
            return
        }
        guard pending[0] == 0x04 else {
            problem = "its content is not a sequence of octet-string chunks"
            return
        }
        guard pending.count >= 2 else { return }
        let first = pending[1]
        var length: Int64
        if first < 0x80 {
            length = Int64(first)
        } else {
            let count = Int(first & 0x7F)
            guard (1...4).contains(count) else {
                problem = "a content chunk has no definite DER length"
                return
            }
            guard pending.count == 2 + count else { return }
            length = pending[2...].reduce(0) { $0 << 8 | Int64($1) }
            guard pending[2] != 0, length >= 0x80 else {
                problem = "a content chunk's length is not in DER form"
                return
            }
        }
        guard length > 0 else {
            problem = "a content chunk is empty"
            return
        }
        contentLeft = length
        pending = []
    }

    private func start(_ found: CMSEnvelopeLayout) {
        layout = found
        contentLeft = found.contentLength ?? 0
        if let key, let certificate {
            do { opener = try CMSEnvelopeOpener(layout: found, key: key, certificate: certificate) } catch {
                opened = error.code == .badKey ? .notRecipient : .failed(error.message)
            }
        }
        let extra = Array(header[found.header.count...])
        header = found.header
        position = Int64(found.header.count)
        extra.withUnsafeBytes { feed($0) }
    }

    private func content(_ bytes: UnsafeRawBufferPointer) {
        contentBytes += Int64(bytes.count)
        guard let opener else { return }
        do { try opener.update(bytes, plaintext) } catch {
            opened = .failed(error.message)
            self.opener = nil
        }
    }

    /// A copy of the cipher's state at the current content offset, to open the content from
    /// there again later (free with EVP_CIPHER_CTX_free); nil when nothing is being opened.
    public func cipherSnapshot() -> OpaquePointer? { opener?.snapshot() }

    /// Ends the reading: `problem` is set when the envelope is not whole and in form, `opened`
    /// says what opening it found.
    public func finish() {
        guard problem == nil else { return }
        guard let layout else {
            problem = "it ends before its content begins (truncated, or not an envelope)"
            return
        }
        let tag: [UInt8]
        if layout.contentLength != nil {
            guard contentLeft == 0, trailer.count == CMSEnvelopeLayout.trailerLength,
                trailer[0...1] == [0x04, UInt8(CMSEnvelopeLayout.tagLength)]
            else {
                problem = "it ends before its tag (truncated)"
                return
            }
            tag = Array(trailer[2...])
        } else {
            let expected = CMSEnvelopeLayout.chunkedTrailer(
                tag: [UInt8](repeating: 0, count: CMSEnvelopeLayout.tagLength))
            guard inTrailer, contentLeft == 0, trailer.count == expected.count,
                trailer[0..<6] == expected[0..<6], trailer[22...] == expected[22...]
            else {
                problem = "it ends before its tag and closing bytes (truncated)"
                return
            }
            tag = Array(trailer[6..<22])
        }
        guard let opener else { return }
        do { opened = try opener.finish(tag: tag, plaintext) ? .authentic : .tagFailed } catch {
            opened = .failed(error.message)
        }
    }
}
