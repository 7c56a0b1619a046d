import SanadModel

/// The DER framing of a Sanad envelope (docs/FORMAT.md §2.2): a CMS ContentInfo holding an
/// AuthEnvelopedData (RFC 5083) with AES-256-GCM, its content inside as one primitive
/// `[0] IMPLICIT OCTET STRING` of definite length, and nothing optional (no originator info,
/// no attributes). Every length is known before the content, so an envelope's size is known
/// before its bytes are written, and a reader finds the content and the tag (`mac`) by
/// position, in one pass.
///
/// The framing is all this type does: OpenSSL makes and reads the recipient infos, the
/// algorithm's parameters and the tag. `detached` is the same structure without its content
/// and with a placeholder tag, which OpenSSL parses to open the content streaming.
public struct CMSEnvelopeLayout: Equatable, Sendable {
    /// Everything before the content: up to and including the content's tag and length.
    public let header: [UInt8]
    /// The content's length, the plaintext's (GCM adds no padding); nil for a chunked envelope
    /// (`chunked`), whose length is known only at its end.
    public let contentLength: Int64?
    /// The structure without content, its tag sixteen zero bytes.
    public let detached: [UInt8]

    public static let tagLength = 16
    /// A header larger than this is refused: a thousand recipients would not need it.
    public static let maxHeader = 1 << 20
    /// The tag after the content: `04 10` and sixteen bytes.
    public static let trailerLength = 2 + tagLength

    /// The whole envelope's size, for one of known length.
    public var totalSize: Int64? { contentLength.map { Int64(header.count) + $0 + Int64(Self.trailerLength) } }

    /// The trailer that follows the content.
    public static func trailer(tag: [UInt8]) -> [UInt8] { [0x04, UInt8(tagLength)] + tag }

    /// What the first bytes of a file say.
    public enum Reading: Equatable, Sendable {
        /// Not enough bytes yet to reach the content.
        case needMore
        case layout(CMSEnvelopeLayout)
        /// Not an envelope in the form of FORMAT.md §2.2; why.
        case invalid(String)
    }

    // id-ct-authEnvelopedData, id-data and aes256-GCM.
    public static let authEnvelopedOID: [UInt8] = [
        0x06, 0x0B, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x10, 0x01, 0x17,
    ]
    static let dataOID: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01]
    static let gcmAlgorithmPrefix: [UInt8] = [
        0x30, 0x1E, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2E, 0x30, 0x11, 0x04, 0x0C,
    ]
    static let gcmAlgorithmSuffix: [UInt8] = [0x02, 0x01, 0x10]

    /// The layout for `contentLength` bytes of content, from the detached structure OpenSSL
    /// wrote once it had made the recipient infos (its tag empty or not yet final).
    static func framing(openSSLDetached der: [UInt8], contentLength: Int64?) -> CMSEnvelopeLayout? {
        guard let ci = DERNode.only(der), ci.tag == DERNode.sequence, let top = ci.children, top.count == 2,
            Array(top[0].bytes) == authEnvelopedOID, top[1].tag == 0xA0, let wrapped = top[1].children,
            wrapped.count == 1, wrapped[0].tag == DERNode.sequence, let fields = wrapped[0].children,
            fields.count == 4, Array(fields[0].bytes) == [0x02, 0x01, 0x00], fields[1].tag == DERNode.set,
            fields[2].tag == DERNode.sequence, fields[3].tag == 0x04, let eci = fields[2].children, eci.count == 2
        else { return nil }
        let (infos, algorithm) = (Array(fields[1].bytes), Array(eci[1].bytes))
        let header =
            contentLength.map { Self.header(recipientInfos: infos, algorithm: algorithm, contentLength: $0) }
            ?? chunkedHeader(recipientInfos: infos, algorithm: algorithm)
        guard case .layout(let layout) = parse(prefix: header[...]), layout.header == header else { return nil }
        return layout
    }

    static func header(recipientInfos: [UInt8], algorithm: [UInt8], contentLength n: Int64) -> [UInt8] {
        let eciInner = dataOID + algorithm + DERLength.header(0x80, n)
        let eciLength = Int64(eciInner.count) + n
        let eciHeader = DERLength.header(DERNode.sequence, eciLength)
        let version: [UInt8] = [0x02, 0x01, 0x00]
        let aedLength =
            Int64(version.count + recipientInfos.count + eciHeader.count) + eciLength + Int64(trailerLength)
        let aedHeader = DERLength.header(DERNode.sequence, aedLength)
        let wrapLength = Int64(aedHeader.count) + aedLength
        let wrapHeader = DERLength.header(0xA0, wrapLength)
        let ciLength = Int64(authEnvelopedOID.count + wrapHeader.count) + wrapLength
        return DERLength.header(DERNode.sequence, ciLength) + authEnvelopedOID + wrapHeader + aedHeader + version
            + recipientInfos + eciHeader + eciInner
    }
}
