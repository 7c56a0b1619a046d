import ArgumentParser
import Foundation
import SanadIngest
import SanadIO
import SanadModel
import SanadWorkspace

struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Copy evidence files into the case, hash them and record their custody.",
        discussion:
            "Folders are added recursively. Each file is copied and hashed in one pass; originals are never modified.")

    @OptionGroup var location: WorkspaceOptions

    @Argument(help: "Files or folders to add.")
    var paths: [String] = []

    @Option(name: .long, help: "A YAML or JSON intake manifest with per-file metadata.")
    var manifest: String?

    @OptionGroup var declared: DeclarationOptions

    @Flag(name: .long, help: "Mark the files as sensitive (e.g. intimate images).")
    var sensitive = false

    @Option(name: .long, help: "Extra digests besides SHA-256: sha512, sha1, md5 (comma-separated).")
    var digest: String?

    @Option(name: .long, help: "Who runs this command (default: the collector).")
    var actor: String?

    @OptionGroup(title: "Signing") var signing: EntryKeyOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if paths.isEmpty && manifest == nil { throw ValidationError("Give at least one PATH, or --manifest FILE.") }
    }

    func run() throws {
        let console = Console(quiet: output.quiet)
        try console.guarded {
            let fields = try declared.fields(sensitive: sensitive ? true : nil)
            let algorithms = try digest.map { s throws(SanadError) in try DigestAlgorithm.parseList(s) } ?? [.sha256]
            let ws = try WorkspaceAccess.open(location)
            let request = IngestRequest(
                paths: paths, fields: fields,
                manifest: try manifest.map { m throws(SanadError) in try IntakeManifest.load(path: m) },
                algorithms: algorithms, actor: actor)
            InterruptNote.set(
                "files committed before the interruption stay in the case ('sanad log' lists them); the rest were "
                    + "not added")
            let ingestor = Ingestor(workspace: ws)
            ingestor.signer = try signing.signer(ws)
            let started = Date()
            ingestor.progress = { p in
                console.progress(
                    ProgressMeter.line(
                        "adding \(p.filesDone)/\(p.filesTotal) files", (p.bytesDone, p.bytesTotal),
                        seconds: Date().timeIntervalSince(started)))
            }
            let summary = try ingestor.run(request)
            console.endProgress()
            report(summary, console)
            if summary.hadMalformedInput { throw ExitCode(ExitCodes.malformedInput) }
        }
    }

    private func report(_ s: IngestSummary, _ console: Console) {
        for w in s.warnings { console.warning(w) }
        for o in s.outcomes { for w in o.warnings { console.warning("\(o.id): \(w)") } }
        if output.json {
            console.json([
                "items": .array(s.outcomes.map(\.json)), "custody_head": .string(s.custodyHead),
                "warnings": .array(s.warnings.map { .string($0) }),
            ])
            return
        }
        for o in s.outcomes {
            var what = o.type.label
            if let m = o.memberCount { what += ", \(m) members" }
            let status: String =
                switch o.status {
                case .added: "added"
                case .duplicate: "duplicate of \(o.duplicateOf ?? "?")"
                case .alreadyPresent: "already in the case"
                }
            let name = Console.printable((o.sourcePath as NSString).lastPathComponent)
            console.out("\(o.id)  \(status)  \(name)  (\(what), sha256 \(o.sha256.prefix(16))…)")
        }
        let added = s.outcomes.filter { $0.status != .alreadyPresent }.count
        console.note("\(added) new item(s) recorded; custody head \(s.custodyHead.prefix(16))…")
    }
}
