import SanadModel

/// The event pass: groups lines into events and reads each one (docs/TIMELINE.md §5).
///
/// It holds one event at a time, so memory is bounded by the event size limit. Every byte of
/// every line goes into exactly one event, in order: that is the round trip.
struct WhatsAppEventBuilder {
    /// The event being collected.
    private struct Pending {
        var offset: Int64
        var line: Int
        var length: Int64
        /// From `restStart` of the first line for a message (from 0 for unparsed), then each
        /// further line with the line break before it; never the final line break.
        var bytes: [UInt8]
        var header: WhatsAppHeader?
        var local: LocalDateTime?
        var reading: WhatsAppDateReader.Reading?
        /// Both readings, when the date order is undecided; `local` is then nil.
        var readings: [LocalDateTime] = []
        var reason: UnparsedReason?
        /// The length of the line break of the last line added (0, 1 LF, 2 CRLF): it goes into
        /// `bytes` only if another line follows.
        var lastBreak = 0

        var acceptsContinuation: Bool { reason != .noHeader }
    }

    private let parser: WhatsAppTextParser
    private let survey: WhatsAppSurvey
    /// nil when undecided: every header is read both ways.
    private let order: DateOrder?
    private let basis: DateOrderBasis
    /// The declared order the file's dates disproved, named in every timed event.
    var contradictedOrder: DateOrder?
    private let conversation: Conversation
    private var scanner = WhatsAppHeaderScanner()
    private var zone: ZoneResolver?
    private var pending: Pending?
    private var previousEndedBareLF = false

    /// `previousBreak` is how the line before the first one ended (1 LF, 2 CRLF), for a part
    /// that starts inside the file.
    init(
        parser: WhatsAppTextParser, survey: WhatsAppSurvey, order: DateOrder?, basis: DateOrderBasis,
        previousBreak: Int = -1
    ) {
        self.parser = parser
        self.survey = survey
        self.order = order
        self.basis = basis
        previousEndedBareLF = previousBreak == 1
        conversation = Conversation(title: parser.options.conversationTitle, participants: survey.participants)
        zone = parser.options.zone.map(ZoneResolver.init)
    }

    mutating func add(_ line: TextLine, _ emit: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) {
        defer {
            previousEndedBareLF = line.endsWithBareLF
            pending?.lastBreak = line.breakLength
        }
        if line.isPiece {
            try finish(emit)
            pending = Self.unparsed(line, .tooLong)
            return
        }
        let candidate = Self.isHeaderCandidate(crlfFramed: survey.crlfFramed, previousEndedBareLF: previousEndedBareLF)
        if candidate, let header = scanner.scan(line.content) {
            try finish(emit)
            pending = start(header, line)
        } else if var p = pending, p.acceptsContinuation {
            if p.length + line.length > WhatsAppTextParser.maxEventBytes {
                try finish(emit)
                pending = Self.unparsed(line, .tooLong)
                return
            }
            pending = nil  // one owner, so that appending does not copy the event so far
            if p.lastBreak == 2 { p.bytes.append(0x0D) }
            if p.lastBreak >= 1 { p.bytes.append(0x0A) }
            p.bytes.append(contentsOf: line.content)
            p.length += line.length
            pending = p
        } else {
            try finish(emit)
            pending = Self.unparsed(line, .noHeader)
        }
    }

    mutating func finish(_ emit: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) {
        guard let p = pending else { return }
        pending = nil
        try emit(event(from: p))
    }

    /// The date a header gives in `order`, and its local time; nil date or nil time when it
    /// gives none (the line is then an unparsed event).
    static func reading(
        _ header: WhatsAppHeader, order: DateOrder
    ) -> (date: WhatsAppDateReader.Reading?, local: LocalDateTime?) {
        guard let reading = WhatsAppDateReader.read(header.date, order: order, yearFirst: header.isYearFirst) else {
            return (nil, nil)
        }
        guard let hour = header.hour24 else { return (reading, nil) }
        return (
            reading,
            LocalDateTime(
                year: reading.year, month: reading.month, day: reading.day, hour: hour,
                minute: header.minute, second: header.second)
        )
    }

    /// Whether a line is a header in this file: iOS exports frame messages with CRLF, so a
    /// line after a bare LF is not one there.
    static func isHeaderCandidate(crlfFramed: Bool, previousEndedBareLF: Bool) -> Bool {
        !(crlfFramed && previousEndedBareLF)
    }

