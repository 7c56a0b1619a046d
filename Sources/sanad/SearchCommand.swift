import ArgumentParser
import Foundation
import SanadExtract
import SanadModel
import SanadSearch
import SanadTimeline
import SanadWorkspace

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Full-text search over every event of the case's timeline, Arabic included.",
        discussion: """
            Words must all match, in any order; "quoted words" match as a phrase; word* matches a prefix. \
            Arabic matches whatever the harakat, tatweel, alef or yaa forms, and Arabic-Indic digits match \
            ASCII ones. The index (index/search.sqlite in the workspace) is derived data: it is rebuilt \
            from the evidence whenever the case, Sanad or the options below change, and is never evidence \
            itself (docs/TIMELINE.md §9).
            """)

    @Argument(help: "What to search for.")
    var query: [String]

    @OptionGroup var location: WorkspaceOptions

    @Option(name: .long, help: "Only events from this platform; repeatable.")
    var platform: [String] = []

    @Option(
        name: .long, help: "Only events of this kind (message, media, system, call, deleted, edited, …); repeatable.")
    var kind: [String] = []

    @Option(name: .long, help: "Only events of this exhibit (e.g. E0003); repeatable.")
    var exhibit: [String] = []

    @Option(
        name: .long,
        help: "Only events at or after this time: RFC 3339, or a date YYYY-MM-DD read in --timezone or the case's zone."
    )
    var from: String?

    @Option(name: .long, help: "Only events before this time (same forms as --from).")
    var to: String?

    @Option(name: .long, help: "How many hits to show.")
    var limit: Int = 20

    @Option(name: .long, help: "Skip this many hits first (for the next page).")
    var offset: Int = 0

    @OptionGroup var zone: ZoneOptions

    @Flag(name: .long, help: "Show times as the phone showed them, with their UTC offset, instead of in UTC.")
    var local = false

    @Flag(name: .long, help: "Rebuild the index even if it is current.")
    var rebuild = false

    @OptionGroup(title: "Sensitive items") var reveal: RevealOptions

    @OptionGroup var output: OutputOptions

    func run() throws {
        let console = Console(quiet: output.quiet)
        try console.guarded {
            let text = query.joined(separator: " ")
            let searchQuery = try SearchQuery(text)
            guard limit >= 1, offset >= 0 else {
                throw SanadError(.usage, "--limit must be at least 1 and --offset at least 0")
            }
            let ws = try WorkspaceAccess.open(location)
            let items = try WorkspaceItems(ws)
            let filter = try searchFilter(items, console: console)
            var options = TimelineBuilder.Options()
            try zone.apply(to: &options)
            options.filter.includeContainer = false
            options.revealSensitive = reveal.revealSensitive
            let (index, rebuilt) = try openIndex(ws, items, options, console: console)
            let hits = try index.search(searchQuery, filter: filter, limit: limit, offset: offset)
            let total = try index.count(searchQuery, filter: filter)
            try recordReveal(text, hits: hits, items: items, filter: filter, console: console)
            if output.json {
                try printJSON(text, index: index, rebuilt: rebuilt, hits: hits, total: total, console: console)
                return
            }
            try printHits(hits, console: console)
            console.note(
                "\(total) event(s) match; \(hits.count) shown\(rebuilt ? " (index rebuilt from the case)" : "")")
        }
    }

    /// The platform, kind, exhibit and time filters.
    private func searchFilter(_ items: WorkspaceItems, console: Console) throws(SanadError) -> SearchFilter {
        let known = Set(items.items.map(\.exhibit))
        let exhibits = Set(exhibit.map { $0.uppercased() })
        if let missing = exhibits.sorted().first(where: { !known.contains($0) }) {
            throw SanadError(.usage, "\(missing) is not an exhibit of this case", hint: "'sanad items' lists them.")
        }
        var filter = SearchFilter(exhibits: exhibits)
        filter.platforms = try ZoneOptions.platforms(platform)
        for k in kind {
            guard let value = EventKind(rawValue: k.lowercased()) else {
                throw SanadError(
                    .usage, "unknown kind '\(k)'",
                    hint: "Use one of \(EventKind.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            filter.kinds.insert(value)
        }
        let window = try TimeWindow(from: from, to: to, zone: zone.timezone, items: items.items)
        if let note = window.note { console.note(note) }
        try filter.setTimeRange(
            since: window.from.map { Timestamp.utc(epochMilliseconds: $0) },
            until: window.to.map { Timestamp.utc(epochMilliseconds: $0) })
        return filter
    }

    /// With --reveal-sensitive, a `viewed` entry naming the sensitive items among the hits shown
    /// (and every sensitive item searched), written before the hits are printed.
    private func recordReveal(
        _ text: String, hits: [SearchHit], items: WorkspaceItems, filter: SearchFilter, console: Console
    ) throws {
        let sensitive = items.items.filter {
            $0.sensitiveReason != nil && (filter.exhibits.isEmpty || filter.exhibits.contains($0.exhibit))
        }.map(\.exhibit)
        var shown: [String] = []
        for h in hits {
            if let e = try h.event()["source"]?["exhibit"]?.stringValue, sensitive.contains(e), !shown.contains(e) {
                shown.append(e)
            }
        }
        try reveal.record(
            ViewRecorder.View(
                shown: shown.sorted(), read: sensitive, command: "search", format: output.json ? "json" : "text",
                output: "stdout", query: text, custodyHead: items.description.custodyHead),
            workspace: items.workspace, console: console)
    }

    /// The case's index, rebuilt first when asked or when the case or the options changed. With
    /// --reveal-sensitive, an index of the content of sensitive items too, built in memory and
    /// never stored: the stored index never holds what a placeholder hides.
    private func openIndex(
        _ ws: Workspace, _ items: WorkspaceItems, _ options: TimelineBuilder.Options, console: Console
    ) throws(SanadError) -> (SearchIndex, Bool) {
        if options.revealSensitive, items.items.contains(where: { $0.sensitiveReason != nil }) {
            let memory = SearchIndexCipher.memory()
            let path = "\(ws.root)/index/revealed-in-memory"
            console.progress("indexing the case's timeline, sensitive items included, in memory…")
            try SearchIndex.rebuild(at: path, builtFrom: "in-memory", cipher: memory) {
                (builder: SearchIndexBuilder) throws(SanadError) in try Self.fill(builder, items, options, console)
            }
            console.endProgress()
            return (try SearchIndex(path: path, cipher: memory), true)
        }
        let store = CaseStore(ws)
        // An encrypted workspace's index is built and searched in memory; only its encrypted
        // image is stored (docs/WORKSPACE.md §7.4).
        let cipher: SearchIndexCipher? =
            ws.isEncrypted
            ? SearchIndexCipher(
                write: { (image, path) throws(SanadError) in try store.writeSealed(image, to: path) },
                read: { (path) throws(SanadError) in try store.readSealed(path) }) : nil
        let path = "\(ws.root)/index/search.sqlite" + (ws.isEncrypted ? ".age" : "")
        let builtFrom = Self.identity(head: items.description.custodyHead ?? "", options: options)
        var existing: SearchIndex?
        let status: SearchIndexStatus
        if let cipher {
            existing = try? SearchIndex(path: path, cipher: cipher)
            status = existing.map { SearchIndex.status(of: $0.info, builtFrom: builtFrom) } ?? .missing
        } else {
            status = SearchIndex.status(at: path, builtFrom: builtFrom)
        }
        var rebuilt = false
        if rebuild || !status.isCurrent {
            existing = nil
            console.progress("indexing the case's timeline…")
            try SearchIndex.rebuild(at: path, builtFrom: builtFrom, cipher: cipher) {
                (builder: SearchIndexBuilder) throws(SanadError) in try Self.fill(builder, items, options, console)
            }
            console.endProgress()
            rebuilt = true
        }
        let index: SearchIndex
        if let existing { index = existing } else { index = try SearchIndex(path: path, cipher: cipher) }
        for w in index.info.warnings { console.warning(w) }
        return (index, rebuilt)
    }

    /// Every event of the case's timeline into the index being built, with the readers' warnings.
    private static func fill(
        _ builder: SearchIndexBuilder, _ items: WorkspaceItems, _ options: TimelineBuilder.Options, _ console: Console
    ) throws(SanadError) {
        let outcomes = try TimelineBuilder(options).build(items, progress: { console.progress($0) }) {
            (_: SortKey, event: TimelineEvent, line: [UInt8]) throws(SanadError) in
            try builder.add(event, jsonLine: line)
        }
        builder.warnings = outcomes.compactMap(\.warning)
    }

    private func printJSON(
        _ text: String, index: SearchIndex, rebuilt: Bool, hits: [SearchHit], total: Int, console: Console
    ) throws(SanadError) {
        var hitValues: [JSONValue] = []
        for h in hits {
            hitValues.append([
                "rank": .int(Int64(h.rank)), "score": .double(h.score),
                "snippet": .array(
                    h.snippet.segments.map { ["text": .string($0.text), "match": .bool($0.isMatch)] }),
                "event": try h.event(),
            ])
        }
        console.json([
            "v": 1, "query": .string(text),
            "index": [
                "schema_version": .int(Int64(index.info.schemaVersion)),
                "tool_version": .string(index.info.toolVersion),
                "built_from": .string(index.info.builtFrom), "events": .int(index.info.eventCount),
                "rebuilt": .bool(rebuilt), "warnings": .array(index.info.warnings.map { .string($0) }),
            ],
            "total": .int(Int64(total)), "offset": .int(Int64(offset)), "limit": .int(Int64(limit)),
            "hits": .array(hitValues),
        ])
    }

    private func printHits(_ hits: [SearchHit], console: Console) throws(SanadError) {
        let bold = isatty(1) == 1
        for h in hits {
            let e = try h.event()
            let view = EventView(json: e)
            let time = view.timeText(local: local)
            let who = e["sender"]?["name"]?.stringValue.map { $0 + ": " } ?? ""
            let src = e["source"]
            let ref = "\(view.eventRef) @\(src?["offset"]?.intValue ?? 0)+\(src?["length"]?.intValue ?? 0)"
            let snippet = h.snippet.rendered(open: bold ? "\u{1B}[1m" : "[", close: bold ? "\u{1B}[0m" : "]")
                .replacingOccurrences(of: "\n", with: " ⏎ ")
            console.out("\(h.rank). \(time)  \(e["platform"]?.stringValue ?? "")  \(ref)")
            if !view.basisText.isEmpty { console.out("    time: \(view.basisText)") }
            console.out("    \(who)\(snippet)")
        }
    }

    /// What the index's events depend on: the case's state, the options that change events,
    /// and the parsers that read them.
    static func identity(head: String, options: TimelineBuilder.Options) -> String {
        let orders = options.dateOrderByExhibit.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.rawValue)" }
        let parsers = ParserRegistry.parsers.map { "\($0.name)/\($0.version)" }.joined(separator: ",")
        return "custody:\(head);timezone:\(options.defaultZone ?? "-");date-order:\(options.dateOrder?.rawValue ?? "-")"
            + (orders.isEmpty ? "" : "," + orders.joined(separator: ",")) + ";parsers:\(parsers)"
            // Indexes built before sensitive items were withheld hold their text: never current.
            + ";sensitive:placeholders"
            // Indexes built before events were numbered store lines without `source.event`.
            + ";events:numbered"
    }
}
