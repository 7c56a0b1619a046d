import SanadModel
import SanadTimeline

/// Items marked sensitive (docs/TIMELINE.md §8.6): their bytes are read and checked like any
/// item's, but what reaches the timeline is one placeholder event per item, with no time, no
/// sender and no text, so that neither the content nor the number and times of its messages
/// can be read from any format, filter or search.
extension TimelineBuilder {
    func readWithheld(
        _ item: TimelineItem, reason: String, input: any ByteInput, parser: any TimelineParser,
        emit sink: (SortKey, TimelineEvent, [UInt8]) throws(SanadError) -> Void,
        outcome: inout ItemOutcome
    ) throws(SanadError) {
        // Parsed to the end, so the digest check covers every byte; the events are dropped unseen.
        var digest: String?
        do {
            try EventPipe.run(parse: { (each: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) in
                try parser.parse(input, each)
            }) { (e: TimelineEvent) throws(SanadError) in
                if digest == nil { digest = e.source.sha256 }
            }
        } catch {
            throw Self.located(error, item)
        }
        let parserType = type(of: parser)
        var placeholder = TimelineEvent(
            time: nil, localTime: nil, zone: nil, platform: item.platform ?? parserType.platform,
            conversation: Conversation(title: nil, participants: []), sender: nil, kind: .sensitive, text: nil,
            source: EventSource(
                exhibit: item.exhibit, sha256: digest ?? item.sha256, offset: 0, length: item.size, line: 1),
            parser: ParserInfo(name: parserType.name, version: parserType.version))
        placeholder.sensitive = SensitivePlaceholder(reason: reason, size: item.size, type: item.mediaType)
        // It stands for all of the item's events: it has no number of its own.
        var keyer = EventKeyer(
            filter: options.filter, ordinal: Int64(item.ordinal), itemSHA256: item.sha256, numbered: false)
        try keyer.take(placeholder, sink)
        try keyer.finish(next: nil, sink)
        try Self.record(keyer, into: &outcome, item)
    }
}
