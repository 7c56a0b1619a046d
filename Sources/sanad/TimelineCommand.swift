import ArgumentParser
import Foundation
import SanadExtract
import SanadIO
import SanadModel
import SanadTimeline
import SanadWorkspace

struct TimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract:
            "One merged, sorted timeline of every chat export and photo in a case, each line traced to its bytes.",
        discussion: """
            Reads the workspace (default), or a sealed archive or unpacked bag given as ARCHIVE, which must verify \
            first and is read without unpacking. Every event names its exhibit, its number in that exhibit's file \
            (E0001#120: 1, 2, 3… in file order, whatever the filters keep) and the exact byte range it was read \
            from (docs/TIMELINE.md). Times are UTC when the zone is known; a local time with no known zone is kept \
            floating, listed after the timed events and never converted silently. An archive inside an envelope \
            (.p7m) is opened with a recipient's --key and --cert, as it is read, never to disk.
            """)

    @Argument(help: "A sealed archive (zip or tar) or an unpacked bag; without it, the workspace.")
    var archive: String?

    @OptionGroup var location: WorkspaceOptions

    @Option(name: .long, help: "table, csv, json, jsonl or html. Default: as -o is named (.html, .csv, …), else table.")
    var format: String?

    @Option(
        name: [.short, .long], help: "Write to this file (created complete or not at all) instead of standard output.")
    var out: String?

    @Option(
        name: .long,
        help:
            "Only events at or after this time (RFC 3339, or a date YYYY-MM-DD; without an offset, read in --timezone)."
    )
    var from: String?

    @Option(name: .long, help: "Only events before this time (same forms as --from).")
    var to: String?

    @Option(
        name: .long,
        help: "Only events by, or in conversations with, someone whose name, number or id contains this; repeatable.")
    var participant: [String] = []

    @Option(name: .long, help: "Only events from this platform (\(Platform.allNames)); repeatable.")
    var platform: [String] = []

    @Option(name: .long, help: "Only events whose text or attachment names contain this (ignoring case); repeatable.")
    var contains: [String] = []

    @OptionGroup var zone: ZoneOptions

    @Option(name: .long, help: "Only this exhibit (e.g. E0003); repeatable.")
    var exhibit: [String] = []

    @Flag(name: .customLong("no-bom"), help: "CSV without the UTF-8 byte order mark (Excel needs it to read Arabic).")
    var noBOM = false

    @Flag(
        name: .customLong("include-container"),
        help: "Also list the structure of JSON, HTML and XML exports (bytes that are no message).")
    var includeContainer = false

    @OptionGroup var trust: TrustOptions

    @OptionGroup var strictness: StrictOption

    @Flag(name: .long, help: "Replace the -o file if it exists (without it, an existing file is an error).")
    var force = false

    @Flag(
        name: .long,
        help: "Show times as the phone showed them, with their UTC offset, instead of in UTC (table and html).")
    var local = false

    @OptionGroup(title: "Sensitive items") var reveal: RevealOptions

    @OptionGroup var output: OutputOptions

    func run() throws {
        let console = Console(quiet: output.quiet)
        try console.guarded {
            if let out {
                InterruptNote.set("no timeline file was written")
                Leftovers.clean(out, console)
            }
            let fmt = try outputFormat()
            var options = try builderOptions()
            options.revealSensitive = reveal.revealSensitive
            let (source, tempDir, cleanup) = try openSource(console)
            defer { if let cleanup { rmdir(cleanup) } }
            try narrow(&options, to: source, console: console)
            let sorter = EventSorter(tempDir: tempDir)
            let outcomes = try TimelineBuilder(options).build(source, into: sorter) { console.progress($0) }
            console.endProgress()
            let header = TimelineHeader(
                source: source.description, generatedAt: Timestamp.utc(Date()), filter: options.filter,
                defaultZone: zone.timezone, items: outcomes, eventCount: sorter.count)
            // Recorded before a byte is written: a reveal that cannot be logged shows nothing.
            let revealed = outcomes.filter(\.revealed)
            try reveal.record(
                ViewRecorder.View(
                    shown: revealed.filter { $0.kept > 0 }.map(\.exhibit), read: revealed.map(\.exhibit),
                    command: "timeline", format: fmt.rawValue, output: RevealOptions.outputName(out),
                    custodyHead: source.description.custodyHead),
                workspace: (source as? WorkspaceItems)?.workspace, console: console)
            let sink =
                try out.map { (path: String) throws(SanadError) in try OutputSink(path: path, replacing: force) }
                ?? OutputSink()
            var renderer = fmt.renderer(csvBOM: !noBOM, local: local)
            try renderer.begin(header, sink)
            try sorter.drain { (_: SortKey, line: UnsafeRawBufferPointer) throws(SanadError) in
                try renderer.event(line, sink)
            }
            try renderer.end(sink)
            try sink.commit()
            Self.report(outcomes, header: header, console: console)
            if let sealed = source as? ArchiveItems, !sealed.verification.withheld.isEmpty {
                let ids = sealed.verification.withheld.map(\.id).joined(separator: ", ")
                console.note("\(ids): withheld by the sealer; the archive holds only their digests, so no events")
            }
            if let sealed = source as? ArchiveItems, let enveloped = sealed.verification.envelopes?.items,
                !enveloped.isEmpty
            {
                let ids = enveloped.map(\.id).joined(separator: ", ")
                console.note("\(ids): sealed in envelopes for their recipients; not opened, so no events")
            }
        }
    }

    /// `--format`; else the format `-o`'s name asks for; else JSON for `--json`, a table otherwise.
    /// An existing `-o` file is refused before any work, unless `--force`.
    private func outputFormat() throws(SanadError) -> TimelineFormat {
        if let out, !force, FileManager.default.fileExists(atPath: out) {
            throw SanadError(
                .usage, "\(out) already exists", hint: "Give --force to replace it, or choose another name.")
        }
        return try OutputNaming.timelineFormat(format, out: out, json: output.json)
    }

    /// The zone, date orders, exhibits and filter the options ask for.
    private func builderOptions() throws(SanadError) -> TimelineBuilder.Options {
        var options = TimelineBuilder.Options()
        try zone.apply(to: &options)
        options.exhibits = Set(exhibit.map { $0.uppercased() })
        var filter = TimelineFilter()
        filter.participants = participant
        filter.contains = contains
        filter.includeContainer = includeContainer
        filter.platforms = try ZoneOptions.platforms(platform)
        options.filter = filter
        return options
    }

    /// `--from`/`--to` (read against the case's zones) and `--exhibit`, checked against the
    /// source: an exhibit that is not there is an error, not an empty timeline.
    private func narrow(
        _ options: inout TimelineBuilder.Options, to source: any ItemSource, console: Console
    ) throws(SanadError) {
        let window = try TimeWindow(from: from, to: to, zone: zone.timezone, items: source.items)
        options.filter.from = window.from
        options.filter.to = window.to
        if let note = window.note { console.note(note) }
        for p in participant where TextFolding.phoneDigits(p) != nil {
            let t = p.trimmingCharacters(in: .whitespaces)
            if !t.hasPrefix("+"), !t.hasPrefix("00") {
                console.warning(
                    "--participant \(p) has no country code: it matches this national number in every country; "
                        + "write it with + and the country code to keep one")
            }
        }
        let known = Set(source.items.map(\.exhibit))
        if let missing = options.exhibits.sorted().first(where: { !known.contains($0) }) {
            throw SanadError(
                .usage, "\(missing) is not an exhibit of \(source.description.path)",
                hint: "The exhibits are \(known.sorted().prefix(12).joined(separator: ", "))"
                    + (known.count > 12 ? ", …" : "") + "; 'sanad items' lists them in a workspace.")
        }
    }

    /// The archive (verified first) or the workspace, the folder for sort runs, and the folder
    /// to remove afterwards.
    private func openSource(_ console: Console) throws(SanadError) -> (any ItemSource, String, String?) {
        guard let archive else {
            let ws = try WorkspaceAccess.open(location)
            return (try WorkspaceItems(ws), ws.tmpDir, nil)
        }
        var verify = try trust.make()
        // An archive signs nothing: its --key and --cert are a recipient's, to open envelopes.
        if let key = reveal.signing.key {
            verify.envelopeKey = try RecipientKeyOptions.load(
                key: key, cert: reveal.signing.cert ?? EntryKeyOptions.defaultCertificate(key),
                passphraseFile: reveal.signing.passphrase.passphraseFile)
        }
        console.progress("verifying \(archive)…")
        let items = try ArchiveItems(path: archive, verify: verify, strict: strictness.strict)
        console.endProgress()
        for w in items.verification.report.warnings { console.warning("\(w.name): \(w.detail)") }
        let tempDir = try Self.privateTempDir()
        return (items, tempDir, tempDir)
    }

    /// The notes on stderr: how many events from how many exhibits, and what could not be read.
    private static func report(_ outcomes: [TimelineBuilder.ItemOutcome], header: TimelineHeader, console: Console) {
        let read = outcomes.filter { $0.status == .read }
        console.note(
            "\(header.eventCount) event(s) from \(read.count) exhibit(s); \(outcomes.count - read.count) "
                + "item(s) hold no chat export or photo a parser recognises"
        )
        for o in read where o.unparsed > 0 {
            console.note(
                "\(o.exhibit): \(o.unparsed) stretch(es) could not be read and are listed as unparsed, with "
                    + "their bytes"
            )
        }
        for o in read { if let w = o.warning { console.warning(w) } }
        if let note = header.zoneNote { console.warning(note) }
        if header.filter.isTimeBounded, header.floating > 0 {
            console.warning("--from/--to leave out every event whose zone is unknown: their times are not instants")
        }
    }

    /// A folder only this user can read, for sort runs when there is no workspace `tmp/`.
    static func privateTempDir() throws(SanadError) -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        var template = Array("\(base)/sanad-timeline-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw SystemError.make(errno, "create a private folder in \(base)")
        }
        return String(cString: template)
    }
}
