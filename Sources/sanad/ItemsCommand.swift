import ArgumentParser
import Foundation
import SanadIngest
import SanadModel
import SanadWorkspace

struct ItemsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "items",
        abstract: "List the case's exhibits: original name, type, size, flags and declarations.",
        discussion: "Declarations are shown as they stand; an amended one names who amended it, when and why.")

    @OptionGroup var location: WorkspaceOptions

    @Option(name: .long, help: "Only this exhibit (e.g. E0003); repeatable.")
    var exhibit: [String] = []

    @OptionGroup var output: OutputOptions

    func run() throws {
        let console = Console(quiet: output.quiet)
        try console.guarded {
            let ws = try WorkspaceAccess.open(location)
            let catalog = try ItemCatalog(ws)
            let wanted = Set(exhibit.map { $0.uppercased() })
            if let unknown = wanted.sorted().first(where: { id in !catalog.entries.contains { $0.id == id } }) {
                throw SanadError(.usage, "\(unknown) is not an exhibit of this case", hint: "Run 'sanad items'.")
            }
            let entries = catalog.entries.filter { wanted.isEmpty || wanted.contains($0.id) }
            if output.json {
                console.json([
                    "case_defaults": catalog.caseDefaults, "items": .array(entries.map(\.json)),
                ])
                return
            }
            for e in entries { console.out(Self.describe(e)) }
            console.note("\(entries.count) exhibit(s)")
        }
    }

    /// Two or more lines per exhibit: what it is, then each declaration.
    static func describe(_ e: ItemCatalog.Entry) -> String {
        var flags: [String] = []
        if e.isSensitive { flags.append("SENSITIVE") }
        if let of = e.committed.duplicateOf { flags.append("duplicate of \(of)") }
        if e.members > 0 { flags.append("\(e.members) members") }
        if e.committed.size == 0 { flags.append("empty file") }
        let name = Console.printable(e.originalName ?? "(no name)")
        var s = "\(e.id)  \(name)  \(e.typeLabel), \(e.committed.size) bytes"
        if !flags.isEmpty { s += "  [\(flags.joined(separator: ", "))]" }
        s += "\n    sha256 \(e.committed.sha256)"
        let collection = e.collection.objectValue ?? [:]
        for field in ItemCatalog.declarationFields where field != "sensitive" {
            guard let v = collection[field], v != JSONValue.null else { continue }
            s += "\n    \(field.replacingOccurrences(of: "_", with: " ")): \(Console.printable(AmendCommand.show(v)))"
            if let a = e.amendedBy[field] {
                s += "  (amended by \(a.actor) at \(a.time), entry \(a.seq): \(Console.printable(a.reason)))"
            }
        }
        return s
    }
}
