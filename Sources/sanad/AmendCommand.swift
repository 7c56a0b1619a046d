import ArgumentParser
import Foundation
import SanadIngest
import SanadModel
import SanadWorkspace

struct AmendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amend",
        abstract: "Correct what was declared about an exhibit (or the case's defaults), keeping the original.",
        discussion: """
            Appends an 'amended' custody entry with the new values, the values they replace, who made the \
            change and why. The item record and the original 'collected' entry are never changed: the log \
            keeps both, and every reader (items, timeline, search, sealed archives) shows the amended value \
            and its author. Use --case to change the defaults that 'add' records for later items.
            """)

    @OptionGroup var location: WorkspaceOptions

    @Argument(help: "The exhibit to correct, e.g. E0003 (omit with --case).")
    var exhibit: String?

    @Flag(name: .customLong("case"), help: "Amend the case's defaults (time zone, locale, date order) instead.")
    var amendCase = false

    @Option(name: .long, help: "Why: recorded in the custody log (required).")
    var reason: String

    @OptionGroup var declared: DeclarationOptions

    @Option(name: .long, help: "Mark it sensitive (true) or not (false).")
    var sensitive: Bool?

    @Option(name: .long, help: "Who makes the correction (default: this computer's user account).")
    var actor: String?

    @OptionGroup(title: "Signing") var signing: EntryKeyOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if amendCase == (exhibit != nil) { throw ValidationError("Give an EXHIBIT, or --case, but not both.") }
    }

    func run() throws {
        let console = Console(quiet: output.quiet)
        try console.guarded {
            let fields = try declared.fields(sensitive: sensitive)
            let ws = try WorkspaceAccess.open(location)
            let who = actor ?? AccountName.current()
            let item = exhibit?.uppercased()
            var amender = Amender(workspace: ws)
            amender.signer = try signing.signer(ws)
            let a = try amender.amend(item: item, with: fields, reason: reason, actor: who)
            if output.json {
                console.json([
                    "item": .optional(a.item), "seq": .int(a.seq), "time": .string(a.time), "actor": .string(a.actor),
                    "changes": .object(a.changes), "previous": .object(a.previous), "reason": .string(a.reason),
                ])
                return
            }
            for field in a.changes.keys.sorted() {
                console.out(
                    "\(a.item ?? "case")  \(field): \(Self.show(a.previous[field])) → \(Self.show(a.changes[field]))")
            }
            console.note("recorded as custody entry \(a.seq) by \(a.actor); the original declaration stays in the log")
            if actor == nil { console.note("give --actor NAME to record a person rather than this computer's account") }
        }
    }

    static func show(_ v: JSONValue?) -> String {
        guard let v, v != .null else { return "(none)" }
        if let s = v.stringValue { return s }
        if let s = v["as_written"]?.stringValue { return s }
        return String(decoding: CanonicalJSON.encode(v), as: UTF8.self)
    }
}
