import SanadModel
import SanadTimeline

/// Gives one item's events, taken in file order, their sort keys and canonical lines, keeps
/// those the filter wants, and counts them (docs/TIMELINE.md §8.2).
///
/// An event without a time of its own takes the key of the event before it; at the start of a
/// file, where there is none, it waits for the first timed event after it (at most
/// `maxPending` wait; beyond, and at the end of a file with no time at all, they go last).
/// One keyer reads a whole file, or one part of a file read in parts (§8.5), whose waiting
/// events then take the key of the next part's first event.
///
/// Each line carries the event's number (`source.event`, §2), which is its sequence: every
/// event the parser gives is counted, kept or not. A part after a file's first writes none;
/// `PartNumbers` adds them once the parts before it are counted.
struct EventKeyer {
    /// The key, the event as the parser gave it (its number is in the line, not in the event),
    /// and the line.
    typealias Sink = (SortKey, TimelineEvent, [UInt8]) throws(SanadError) -> Void
    /// Unreadable lines kept back at the start of a file, waiting for the first timed event.
    static let maxPending = 10_000

    let filter: TimelineFilter
    let ordinal: Int64
    let itemSHA256: String
    private var writer = EventJSONWriter()
    /// Whether lines carry their number: false for a later part, and for a sensitive item's placeholder.
    private let numbered: Bool
    private var sequence: Int64
    private var last: SortKey?
    private var pending: [(TimelineEvent, Int64)] = []
    private var line: [UInt8] = []
    private var checked = false
    /// The first event's `source.sha256` when it is not the one the case recorded.
    private(set) var mismatch: String?
    /// The key of the first event that had a time of its own.
    private(set) var firstKey: SortKey?
    private(set) var events = 0, unparsed = 0, floating = 0, kept = 0
    /// Events whose date order is undecided, and the line of the first.
    private(set) var undecided = 0
    private(set) var firstUndecidedLine: Int?
    /// The declared date order the file's dates disproved, if any event names one.
    private(set) var disprovedOrder: DateOrder?
    private(set) var provenOrder: DateOrder?

    /// `firstSequence` orders this part after every earlier part of the same file: 0 for a whole
    /// file or a first part, else a `PartNumbers` id `<< PartNumbers.shift`.
    init(filter: TimelineFilter, ordinal: Int64, itemSHA256: String, firstSequence: Int64 = 0, numbered: Bool = true) {
        self.filter = filter
        self.ordinal = ordinal
        self.itemSHA256 = itemSHA256
        self.numbered = numbered && firstSequence == 0
        sequence = firstSequence
        line.reserveCapacity(1024)
    }

    mutating func take(_ e: TimelineEvent, _ sink: Sink) throws(SanadError) {
        if !checked {
            checked = true
            if e.source.sha256 != itemSHA256 { mismatch = e.source.sha256 }
        }
        sequence += 1
        events += 1
        if e.kind == .unparsed, e.reason != .container { unparsed += 1 }
        if let d = e.parser.declaredDateOrder, disprovedOrder == nil {
            disprovedOrder = d
            provenOrder = e.parser.dateOrder
        }
        var key: SortKey?
        if let t = e.time, let ms = TimelineBuilder.epochMilliseconds(t) {
            key = SortKey(group: 0, primary: ms, secondary: ordinal, sequence: sequence)
        } else if let local = e.localTime {
            floating += 1
            key = SortKey(group: 1, primary: ordinal, secondary: local.secondsAsIfUTC * 1000, sequence: sequence)
        } else if !e.localTimeReadings.isEmpty {
            // Two readings, no time to sort by: the exhibit's undecided events stay in file order.
            undecided += 1
            if firstUndecidedLine == nil { firstUndecidedLine = e.source.line }
            key = SortKey(group: 1, primary: ordinal, secondary: Int64.min, sequence: sequence)
        } else if var inherited = last {
            inherited.sequence = sequence
            key = inherited
        }
        guard let key else {
            if pending.count < Self.maxPending {
                pending.append((e, sequence))
            } else {
                try emit(e, SortKey(group: 2, primary: ordinal, secondary: 0, sequence: sequence), sink)
            }
            return
        }
        if e.time != nil || e.localTime != nil || !e.localTimeReadings.isEmpty {
            if firstKey == nil { firstKey = key }
            try flushPending(like: key, sink)
        }
        last = key
        try emit(e, key, sink)
    }

    /// At the end of the file or part: events still waiting take the key of `next`, the first
    /// event of the next part, or go last when there is none.
    mutating func finish(next: SortKey?, _ sink: Sink) throws(SanadError) {
        try flushPending(like: next ?? SortKey(group: 2, primary: ordinal, secondary: 0, sequence: 0), sink)
    }

    private mutating func flushPending(like key: SortKey, _ sink: Sink) throws(SanadError) {
        let waiting = pending
        pending.removeAll()
        for (p, s) in waiting {
            try emit(p, SortKey(group: key.group, primary: key.primary, secondary: key.secondary, sequence: s), sink)
        }
    }

    private mutating func emit(_ e: TimelineEvent, _ key: SortKey, _ sink: Sink) throws(SanadError) {
        guard filter.inWindow(key), filter.keeps(e) else { return }
        line.removeAll(keepingCapacity: true)
        writer.write(e, number: numbered ? Int(key.sequence) : nil, into: &line)
        try sink(key, e, line)
        kept += 1
    }
}
