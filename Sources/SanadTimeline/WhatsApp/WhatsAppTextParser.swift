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
///     let zone = try DeclaredZone(name: "Asia/Baghdad", basis: .declaredAtIngest)
///     let parser = WhatsAppTextParser(.init(exhibit: "E0001", zone: zone))
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
        /// Overrides the date order the survey found; without it an ambiguous file's events
        /// state both readings.
        public var dateOrder: DateOrder?
        /// `dateOrder` was declared at ingest rather than given to this reading.
        public var dateOrderDeclared = false
        /// The phone's zone; without it times stay floating local and `time` is null.
        public var zone: DeclaredZone?
        /// File names the export carries (zip members) and their exhibit numbers.
        public var attachmentExhibits: [String: String]

        public init(
            exhibit: String? = nil, conversationTitle: String? = nil, dateOrder: DateOrder? = nil,
            zone: DeclaredZone? = nil, attachmentExhibits: [String: String] = [:]
        ) {
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
        if let ranged = input as? any RangedByteInput, let split = try splitSurvey(ranged) { return split.survey }
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

    static func survey(_ part: WhatsAppSurveyPart, sha256: String, size: Int64) -> WhatsAppSurvey {
        // iOS frames messages with CRLF and writes LF inside them. When most headers follow a
        // CRLF, those that follow a bare LF are text pasted into a message (perhaps to forge
        // one), not messages.
        let crlfFramed = part.headersAfterCRLF > part.afterBareLF.headers
        var evidence = part.afterCRLF
        if !crlfFramed { evidence.merge(part.afterBareLF) }
        return WhatsAppSurvey(
            sha256: sha256, size: size, lines: part.lines, headers: evidence.headers,
            iosHeaders: evidence.ios, androidHeaders: evidence.android, crlfFramed: crlfFramed,
            dateOrder: evidence.dates.finding, participants: evidence.participants,
            participantsTruncated: evidence.sendersTruncated)
    }

    /// The second pass: calls `each` with every event in file order. When the survey could not
    /// decide the date order and none was given, events state both readings (basis
    /// `undecided`). Fails with `io-error` when the file is not the one surveyed (checked at
    /// the end).
    public func parse(
        _ input: some ByteInput, survey: WhatsAppSurvey,
        _ each: (TimelineEvent) throws(SanadError) -> Void
    ) throws(SanadError) {
        let whole = WhatsAppPlan.Part(range: 0..<survey.size, firstLine: 1, previousBreak: -1, sha256: survey.sha256)
        try readEvents(input, survey: survey, part: whole, index: 0, each)
    }

    /// The event pass over `input`, which holds the bytes of `part` (all of the file, or one
    /// part of it); checks them against the digest the survey took.
    func readEvents(
        _ input: some ByteInput, survey: WhatsAppSurvey, part: WhatsAppPlan.Part, index: Int,
        _ each: (TimelineEvent) throws(SanadError) -> Void
    ) throws(SanadError) {
        let (order, basis, contradicted) = readingOrder(survey)
        let digest = try MessageDigest(.sha256)
        var splitter = LineSplitter(
            maxLine: Int(Self.maxEventBytes), offset: part.range.lowerBound, firstLine: part.firstLine)
        var builder = WhatsAppEventBuilder(
            parser: self, survey: survey, order: order, basis: basis, previousBreak: part.previousBreak)
        builder.contradictedOrder = contradicted
        var checked = index == 0
        func emit(_ e: TimelineEvent) throws(SanadError) {
            // The plan cut the file where an event with a time of its own begins (docs/TIMELINE.md §8.5).
            if !checked {
                checked = true
                guard e.localTime != nil else {
                    throw SanadError(
                        .internalError, "\(input.label): part \(index + 1) does not start with a timed event")
                }
            }
            try each(e)
        }
        try input.forEachChunk { (chunk: UnsafeRawBufferPointer) throws(SanadError) in
            digest.update(chunk)
            try splitter.feed(chunk) { (line: TextLine) throws(SanadError) in try builder.add(line, emit) }
        }
        try splitter.finish { (line: TextLine) throws(SanadError) in try builder.add(line, emit) }
        try builder.finish(emit)
        guard digest.finalizeHex() == part.sha256 else {
            throw SanadError(
                .ioError, "\(input.label) changed while it was being read",
                hint: "Parse the sealed or ingested copy, which cannot change, not the original file.")
        }
    }

    /// The order to read with, its basis, and the declared order the file's own dates
    /// contradict, if any. An order given to this reading wins; one declared for the item
    /// (add, amend, the case's defaults) yields to dates that are valid only the other way,
    /// and the events then name it (`date_order_declared`), so that nothing is read against
    /// what the file proves, or silently.
    func readingOrder(_ survey: WhatsAppSurvey) -> (DateOrder?, DateOrderBasis, contradicted: DateOrder?) {
        let (order, basis) = survey.dateOrder.resolve(given: options.dateOrder)
        guard basis == .given, options.dateOrderDeclared else { return (order, basis, nil) }
        if case .decided(let proven, .inferred, _) = survey.dateOrder, proven != order {
            return (proven, .inferred, order)
        }
        return (order, .declared, nil)
    }

    public init(_ context: ParseContext) {
        self.init(
            Options(
                exhibit: context.exhibit, conversationTitle: Self.title(fromFileName: context.fileName),
                dateOrder: context.dateOrder, zone: context.zone, attachmentExhibits: context.attachmentExhibits))
        options.dateOrderDeclared = context.dateOrderDeclared
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
