import SanadCrypto
import SanadModel

/// One pass over a JSON export: hashes every byte and runs the streaming reader over them.
///
/// JSON parsers read their file twice, a survey and the events, like the WhatsApp parser;
/// both passes go through here so that both hash what they read, and the event pass can tell
/// that the file changed in between (docs/TIMELINE.md §7).
enum JSONExportScan {
    /// Calls `each` with every item in file order; returns the SHA-256 of the file.
    static func run(
        _ input: some ByteInput, isRecordArray: @escaping (JSONPath) -> Bool,
        _ each: (JSONStreamItem) throws(SanadError) -> Void
    ) throws(SanadError) -> String {
        let digest = try MessageDigest(.sha256)
        var reader = JSONStreamReader(isRecordArray: isRecordArray)
        try input.forEachChunk { (chunk: UnsafeRawBufferPointer) throws(SanadError) in
            digest.update(chunk)
            try reader.feed(chunk, each)
        }
        try reader.finish(each)
        return digest.finalizeHex()
    }

    /// The event pass's check that it read the bytes the survey read.
    static func checkUnchanged(_ sha256: String, surveyed: String, label: String) throws(SanadError) {
        guard sha256 == surveyed else {
            throw SanadError(
                .ioError, "\(label) changed while it was being read",
                hint: "Parse the sealed or ingested copy, which cannot change, not the original file.")
        }
    }

    /// Whether `prefix`, after a byte order mark and white space, starts with `{`: every
    /// export read here is one JSON object.
    /// For a file that starts with a JSON object, a test of whether a text (a quoted member
    /// name, say) occurs in its first bytes; nil for any other file.
    static func members(_ prefix: [UInt8]) -> ((String) -> Bool)? {
        guard startsWithObject(prefix) else { return nil }
        return { contains(prefix, $0) }
    }

    static func startsWithObject(_ prefix: [UInt8]) -> Bool {
        var i = 0
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        while i < prefix.count, [0x20, 0x09, 0x0A, 0x0D].contains(prefix[i]) { i += 1 }
        return i < prefix.count && prefix[i] == UInt8(ascii: "{")
    }

    /// Whether `needle` occurs in `haystack` (a recognition prefix of at most 64 KiB).
    static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard let first = n.first, haystack.count >= n.count else { return false }
        var i = 0
        let last = haystack.count - n.count
        while i <= last {
            if haystack[i] == first, haystack[i..<(i + n.count)].elementsEqual(n) { return true }
            i += 1
        }
        return false
    }
}
