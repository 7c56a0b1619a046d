import Foundation
import SanadModel
import SanadTimeline

/// Reads every item of a case with the parser that recognises it, and gathers the events a
/// filter keeps into an `EventSorter` (docs/TIMELINE.md §9).
public struct TimelineBuilder {
    public struct Options: Sendable {
        /// `--timezone`: the zone for items whose collector declared none.
        public var defaultZone: String?
        /// `--date-order`: for every item, or (by exhibit) for one.
        public var dateOrder: DateOrder?
        public var dateOrderByExhibit: [String: DateOrder] = [:]
        public var filter = TimelineFilter()
        /// Only these exhibits, when not empty.
        public var exhibits: Set<String> = []
        /// `--reveal-sensitive`: read sensitive items' content instead of their placeholder.
        public var revealSensitive = false

        public init() {}
    }

    /// What happened to one item.
    public struct ItemOutcome: Sendable {
        public var exhibit: String
        public var name: String?
        public var parser: String?
        public enum Status: String, Sendable {
            case read
            /// No parser recognises the file.
            case skipped
        }

        public var status: Status
        public var events = 0
        public var unparsed = 0
        public var floating = 0
        public var kept = 0
        /// Events that state two readings of their date (order undecided), and the first's line.
        public var undecided = 0
        public var firstUndecidedLine: Int?
        /// The exhibit whose declarations `amend` changes: a zip member's zip.
        public var declaredOn: String?
        /// The date order declared for it that its own dates disproved, and the one they prove.
        public var disprovedOrder: DateOrder?
        public var provenOrder: DateOrder?
        public var zone: String?
        /// The item is marked sensitive; `revealed` when its content was read (`--reveal-sensitive`).
        public var sensitive = false
        public var revealed = false

        /// What a reader must be told about this item, or nil.
        public var warning: String? {
            if let d = disprovedOrder, let p = provenOrder {
                return "\(exhibit): its dates are valid only as \(Self.words(p)), not as the \(Self.words(d)) "
                    + "declared for it: they were read as \(Self.words(p)). Correct the declaration with "
                    + "'sanad amend \(declaredOn ?? exhibit) --date-order \(p.rawValue)'."
            }
            guard undecided > 0 else { return nil }
            return "\(exhibit): its dates read both as day/month and as month/day, and no order was given; "
                + "\(undecided) event\(undecided == 1 ? "" : "s") show both readings and no UTC time "
                + "(line \(firstUndecidedLine ?? 1) is the first). Check a date on the phone, then record the "
                + "order with 'sanad amend \(declaredOn ?? exhibit) --date-order dmy' (or mdy), or give "
                + "--date-order \(exhibit)=dmy."
        }

        static func words(_ o: DateOrder) -> String {
            switch o {
            case .dmy: return "day/month"
            case .mdy: return "month/day"
            case .ymd: return "year/month/day"
            }
        }

        public var json: JSONValue {
            .compactObject([
                "exhibit": .string(exhibit), "file_name": .optional(name), "parser": .optional(parser),
                "status": .string(status.rawValue),
                "events": .int(Int64(events)), "unparsed": .int(Int64(unparsed)), "floating": .int(Int64(floating)),
                "kept": .int(Int64(kept)), "zone": .optional(zone),
                "undecided_date_order": undecided > 0 ? .int(Int64(undecided)) : .null,
                "warning": .optional(warning), "sensitive": sensitive ? .bool(true) : .null,
                "revealed": sensitive ? .bool(revealed) : .null,
            ])
        }
    }

    public let options: Options

    public init(_ options: Options) {
        self.options = options
    }

    /// Reads every item into `sorter`; returns what happened to each.
    /// A large file whose parser can be read in parts (docs/TIMELINE.md §8.5) is read on several threads.
    public func build(
        _ source: any ItemSource, into sorter: EventSorter,
        progress: (String) -> Void = { _ in }
    ) throws(SanadError) -> [ItemOutcome] {
        try build(source, progress: progress, sorter: sorter) {
            (key: SortKey, _: TimelineEvent, line: [UInt8]) throws(SanadError) in
            try sorter.add(key, line)
        }
    }

