import SanadModel

/// The chunked framing, for an envelope whose length is not known when it starts (a whole
/// archive sealed for a recipient, docs/FORMAT.md §2.3): the same structure in BER, every
/// constructed element of indefinite length, the content a constructed `[0]` of primitive
/// OCTET STRING chunks, each of definite, minimal length. OpenSSL reads it as it reads its own
/// streamed output.
extension CMSEnvelopeLayout {
    /// After the last chunk: the end of the content, of the encrypted content info, the tag
    /// (`04 10` and sixteen bytes), then the ends of the AuthEnvelopedData, `[0]` and ContentInfo.
    public static func chunkedTrailer(tag: [UInt8]) -> [UInt8] {
        [0, 0, 0, 0] + trailer(tag: tag) + [0, 0, 0, 0, 0, 0]
    }

    public static let chunkedTrailerLength = 4 + trailerLength + 6

    /// A content chunk's header: a primitive OCTET STRING of `length` bytes.
    public static func chunkHeader(_ length: Int) -> [UInt8] { DERLength.header(0x04, Int64(length)) }

    static func chunkedHeader(recipientInfos: [UInt8], algorithm: [UInt8]) -> [UInt8] {
        [0x30, 0x80] + authEnvelopedOID + [0xA0, 0x80, 0x30, 0x80, 0x02, 0x01, 0x00] + recipientInfos + [0x30, 0x80]
            + dataOID + algorithm + [0xA0, 0x80]
    }

    static func parseChunked(prefix: ArraySlice<UInt8>) -> Reading {
        reading(prefix) { (cursor) throws(DERCursor.Failure) in
            try cursor.exact([0x30, 0x80], "the envelope")
            try cursor.exact(authEnvelopedOID, "its content type is not AuthEnvelopedData")
            try cursor.exact([0xA0, 0x80, 0x30, 0x80], "its content is not in the chunked form")
            try cursor.exact([0x02, 0x01, 0x00], "its version is not 0 (or it has originator info)")
            let recipientInfos = try cursor.element(DERNode.set, "its recipient infos")
            try cursor.exact([0x30, 0x80], "its encrypted content info is not in the chunked form")
            try cursor.exact(dataOID, "its content type is not id-data")
            let algorithm = try cursor.gcmAlgorithm()
            try cursor.exact([0xA0, 0x80], "its content is not a chunked octet string")
            return CMSEnvelopeLayout(
                header: cursor.consumed, contentLength: nil,
                detached: detachedDER(recipientInfos: Array(recipientInfos), algorithm: algorithm))
        }
    }
}
