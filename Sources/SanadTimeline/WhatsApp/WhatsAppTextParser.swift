import Dispatch
import Foundation
import SanadCrypto
import SanadModel

/// Reads a WhatsApp chat export (`_chat.txt`, `WhatsApp Chat with X.txt`), Android or iOS, in
/// any locale, into timeline events (docs/TIMELINE.md §5).
///
/// The file is read twice as a stream, in constant memory: `survey` hashes it and decides
/// from the whole file what a single line cannot tell (the date order, iOS CRLF framing, the
/// participants); `parse` then hands out events one at a time, in file order, so that a
/// command can write them out as they come.
///
///     let parser = WhatsAppTextParser(.init(exhibit: "E0001", zone: try DeclaredZone(name: "Asia/Baghdad", basis: .declaredAtIngest)))
///     let input = FileInput(path: path)
///     let survey = try parser.survey(input)
///     try parser.parse(input, survey: survey) { event in write(event.jsonLine) }
public struct WhatsAppTextParser: TimelineParser {
    public static let name = "whatsapp-txt"
    public static let version = "1"
    public static let platform = Platform.whatsapp
    /// Lines and events are cut beyond this size; WhatsApp caps a message at 65,536 characters.
    public static let maxEventBytes: Int64 = 1 << 20
    public static let maxParticipants = 2048

    public struct Options: Sendable {
        /// The exhibit the file is, written into every event's `source`.
        public var exhibit: String?
        /// The chat's name, when known from elsewhere (the export's file name).
        public var conversationTitle: String?
        /// Overrides the date order the survey found; required when it is ambiguous.
        public var dateOrder: DateOrder?
        /// The phone's zone; without it times stay floating local and `time` is null.
        public var zone: DeclaredZone?
        /// File names the export carries (zip members) and their exhibit numbers.
        public var attachmentExhibits: [String: String]

        public init(exhibit: String? = nil, conversationTitle: String? = nil, dateOrder: DateOrder? = nil,
                    zone: DeclaredZone? = nil, attachmentExhibits: [String: String] = [:]) {
            self.exhibit = exhibit
            self.conversationTitle = conversationTitle
            self.dateOrder = dateOrder
            self.zone = zone
            self.attachmentExhibits = attachmentExhibits
        }
    }

    public var options: Options

    public init(_ options: Options = Options()) {
        self.options = options
    }

    /// Files at least this large are surveyed as two halves on two cores (tests lower it).
    var splitSurveyBytes: Int64 = 8 << 20

    /// The first pass: hashes the file and collects the evidence of docs/TIMELINE.md §5.1.
    public func survey(_ input: some ByteInput) throws(SanadError) -> WhatsAppSurvey {
        if let ranged = input as? any RangedByteInput, let survey = try splitSurvey(ranged) { return survey }
        let digest = try MessageDigest(.sha256)
        var part = WhatsAppSurveyPart(offset: 0, previousBreak: -1)
        var size: Int64 = 0
        try input.forEachChunk { (chunk: UnsafeRawBufferPointer) throws(SanadError) in
            digest.update(chunk)
            size += Int64(chunk.count)
            try part.feed(chunk)
        }
        try part.finish()
        return Self.survey(part, sha256: digest.finalizeHex(), size: size)
    }

    /// The survey of a large file as two parts read at once, split after a line break near
    /// the middle; nil for a small file or one with no line break there. The result is the
    /// one-pass result: evidence adds up and line numbers continue.
    private func splitSurvey(_ input: some RangedByteInput) throws(SanadError) -> WhatsAppSurvey? {
        let size = try input.byteCount()
        guard size >= splitSurveyBytes, size >= 2 else { return nil }
        // The first LF at or after the middle, looked for in the next 4 MiB; the part after it
        // starts a line, and the byte before that LF says how the line before it ended.
        let middle = size / 2
        var split: Int64?
        var previousBreak = 1
        var position = middle - 1
        var last: UInt8 = 0
        let found = SanadError(.internalError, "split point found (not an error)")
        do {
            try input.forEachChunk(from: middle - 1, to: min(size, middle + (4 << 20))) { (chunk: UnsafeRawBufferPointer) throws(SanadError) in
                for b in chunk {
                    if position >= middle, b == 0x0A {
                        split = position + 1
                        previousBreak = last == 0x0D ? 2 : 1
                        throw found
                    }
                    last = b
                    position += 1
                }
            }
        } catch {
            guard split != nil, error.message == found.message else { throw error }
        }
        guard let split, split < size else { return nil }
        var parts = [WhatsAppSurveyPart(offset: 0, previousBreak: -1), WhatsAppSurveyPart(offset: split, previousBreak: previousBreak)]
        var failures: [SanadError?] = [nil, nil]
        var sha256 = ""
        var hashed: Int64 = 0
        let box = SurveyBox(parts: parts)
        DispatchQueue.concurrentPerform(iterations: 2) { k in
            do throws(SanadError) {
                var part = box.parts[k]
                if k == 0 {
                    // The first half's reader also hashes the whole file, in order.
                    let digest = try MessageDigest(.sha256)
                    var count: Int64 = 0
                    try input.forEachChunk(from: 0, to: split) { (chunk: UnsafeRawBufferPointer) throws(SanadError) in
                        digest.update(chunk)
                        count += Int64(chunk.count)
                        try part.feed(chunk)
                    }
                    try part.finish()
                    try input.forEachChunk(from: split, to: size) { (chunk: UnsafeRawBufferPointer) throws(SanadError) in
                        digest.update(chunk)
                        count += Int64(chunk.count)
                    }
                    box.set(sha256: digest.finalizeHex(), size: count)
                } else {
                    try input.forEachChunk(from: split, to: size) { (chunk: UnsafeRawBufferPointer) throws(SanadError) in
                        try part.feed(chunk)
                    }
                    try part.finish()
                }
                box.set(part, at: k)
            } catch {
                box.fail(error, at: k)
            }
        }
        parts = box.parts
        failures = box.failures
        sha256 = box.sha256
        hashed = box.hashed
        if let failure = failures.compactMap({ $0 }).first { throw failure }
        guard hashed == size else {
            throw SanadError(.ioError, "\(input.label) changed while it was being read",
                             hint: "Parse the sealed or ingested copy, which cannot change, not the original file.")
        }
        var whole = parts[0]
        whole.append(parts[1])
        return Self.survey(whole, sha256: sha256, size: size)
    }

