/// Text read from markup the way docs/TIMELINE.md §4 and §8 want it: references decoded,
/// format marks removed, nothing else changed.
enum MarkupText {
    /// nil when the decoded bytes are not UTF-8: no exact text can be given.
    static func string(_ raw: some Collection<UInt8>) -> String? {
        var decoded: [UInt8] = []
        Array(raw).withUnsafeBytes { MarkupEntities.decode($0, into: &decoded) }
        return stripped(decoded)
    }

    /// Already decoded bytes, format marks removed; nil when not UTF-8.
    static func stripped(_ decoded: [UInt8]) -> String? {
        guard String(validating: decoded, as: UTF8.self) != nil else { return nil }
        var out: [UInt8] = []
        decoded.withUnsafeBytes { FormatMarks.appendStripped($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    static func isSpace(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.allSatisfy(MarkupTokenizer.isSpace)
    }
}
