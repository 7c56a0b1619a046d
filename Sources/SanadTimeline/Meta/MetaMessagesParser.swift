import SanadModel

/// Reads a thread file of Meta's "Download your information" export, Instagram or Facebook
/// Messenger (`message_1.json`, `message_2.json`… of one thread), in JSON (docs/TIMELINE.md §8.4).
///
/// The two platforms write the same format, so one parser reads both and tells them apart
/// from the file's content; `parser.name` is `meta-json` for both and `platform` says which.
/// Messages are newest first; events keep the file's order (the timeline sorts). Each part
/// of a long thread is its own file and is read on its own.
public struct MetaMessagesParser: SurveyingParser {
    public static let name = "meta-json"
    public static let version = "1"
    /// Used only when neither the content nor the context names the platform.
    public static let platform = Platform.other

    public let context: ParseContext

    public init(_ context: ParseContext) {
        self.context = context
    }

    static func isMessageArray(_ path: JSONPath) -> Bool { path.matches(["messages"]) }

    public func survey(_ input: some ByteInput) throws(SanadError) -> MetaSurvey {
        var title: String?
        var senders = ParticipantList()
        var evidence = Set<Platform>()
        let clock = EventClock(declared: nil)
        let sha256 = try JSONExportScan.run(input, isRecordArray: Self.isMessageArray) {
            (item: JSONStreamItem) throws(SanadError) in
            switch item {
            case .scalar(let path, let value):
                if path.matches(["title"]) { title = MetaMojibake.text(value.stringValue) }
                // Join links (`joinable_mode`) are Messenger's; Instagram does not write them.
                if path.matches(["joinable_mode", "mode"]) { evidence.insert(.facebook) }
            case .record(let record):
                guard let m = MetaMessage.parse(record), let message = MetaMessage(m, clock: clock, exhibits: [:])
                else { return }
                senders.add(message.sender)
                for r in message.reactions { senders.add(r.actor) }
                for uri in MetaMessage.uris(m) { if let p = MetaMessage.platform(ofURI: uri) { evidence.insert(p) } }
            case .span:
                break
            }
        }
        return MetaSurvey(
            sha256: sha256, title: title, participants: senders.names,
            platformFromContent: evidence.count == 1 ? evidence.first : nil)
    }

    /// The content's platform; else the collector's declaration if it is Instagram or
    /// Facebook; else `other`, since guessing between the two would be a guess.
    func platform(_ survey: MetaSurvey) -> Platform {
        if let p = survey.platformFromContent { return p }
        if let p = context.platform, p == .instagram || p == .facebook { return p }
        return Self.platform
    }

    public func parse(
        _ input: some ByteInput, survey: MetaSurvey,
        _ each: (TimelineEvent) throws(SanadError) -> Void
    ) throws(SanadError) {
        let platform = platform(survey)
        let factory = JSONEventFactory(
            exhibit: context.exhibit, sha256: survey.sha256, parser: parserInfo, platform: platform)
        let clock = EventClock(declared: context.zone)
        let conversation = Conversation(title: survey.title, participants: survey.participants)
        let exhibits = context.attachmentExhibits
        let sha256 = try JSONExportScan.run(input, isRecordArray: Self.isMessageArray) {
            (item: JSONStreamItem) throws(SanadError) in
            switch item {
            case .scalar:
                break
            case .span(let span):
                try each(factory.unparsed(span))
            case .record(let record):
                guard let m = MetaMessage.parse(record), let message = MetaMessage(m, clock: clock, exhibits: exhibits)
                else {
                    return try each(factory.unparsed(record, conversation: conversation))
                }
                try each(
                    TimelineEvent(
                        time: message.reading.time, localTime: message.reading.localTime, zone: message.reading.zone,
                        platform: platform, conversation: conversation,
                        sender: message.sender.map { EventSender(writtenName: $0) }, kind: message.kind,
                        text: message.text, attachments: message.attachments, source: factory.source(record),
                        parser: parserInfo))
                // A reaction's bytes are inside its message's element, which stays whole so that it
                // can be disclosed as one JSON object: the reaction event points to the end of that
                // range with length 0, and the ranges still tile the file.
                let end = factory.source(offset: record.offset + record.length, length: 0, line: record.line)
                for r in message.reactions {
                    try each(
                        TimelineEvent(
                            time: r.reading?.time, localTime: r.reading?.localTime, zone: r.reading?.zone,
                            platform: platform, conversation: conversation,
                            sender: r.actor.map { EventSender(writtenName: $0) }, kind: .reaction, text: r.text,
                            source: end, parser: parserInfo))
                }
            }
        }
        try JSONExportScan.checkUnchanged(sha256, surveyed: survey.sha256, label: input.label)
    }

    /// A JSON object with `"messages"` whose elements have `"sender_name"` and
    /// `"timestamp_ms"`, or with the thread members `"participants"` and `"thread_path"`.
    public static func recognizes(prefix: [UInt8], fileName: String?) -> Bool {
        guard let has = JSONExportScan.members(prefix) else { return false }
        guard has("\"messages\"") else { return false }
        return (has("\"sender_name\"") && has("\"timestamp_ms\""))
            || (has("\"participants\"") && has("\"thread_path\""))
    }
}