    private func start(_ header: WhatsAppHeader, _ line: TextLine) -> Pending {
        let rest = UnsafeRawBufferPointer(rebasing: line.content[min(header.restStart, line.content.count)...])
        var p = Pending(
            offset: line.offset, line: line.number, length: line.length, bytes: Array(rest), header: header,
            local: nil, reading: nil, reason: nil)
        guard let order = order ?? (header.isYearFirst ? .ymd : nil) else {
            // Undecided: each valid reading, day/month first, once.
            let both = [DateOrder.dmy, .mdy].map { Self.reading(header, order: $0) }
            guard let reading = both.first(where: { $0.date != nil })?.date else {
                return Self.unparsed(line, .invalidDate)
            }
            let times = both.compactMap(\.local)
            guard !times.isEmpty else { return Self.unparsed(line, .invalidTime) }
            p.reading = reading
            p.readings = times.count == 2 && times[0] == times[1] ? [times[0]] : times
            return p
        }
        let (date, time) = Self.reading(header, order: order)
        guard let reading = date else { return Self.unparsed(line, .invalidDate) }
        guard let local = time else { return Self.unparsed(line, .invalidTime) }
        p.reading = reading
        p.local = local
        return p
    }

    private static func unparsed(_ line: TextLine, _ reason: UnparsedReason) -> Pending {
        Pending(
            offset: line.offset, line: line.number, length: line.length, bytes: Array(line.content), header: nil,
            local: nil, reading: nil, reason: reason)
    }

    private mutating func event(from p: Pending) -> TimelineEvent {
        let source = EventSource(
            exhibit: parser.options.exhibit, sha256: survey.sha256, offset: p.offset, length: p.length,
            line: p.line)
        let plain = ParserInfo(name: WhatsAppTextParser.name, version: WhatsAppTextParser.version)
        guard let header = p.header, let reading = p.reading, p.local != nil || !p.readings.isEmpty else {
            return TimelineEvent(
                time: nil, localTime: nil, zone: nil, platform: .whatsapp, conversation: conversation,
                sender: nil, kind: .unparsed, text: Self.exactText(p.bytes[...]), source: source,
                parser: plain, reason: p.reason)
        }
        var time: String?
        var zone: EventZone? = p.local == nil ? nil : .unknown
        if let local = p.local, var resolver = self.zone {
            let resolved = resolver.resolve(local)
            self.zone = resolver
            time = UTCTime.string(epochMilliseconds: resolved.epochMilliseconds)
            zone = resolved.zone
        }
        let info = ParserInfo(
            name: plain.name, version: plain.version, dateOrder: p.local == nil ? nil : reading.order,
            dateOrderBasis: header.isYearFirst ? .inferred : basis, calendar: reading.calendar,
            declaredDateOrder: header.isYearFirst ? nil : contradictedOrder)
        var event = TimelineEvent(
            time: time, localTime: p.local, zone: zone, platform: .whatsapp, conversation: conversation,
            sender: header.sender.map { EventSender(writtenName: $0) }, kind: .message, text: nil,
            source: source, parser: info)
        event.localTimeReadings = p.readings
        let textOffset = min(header.textStart - header.restStart, p.bytes.count)
        guard UTF8Scalar.isValid(p.bytes[...]) else {
            event.kind = .unparsed
            event.reason = .notUTF8
            return event
        }
        var body: [UInt8] = []
        p.bytes[textOffset...].withUnsafeBytes { FormatMarks.appendStripped($0, to: &body) }
        let isNotice =
            header.sender == nil
            || (header.style == .ios && header.textStartsWithLRM
                && !WhatsAppMarkers.isKnownNotice(firstLine: WhatsAppBodyReader.splitFirstLine(body).0))
        if isNotice {
            event.sender = nil
            event.kind = .system
            event.text = Self.exactText(p.bytes[...])
            return event
        }
        let read = WhatsAppBodyReader.read(body, exhibits: parser.options.attachmentExhibits)
        event.kind = read.kind
        event.text = read.text
        event.attachments = read.attachments
        return event
    }

    /// The text with its format marks removed, or nil when the bytes are not UTF-8.
    private static func exactText(_ bytes: ArraySlice<UInt8>) -> String? {
        guard UTF8Scalar.isValid(bytes) else { return nil }
        var out: [UInt8] = []
        bytes.withUnsafeBytes { FormatMarks.appendStripped($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }
}
