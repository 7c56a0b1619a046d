import SanadCrypto
import SanadModel

/// Reads an SMS Backup & Restore (SyncTech) backup: `sms-….xml` with `<sms>` and `<mms>`
/// records, or `calls-….xml` with `<call>` records (docs/TIMELINE.md §8).
///
/// The file is read twice as a stream: once to hash it, because every event carries the
/// file's SHA-256, then to read the records, hashing again to make sure it is the same file.
/// Each record is read on its own, so memory is bounded whatever the size of the backup,
/// and a broken record costs only itself.
public struct SMSBackupXMLParser: TimelineParser {
    public static let name = "sms-backup-xml"
    public static let version = "1"
    public static let platform = Platform.sms

    public let context: ParseContext

    public init(_ context: ParseContext) {
        self.context = context
    }

    /// An XML declaration at the very start and the backup's root element in the prefix.
    public static func recognizes(prefix: [UInt8], fileName: String?) -> Bool {
        guard prefix.starts(with: "<?xml".utf8) else { return false }
        for root in ["<smses ", "<smses>", "<calls ", "<calls>"] where Self.contains(prefix, Array(root.utf8)) {
            return true
        }
        return false
    }

    public func parse(_ input: some ByteInput, _ each: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) {
        let sha256 = try Self.hash(input)
        let digest = try MessageDigest(.sha256)
        let builder = SMSEventBuilder(context: context, sha256: sha256)
        var tokenizer = MarkupTokenizer()
        var assembler = SMSRecordAssembler()
        try input.forEachChunk { (chunk: UnsafeRawBufferPointer) throws(SanadError) in
            digest.update(chunk)
            try tokenizer.feed(chunk) { (token: MarkupToken, tag: MarkupTag) throws(SanadError) in
                try assembler.add(token, tag) { (record: SMSRecord) throws(SanadError) in
                    try each(builder.event(record))
                }
            }
        }
        try tokenizer.finish { (token: MarkupToken, tag: MarkupTag) throws(SanadError) in
            try assembler.add(token, tag) { (record: SMSRecord) throws(SanadError) in try each(builder.event(record)) }
        }
        try assembler.finish { (record: SMSRecord) throws(SanadError) in try each(builder.event(record)) }
        guard digest.finalizeHex() == sha256 else {
            throw SanadError(
                .ioError, "\(input.label) changed while it was being read",
                hint: "Parse the sealed or ingested copy, which cannot change, not the original file.")
        }
    }

    static func hash(_ input: some ByteInput) throws(SanadError) -> String {
        let digest = try MessageDigest(.sha256)
        try input.forEachChunk { (chunk: UnsafeRawBufferPointer) throws(SanadError) in digest.update(chunk) }
        return digest.finalizeHex()
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count, let first = needle.first else { return false }
        var i = 0
        while i + needle.count <= haystack.count {
            if haystack[i] == first, haystack[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}
