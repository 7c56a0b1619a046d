import SanadModel

extension CMSEnvelopeLayout {
    /// Reads the framing from the first bytes of a file, strictly: the exact form `header`
    /// writes, every length definite, minimal and consistent with the others (the content ends
    /// where its sequence ends, and the tag ends the whole).
    public static func parse(prefix: ArraySlice<UInt8>) -> Reading {
        if prefix.count >= 2, prefix[prefix.startIndex] == 0x30, prefix[prefix.startIndex + 1] == 0x80 {
            return parseChunked(prefix: prefix)
        }
        return reading(prefix) { (cursor) throws(DERCursor.Failure) in
            let ci = try cursor.header(DERNode.sequence, "the envelope")
            let end = cursor.position + ci
            try cursor.exact(authEnvelopedOID, "its content type is not AuthEnvelopedData")
            let wrap = try cursor.header(0xA0, "its [0] content")
            guard cursor.position + wrap == end else { throw .invalid("its lengths disagree") }
            let aed = try cursor.header(DERNode.sequence, "its AuthEnvelopedData")
            guard cursor.position + aed == end else { throw .invalid("its lengths disagree") }
            try cursor.exact([0x02, 0x01, 0x00], "its version is not 0 (or it has originator info)")
            let recipientInfos = try cursor.element(DERNode.set, "its recipient infos")
            let eci = try cursor.header(DERNode.sequence, "its encrypted content info")
            let eciEnd = cursor.position + eci
            try cursor.exact(dataOID, "its content type is not id-data")
            let algorithm = try cursor.gcmAlgorithm()
            let n = try cursor.header(0x80, "its content (which must be one primitive octet string)")
            guard cursor.position + n == eciEnd, eciEnd + Int64(trailerLength) == end else {
                throw .invalid("its lengths disagree (or it has attributes)")
            }
            return CMSEnvelopeLayout(
                header: cursor.consumed, contentLength: n,
                detached: detachedDER(recipientInfos: Array(recipientInfos), algorithm: algorithm))
        }
    }

    /// Runs a parse of the first bytes: too few bytes yet is `needMore` (up to `maxHeader`).
    static func reading(
        _ prefix: ArraySlice<UInt8>, _ body: (inout DERCursor) throws(DERCursor.Failure) -> CMSEnvelopeLayout
    ) -> Reading {
        var cursor = DERCursor(bytes: prefix)
        do throws(DERCursor.Failure) {
            return .layout(try body(&cursor))
        } catch {
            switch error {
            case .short:
                return prefix.count > maxHeader ? .invalid("its header is larger than \(maxHeader) bytes") : .needMore
            case .invalid(let why): return .invalid(why)
            }
        }
    }

    /// The structure OpenSSL parses: the same fields, no content, a zero tag.
    static func detachedDER(recipientInfos: [UInt8], algorithm: [UInt8]) -> [UInt8] {
        let eci = dataOID + algorithm
        let aedInner =
            [0x02, 0x01, 0x00] + recipientInfos + DERLength.header(DERNode.sequence, Int64(eci.count)) + eci
            + trailer(tag: [UInt8](repeating: 0, count: tagLength))
        let aed = DERLength.header(DERNode.sequence, Int64(aedInner.count)) + aedInner
        let inner = authEnvelopedOID + DERLength.header(0xA0, Int64(aed.count)) + aed
        return DERLength.header(DERNode.sequence, Int64(inner.count)) + inner
    }
}

/// DER tag-and-length headers of any length (an envelope's content may pass 4 GiB).
enum DERLength {
    static func header(_ tag: UInt8, _ length: Int64) -> [UInt8] {
        guard length >= 0x80 else { return [tag, UInt8(length)] }
        var bytes: [UInt8] = []
        var v = UInt64(length)
        while v > 0 {
            bytes.insert(UInt8(v & 0xFF), at: 0)
            v >>= 8
        }
        return [tag, 0x80 | UInt8(bytes.count)] + bytes
    }
}

/// Reads DER headers one after another from the first bytes of a file.
struct DERCursor {
    enum Failure: Error {
        case short
        case invalid(String)
    }

    let bytes: ArraySlice<UInt8>
    /// Offset from the start of `bytes`.
    private(set) var position: Int64 = 0

    init(bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    private func byte(_ at: Int64) throws(Failure) -> UInt8 {
        guard at < Int64(bytes.count) else { throw .short }
        return bytes[bytes.startIndex + Int(at)]
    }

    /// A header with tag `tag`; returns its content's length.
    mutating func header(_ tag: UInt8, _ what: String) throws(Failure) -> Int64 {
        guard try byte(position) == tag else { throw .invalid("\(what) is missing or not in DER") }
        let first = try byte(position + 1)
        position += 2
        guard first & 0x80 != 0 else { return Int64(first) }
        let count = Int64(first & 0x7F)
        guard count >= 1, count <= 7 else { throw .invalid("\(what) has no definite DER length") }
        var length: Int64 = 0
        for i in 0..<count { length = length << 8 | Int64(try byte(position + i)) }
        guard try byte(position) != 0, length >= 0x80 else { throw .invalid("\(what) has a length not in DER form") }
        position += count
        return length
    }

    /// A whole element with tag `tag`, header included.
    mutating func element(_ tag: UInt8, _ what: String) throws(Failure) -> ArraySlice<UInt8> {
        let start = position
        let length = try header(tag, what)
        guard length <= Int64(CMSEnvelopeLayout.maxHeader) else { throw .invalid("\(what) is too large") }
        try skip(length)
        return bytes[(bytes.startIndex + Int(start))..<(bytes.startIndex + Int(position))]
    }

    mutating func exact(_ expected: [UInt8], _ why: String) throws(Failure) {
        for (i, b) in expected.enumerated() {
            guard try byte(position + Int64(i)) == b else { throw .invalid(why) }
        }
        position += Int64(expected.count)
    }

    /// The content-encryption algorithm: AES-256-GCM, a 12-byte nonce, a 16-byte tag; its bytes.
    mutating func gcmAlgorithm() throws(Failure) -> [UInt8] {
        let start = position
        try exact(CMSEnvelopeLayout.gcmAlgorithmPrefix, "its cipher is not AES-256-GCM with a 12-byte nonce")
        try skip(12)
        try exact(CMSEnvelopeLayout.gcmAlgorithmSuffix, "its tag is not 16 bytes")
        return Array(bytes[(bytes.startIndex + Int(start))..<(bytes.startIndex + Int(position))])
    }

    /// Everything read so far.
    var consumed: [UInt8] { Array(bytes[bytes.startIndex..<(bytes.startIndex + Int(position))]) }

    mutating func skip(_ n: Int64) throws(Failure) {
        guard position + n <= Int64(bytes.count) else { throw .short }
        position += n
    }
}
