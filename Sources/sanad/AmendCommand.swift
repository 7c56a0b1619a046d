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

    @Option(name: .customLong("collected-by"), help: "Who collected it.")
    var collectedBy: String?

    @Option(name: .customLong("collected-at"), help: "When it was collected (RFC 3339 with an offset).")
    var collectedAt: String?

    @Option(name: .long, help: "How it was collected.")
    var method: String?

    @Option(name: .customLong("source-platform"), help: "Where it came from: \(Platform.allNames).")
    var sourcePlatform: String?

    @Option(name: .long, help: "The account it came from.")
    var account: String?

    @Option(name: .long, help: "The URL it came from.")
    var url: String?

    @Option(name: .long, help: "The IANA time zone of the device, e.g. Asia/Baghdad.")
    var timezone: String?

    @Option(name: .long, help: "The device's region format, e.g. ar-IQ (sets the date order).")
    var locale: String?

    @Option(name: .customLong("date-order"), help: "The order of its dates: dmy, mdy or ymd.")
    var dateOrder: String?

    @Option(name: .long, help: "Mark it sensitive (true) or not (false).")
    var sensitive: Bool?

    @Option(name: .long, help: "A note.")
    var note: String?

    @Option(name: .long, help: "Who makes the correction (default: this computer's user account).")
    var actor: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if amendCase == (exhibit != nil) { throw ValidationError("Give an EXHIBIT, or --case, but not both.") }
    }

    func run() throws {
        let console = Console(quiet: output.quiet)
        try console.guarded {
            let platform = try sourcePlatform.map { (p: String) throws(SanadError) -> Platform in
                guard let v = Platform(rawValue: p.lowercased()) else {
                    throw SanadError(.usage, "unknown platform '\(p)'", hint: "Use one of \(Platform.allNames).")
                }
                return v
            }
            let fields = IntakeFields(
                collectedBy: collectedBy, collectedAt: collectedAt, method: method, platform: platform,
                account: account, url: url, timezone: timezone, dateOrder: dateOrder, locale: locale,
                sensitive: sensitive, note: note)
            let ws = try Workspace.locate(explicit: location.workspace)
            let who = actor ?? AccountName.current()
            let item = exhibit?.uppercased()
            let a = try Amender(workspace: ws).amend(item: item, with: fields, reason: reason, actor: who)
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