    /// Reads every item and hands each kept event to `emit` in file order, with its sort key
    /// and canonical line.
    public func build(
        _ source: any ItemSource, progress: (String) -> Void = { _ in },
        emit: (SortKey, TimelineEvent, [UInt8]) throws(SanadError) -> Void
    ) throws(SanadError) -> [ItemOutcome] {
        try build(source, progress: progress, sorter: nil, emit: emit)
    }

    private func build(
        _ source: any ItemSource, progress: (String) -> Void, sorter: EventSorter?,
        emit: (SortKey, TimelineEvent, [UInt8]) throws(SanadError) -> Void
    ) throws(SanadError) -> [ItemOutcome] {
        let defaultZone = try options.defaultZone.map { (z: String) throws(SanadError) in
            try DeclaredZone(name: z, basis: .givenToTimeline)
        }
        var outcomes: [ItemOutcome] = []
        for item in source.items
        where options.exhibits.isEmpty || options.exhibits.contains(item.exhibit)
            || item.parent.map(options.exhibits.contains) == true
        {
            var outcome = ItemOutcome(exhibit: item.exhibit, name: item.originalName, status: .skipped)
            outcome.declaredOn = item.parent ?? item.exhibit
            let withheld = item.sensitiveReason != nil && !options.revealSensitive
            outcome.sensitive = item.sensitiveReason != nil
            outcome.revealed = outcome.sensitive && !withheld
            // A file name can name a person ("WhatsApp Chat with …"): part of what is withheld.
            if withheld { outcome.name = nil }
            let input = try source.input(for: item)
            let prefix = try Self.prefix(of: input, count: ParserRegistry.prefixLength)
            guard let parserType = ParserRegistry.parser(prefix: prefix, fileName: item.originalName) else {
                outcomes.append(outcome)
                continue
            }
            progress("\(item.exhibit): reading with \(parserType.name)")
            let context = try context(for: item, defaultZone: defaultZone)
            outcome.zone = context.zone.map { "\($0.name) (\($0.basis.rawValue))" }
            outcome.parser = parserType.name
            outcome.status = .read
            let parser = parserType.init(context)
            if withheld, let reason = item.sensitiveReason {
                try readWithheld(item, reason: reason, input: input, parser: parser, emit: emit, outcome: &outcome)
            } else if let sorter, let ranged = input as? any RangedByteInput,
                let partitioned = parser as? any PartitionedParser
            {
                try readPlanned(item, input: ranged, parser: partitioned, into: sorter, outcome: &outcome)
            } else {
                try read(item, input: input, parser: parser, emit: emit, outcome: &outcome)
            }
            outcomes.append(outcome)
        }
        return outcomes
    }

    /// How `item` is read: its declarations (zone, date order, platform), else the options'.
    func context(for item: TimelineItem, defaultZone: DeclaredZone?) throws(SanadError) -> ParseContext {
        var context = ParseContext(
            exhibit: item.exhibit, fileName: item.originalName.map { ($0 as NSString).lastPathComponent },
            fileModified: item.fileModified, platform: item.platform,
            dateOrder: dateOrder(for: item).order,
            attachmentExhibits: item.attachmentExhibits)
        context.dateOrderDeclared = dateOrder(for: item).declared
        if let tz = item.timezone {
            context.zone = try DeclaredZone(name: tz, basis: item.timezoneAmended ? .amended : .declaredAtIngest)
        } else {
            context.zone = defaultZone
        }
        return context
    }

    /// `--date-order E0001=…` for the exhibit (or its zip), else the order declared at ingest,
    /// else `--date-order` for all.
    func dateOrder(for item: TimelineItem) -> (order: DateOrder?, declared: Bool) {
        if let given = options.dateOrderByExhibit[item.exhibit]
            ?? item.parent.flatMap({ options.dateOrderByExhibit[$0] })
        {
            return (given, false)
        }
        if let declared = item.dateOrder { return (declared, true) }
        return (options.dateOrder, false)
    }

