/// One DER element (tag, length, contents) read from bytes, for checking the *shape* of a
/// signature file: which fields a CMS or RFC 3161 structure holds, and their exact bytes.
/// Parsing and checking the cryptography stays OpenSSL's; this only walks the tree, so that a
/// verifier can refuse fields no signature covers (an unsigned attribute, an extra certificate,
/// a status text) that OpenSSL would accept without a word.
public struct DERNode: Sendable {
    public let tag: UInt8
    /// The whole element, header included.
    public let bytes: ArraySlice<UInt8>
    /// Its contents, without the header.
    public let contents: ArraySlice<UInt8>

    public var isConstructed: Bool { tag & 0x20 != 0 }

    /// The element that starts at `offset` in `data`; nil when it is not a definite-length DER
    /// header whose contents fit.
    public static func read(_ data: ArraySlice<UInt8>, at offset: Int) -> DERNode? {
        var i = offset
        guard i < data.endIndex else { return nil }
        let tag = data[i]
        guard tag & 0x1F != 0x1F else { return nil }  // no multi-byte tags in these structures
        i += 1
        guard i < data.endIndex else { return nil }
        var length = Int(data[i])
        i += 1
        if length & 0x80 != 0 {
            let count = length & 0x7F
            guard count >= 1, count <= 4, i + count <= data.endIndex, data[i] != 0 else { return nil }
            length = data[i..<(i + count)].reduce(0) { $0 << 8 | Int($1) }
            guard length >= 0x80 else { return nil }  // DER: the shortest length form
            i += count
        }
        guard length <= data.endIndex - i else { return nil }
        return DERNode(tag: tag, bytes: data[offset..<(i + length)], contents: data[i..<(i + length)])
    }

    /// The one element `data` holds, nil when it holds anything else.
    public static func only(_ data: [UInt8]) -> DERNode? {
        guard let n = read(data[...], at: 0), n.bytes.endIndex == data.endIndex else { return nil }
        return n
    }

    /// The elements a constructed element holds, in order; nil when its contents are not a
    /// sequence of whole elements.
    public var children: [DERNode]? {
        guard isConstructed else { return nil }
        var out: [DERNode] = []
        var i = contents.startIndex
        while i < contents.endIndex {
            guard let n = DERNode.read(contents, at: i) else { return nil }
            out.append(n)
            i = n.bytes.endIndex
        }
        return out
    }
}

extension DERNode {
    public static let sequence: UInt8 = 0x30
    public static let set: UInt8 = 0x31
    public static let integer: UInt8 = 0x02
    public static let octetString: UInt8 = 0x04
    public static let null: UInt8 = 0x05
    public static let oid: UInt8 = 0x06
    public static func context(_ n: UInt8, constructed: Bool = true) -> UInt8 { 0x80 | (constructed ? 0x20 : 0) | n }
}
