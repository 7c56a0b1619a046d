import ArgumentParser
import Foundation
import SanadExtract
import SanadFormat
import SanadModel
import SanadWorkspace

/// `sanad disclose`: an excerpt of a sealed archive (docs/FORMAT.md §10).
struct DiscloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disclose",
        abstract: "Cut an excerpt from a sealed archive: chosen messages with proof they are exact parts of it.",
        discussion: """
            The archive must verify. Each chosen event's exact bytes go into the excerpt with a \
            Merkle inclusion proof against the commitment the seal signed; everything else stays \
            out (only counts, positions and lengths of withheld stretches show). Check an excerpt \
            with 'sanad verify EXCERPT.zip', or with the verify_excerpt.py it carries.

            Run on an archive this workspace sealed (--workspace, or from inside it), the excerpt \
            is recorded as a 'disclosed' custody entry: what, to whom (--recipient), why (--reason).

            Exit status: 0 written; 1 the archive does not verify, or a commitment does not match \
            its bytes; 2 the archive is malformed or unreadable; 3 --workspace is not a workspace; \
            4 the workspace is locked; 5 an I/O error or a full disk; 64 a bad option, an event \
            past the end, an exhibit with no commitment, nothing selected, or an existing --out.
            """)

    @Argument(help: "The sealed archive (zip, tar or bag folder).")
    var archive: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Events by number, as 'sanad timeline' shows them: E0001:120-135,140 (repeatable).",
            valueName: "exhibit:numbers"))
    var events: [String] = []

    @Option(name: .long, help: "Events whose text or attachment names contain this (ignoring case); repeatable.")
    var search: [String] = []

    @Option(name: .long, help: "Events by this sender or in conversations with this person; repeatable.")
    var participant: [String] = []

    @Option(name: .long, help: "With --search/--participant: only events at or after this time.")
    var from: String?

    @Option(name: .long, help: "With --search/--participant: only events before this time.")
    var to: String?

    @Option(name: .long, help: "With --search/--participant/--from/--to: only this exhibit (repeatable).")
    var exhibit: [String] = []

    @Option(name: .customLong("item"), help: "A whole item by its manifest line (a photo); repeatable.")
    var items: [String] = []

    @Option(name: .long, help: "Who the excerpt is for (written into it, not signed).")
    var recipient: String?

    @Option(name: .long, help: "Why it is disclosed (written into it, not signed).")
    var reason: String?

    @Option(name: .long, help: "Where to write the excerpt (.zip).")
    var out: String

    @Option(name: .long, help: "The excerpt's time (RFC 3339), for reproducible output. Default: now.")
    var time: String?

    @OptionGroup var trust: TrustOptions

    @OptionGroup var location: WorkspaceOptions

    @Option(name: .long, help: "Who discloses, for the custody entry (default: this computer's user account).")
    var actor: String?

    @OptionGroup(title: "Signing the 'disclosed' entry") var signing: EntryKeyOptions

    @OptionGroup var output: OutputOptions

    func run() throws {
        let console = Console(quiet: output.quiet)
        try console.guarded {
            let when = try TimeOption.parse(time)
            var request = ExcerptRequest(
                archivePath: archive, outputPath: out, verify: try trust.make(), createdAt: when)
            for e in events {
                let (exhibit, ranges) = try ExcerptRequest.parseEvents(e)
                request.events[exhibit, default: []] += ranges
            }
            if !search.isEmpty || !participant.isEmpty || from != nil || to != nil {
                var filter = TimelineFilter()
                filter.contains = search
                filter.participants = participant
                let window = try TimeWindow(from: from, to: to, zone: nil, items: [])
                filter.from = window.from
                filter.to = window.to
                request.filter = filter
                request.exhibits = Set(exhibit.map { $0.uppercased() })
            }
            request.items = items.map { $0.uppercased() }
            request.recipient = recipient
            request.reason = reason
            console.progress("verifying \(archive)…")
            let result = try Discloser().disclose(request)
            try record(result, request: request, console: console)
            if output.json {
                console.json(result.json)
            } else {
                console.out(result.sha256)
                for e in result.exhibits {
                    console.note(
                        "\(e.exhibit): disclosed \(e.disclosed.count) of \(e.events) events "
                            + "(\(Self.describe(e.disclosed)))")
                }
                if !result.items.isEmpty { console.note("whole items: \(result.items.joined(separator: ", "))") }
                console.note("wrote \(out) (\(result.size) bytes); check it with 'sanad verify \(out)'")
            }
        }
    }

    /// `120–131, 140`.
    static func describe(_ indices: [Int]) -> String {
        ExcerptDisclosure.runs(indices).map { $0[0] == $0[1] ? "\($0[0])" : "\($0[0])–\($0[1])" }
            .joined(separator: ", ")
    }

    /// When the archive is one this workspace sealed (the one `--workspace` names, or the one the
    /// current folder is in), the excerpt is recorded in its custody log as `disclosed`. If it
    /// cannot be, the excerpt is removed: a disclosure of the case's own archive is never unlogged.
    private func record(_ result: ExcerptResult, request: ExcerptRequest, console: Console) throws {
        let ws: Workspace
        do {
            ws = try WorkspaceAccess.open(location)
        } catch {
            guard location.workspace == nil, error.code == .notAWorkspace else { throw error }
            return console.note("not in a workspace: the disclosure is not recorded in any custody log")
        }
        var recorder = DisclosureRecorder(workspace: ws)
        do {
            guard try recorder.sealed(archiveSHA256: result.archiveSHA256) else {
                return console.note("\(archive) was not sealed by this workspace: nothing was logged")
            }
            recorder.signer = try signing.signer(ws)
            let entry = try recorder.record(result, request: request, actor: actor ?? AccountName.current())
            console.note("recorded as custody entry \(entry.seq) ('disclosed') by \(entry.actor)")
        } catch let error as SanadError {
            unlink(request.outputPath)
            throw SanadError(
                error.code, "the excerpt could not be recorded in the custody log, so it was removed: \(error.message)",
                hint: error.hint)
        } catch {
            unlink(request.outputPath)
            throw error
        }
    }
}