    private func read(
        _ item: TimelineItem, input: any ByteInput, parser: any TimelineParser,
        emit sink: (SortKey, TimelineEvent, [UInt8]) throws(SanadError) -> Void,
        outcome: inout ItemOutcome
    ) throws(SanadError) {
        var keyer = EventKeyer(filter: options.filter, ordinal: Int64(item.ordinal), itemSHA256: item.sha256)
        do {
            try EventPipe.run(parse: { (each: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) in
                try parser.parse(input, each)
            }) { (e: TimelineEvent) throws(SanadError) in
                try keyer.take(e, sink)
            }
            try keyer.finish(next: nil, sink)
        } catch {
            throw Self.located(error, item)
        }
        try Self.record(keyer, into: &outcome, item)
    }

    /// An error of reading an item, named after it, with the hint for a date order to give.
    static func located(_ error: SanadError, _ item: TimelineItem) -> SanadError {
        let message = error.message.hasPrefix(item.exhibit + ":") ? error.message : "\(item.exhibit): \(error.message)"
        if error.code == .dateOrderAmbiguous {
            return SanadError(
                .dateOrderAmbiguous, message,
                hint: "Give the order for this exhibit, e.g. --date-order \(item.exhibit)=dmy (or mdy, ymd).")
        }
        return SanadError(error.code, message, hint: error.hint)
    }

    /// Adds what a keyer counted to the item's outcome; fails when the bytes read were not the
    /// ones the case recorded.
    static func record(_ keyer: EventKeyer, into outcome: inout ItemOutcome, _ item: TimelineItem) throws(SanadError) {
        outcome.events += keyer.events
        outcome.unparsed += keyer.unparsed
        outcome.floating += keyer.floating
        outcome.kept += keyer.kept
        outcome.undecided += keyer.undecided
        if outcome.firstUndecidedLine == nil { outcome.firstUndecidedLine = keyer.firstUndecidedLine }
        if let d = keyer.disprovedOrder {
            outcome.disprovedOrder = d
            outcome.provenOrder = keyer.provenOrder
        }
        if let mismatch = keyer.mismatch {
            throw SanadError(
                .evidenceMismatch,
                "\(item.exhibit): the bytes read have SHA-256 \(mismatch), not \(item.sha256) as recorded",
                hint: "The stored evidence changed; run 'sanad log --verify' or 'sanad verify'.")
        }
    }

    /// `2022-03-18T11:56:00.000Z` (as events write it) → milliseconds since 1970.
    static func epochMilliseconds(_ s: String) -> Int64? {
        var s = s
        return s.withUTF8 { b -> Int64? in
            guard b.count == 24, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A, b[19] == 0x2E,
                b[23] == 0x5A
            else { return nil }
            func num(_ from: Int, _ to: Int) -> Int? {
                var v = 0
                for i in from..<to {
                    let d = Int(b[i]) - 48
                    guard (0...9).contains(d) else { return nil }
                    v = v * 10 + d
                }
                return v
            }
            guard let y = num(0, 4), let mo = num(5, 7), let d = num(8, 10), let h = num(11, 13), let mi = num(14, 16),
                let sec = num(17, 19), let ms = num(20, 23), (1...12).contains(mo)
            else { return nil }
            let days = Int64(RFC3339.daysFromCivil(y, mo, d))
            return (days * 86_400 + Int64(h * 3600 + mi * 60 + sec)) * 1000 + Int64(ms)
        }
    }

    /// The first `count` bytes of an input (fewer for a shorter one), without reading the rest.
    static func prefix(of input: any ByteInput, count: Int) throws(SanadError) -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            try input.forEachChunk { (chunk: UnsafeRawBufferPointer) throws(SanadError) in
                bytes += chunk.prefix(count - bytes.count)
                if bytes.count >= count { throw StopReading.error }
            }
        } catch {
            guard error.code == .stopped else { throw error }
        }
        return bytes
    }
}

/// Ends a `forEachChunk` early: the only way out of the loop is to throw.
enum StopReading {
    static let error = SanadError(.stopped, "stop reading: prefix complete (not an error)")
}