    private static func survey(_ part: WhatsAppSurveyPart, sha256: String, size: Int64) -> WhatsAppSurvey {
        // iOS frames messages with CRLF and writes LF inside them. When most headers follow a
        // CRLF, those that follow a bare LF are text pasted into a message (perhaps to forge
        // one), not messages.
        let crlfFramed = part.headersAfterCRLF > part.afterBareLF.headers
        var evidence = part.afterCRLF
        if !crlfFramed { evidence.merge(part.afterBareLF) }
        return WhatsAppSurvey(sha256: sha256, size: size, lines: part.lines, headers: evidence.headers,
                              iosHeaders: evidence.ios, androidHeaders: evidence.android, crlfFramed: crlfFramed,
                              dateOrder: evidence.dates.finding, participants: evidence.participants,
                              participantsTruncated: evidence.sendersTruncated)
    }

    /// The second pass: calls `each` with every event in file order. Fails with
    /// `date-order-ambiguous` when the survey could not decide and no order was given, and
    /// with `io-error` when the file is not the one surveyed (checked at the end).
    public func parse(_ input: some ByteInput, survey: WhatsAppSurvey,
                      _ each: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) {
        let (order, basis) = try survey.dateOrder.resolve(given: options.dateOrder, label: input.label)
        let digest = try MessageDigest(.sha256)
        var splitter = LineSplitter(maxLine: Int(Self.maxEventBytes))
        var builder = WhatsAppEventBuilder(parser: self, survey: survey, order: order, basis: basis)
        try input.forEachChunk { (chunk: UnsafeRawBufferPointer) throws(SanadError) in
            digest.update(chunk)
            try splitter.feed(chunk) { (line: TextLine) throws(SanadError) in try builder.add(line, each) }
        }
        try splitter.finish { (line: TextLine) throws(SanadError) in try builder.add(line, each) }
        try builder.finish(each)
        guard digest.finalizeHex() == survey.sha256 else {
            throw SanadError(.ioError, "\(input.label) changed while it was being read",
                             hint: "Parse the sealed or ingested copy, which cannot change, not the original file.")
        }
    }

    public init(_ context: ParseContext) {
        self.init(Options(exhibit: context.exhibit, conversationTitle: Self.title(fromFileName: context.fileName),
                          dateOrder: context.dateOrder, zone: context.zone, attachmentExhibits: context.attachmentExhibits))
    }

    /// Both passes.
    public func parse(_ input: some ByteInput, _ each: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) {
        let survey = try survey(input)
        try parse(input, survey: survey, each)
    }

    public static func recognizes(prefix: [UInt8], fileName: String?) -> Bool {
        looksLikeExport(prefix: prefix)
    }

    /// The chat's name from the export's file name, which is the only place WhatsApp writes it:
    /// `WhatsApp Chat with Omar Aziz.txt` (English), `WhatsApp Chat - Omar Aziz.txt` (newer iOS).
    /// `_chat.txt` and any other name give nil.
    public static func title(fromFileName fileName: String?) -> String? {
        guard var name = fileName else { return nil }
        if name.lowercased().hasSuffix(".txt") { name = String(name.dropLast(4)) }
        for prefix in ["WhatsApp Chat with ", "WhatsApp Chat - "] where name.hasPrefix(prefix) {
            let title = String(name.dropFirst(prefix.count))
            return title.isEmpty ? nil : title
        }
        return nil
    }

    /// Whether the first bytes of a file look like a WhatsApp export: one of its first 20
    /// lines is a message header. For telling formats apart by content, not by file name.
    public static func looksLikeExport(prefix: [UInt8]) -> Bool {
        var scanner = WhatsAppHeaderScanner()
        var found = false
        var lines = 0
        var splitter = LineSplitter(maxLine: Int(maxEventBytes))
        let look = { (line: TextLine) throws(SanadError) in
            lines += 1
            if lines <= 20, !found, scanner.scan(line.content) != nil { found = true }
        }
        try? withRawBytes(prefix) { (raw: UnsafeRawBufferPointer) throws(SanadError) in
            try splitter.feed(raw, look)
            try splitter.finish(look)
        }
        return found
    }
}
