import SanadCrypto
import SanadModel

/// The two passes every line-based Signal export is read in (docs/TIMELINE.md §8), for any
/// `RecordReader`.
///
/// The first pass hashes the file and collects what an event needs before the first one can
/// be given out: the participants and the conversation's title. The second hands out events
/// one at a time and checks that the file did not change in between. Both stream in memory
/// bounded by the record size limit.
struct SignalTextDriver<Reader: RecordReader> {
    struct Survey {
        var sha256: String
        var size: Int64
        var participants: [String]
        var title: String?
    }

    /// Lines and records are cut beyond this size (docs/TIMELINE.md §8.3).
    static var maxRecordBytes: Int64 { 1 << 20 }
    static var maxParticipants: Int { 2048 }

    let parser: ParserInfo
    let platform: Platform
    let context: ParseContext

    func survey(_ input: some ByteInput) throws(SanadError) -> Survey {
        let digest = try MessageDigest(.sha256)
        var size: Int64 = 0
        var participants: [String] = []
        var seen = Set<String>()
        var title: String?
        try records(input, digest: digest, size: &size) { record in
            let reading = Reader.read(record, exhibits: [:])
            if title == nil, let t = reading.title { title = t }
            if let name = reading.sender?.name, participants.count < Self.maxParticipants, seen.insert(name).inserted {
                participants.append(name)
            }
        }
        return Survey(sha256: digest.finalizeHex(), size: size, participants: participants, title: title)
    }

    func parse(
        _ input: some ByteInput, survey: Survey, _ each: (TimelineEvent) throws(SanadError) -> Void
    ) throws(SanadError) {
        let digest = try MessageDigest(.sha256)
        var size: Int64 = 0
        var clock = EventClock(declared: context.zone)
        let conversation = Conversation(title: survey.title, participants: survey.participants)
        try records(input, digest: digest, size: &size) { (record) throws(SanadError) in
            let r = Reader.read(record, exhibits: context.attachmentExhibits)
            var info = parser
            info.timeFrom = r.timeFrom
            var reading: EventClock.Reading?
            switch r.time {
            case .local(let local): reading = clock.local(local)
            case .stated(let local, let offset): reading = clock.local(local, statedOffsetSeconds: offset)
            case nil: reading = nil
            }
            if reading == nil { info.timeFrom = nil }
            let source = EventSource(
                exhibit: context.exhibit, sha256: survey.sha256, offset: record.offset,
                length: record.length, line: record.line)
            try each(
                TimelineEvent(
                    time: reading?.time, localTime: reading?.localTime, zone: reading?.zone,
                    platform: context.platform ?? platform, conversation: conversation, sender: r.sender,
                    kind: r.kind, text: r.text, attachments: r.attachments, source: source, parser: info,
                    reason: r.kind == .unparsed ? r.reason : nil))
        }
        guard digest.finalizeHex() == survey.sha256, size == survey.size else {
            throw SanadError(
                .ioError, "\(input.label) changed while it was being read",
                hint: "Parse the sealed or ingested copy, which cannot change, not the original file.")
        }
    }

    private func records(
        _ input: some ByteInput, digest: MessageDigest, size: inout Int64,
        _ each: (LineRecordAssembler.Record) throws(SanadError) -> Void
    ) throws(SanadError) {
        var splitter = LineSplitter(maxLine: Int(Self.maxRecordBytes))
        var assembler = LineRecordAssembler(maxRecordBytes: Self.maxRecordBytes) {
            Reader.starts($0, next: $1, number: $2)
        }
        var total: Int64 = 0
        try input.forEachChunk { (chunk: UnsafeRawBufferPointer) throws(SanadError) in
            digest.update(chunk)
            total += Int64(chunk.count)
            try splitter.feed(chunk) { (line: TextLine) throws(SanadError) in try assembler.add(line, each) }
        }
        try splitter.finish { (line: TextLine) throws(SanadError) in try assembler.add(line, each) }
        try assembler.finish(each)
        size = total
    }
}
