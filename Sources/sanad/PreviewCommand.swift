import ArgumentParser
import Foundation
import SanadModel
import SanadPreview
import SanadWorkspace

struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Make an unrecognisable preview of an image exhibit, stored in the case as a derived item.",
        discussion: """
            Decodes the exhibit (JPEG, PNG, HEIC or WebP) with libvips under size and pixel limits, and stores a \
            greyscale, blurred PNG of at most 24 × 24 pixels as derived/<EXHIBIT>/preview.png with a record of its \
            source, digests, tool and parameters (encrypted in an encrypted workspace). A 'derived' custody entry \
            commits both. An exhibit that already has a preview gets no second one. An image over the limits (a \
            possible decompression bomb) is refused before any pixel is decoded.
            """)

    @OptionGroup var location: WorkspaceOptions

    @Argument(help: "The image exhibit, e.g. E0003.")
    var exhibit: String

    @Option(name: .long, help: "Who makes the preview (default: this computer's user account).")
    var actor: String?

    @OptionGroup(title: "Signing") var signing: EntryKeyOptions

    @OptionGroup var output: OutputOptions

    func run() throws {
        let console = Console(quiet: output.quiet)
        try console.guarded {
            let ws = try WorkspaceAccess.open(location)
            var maker = PreviewMaker(workspace: ws)
            maker.signer = try signing.signer(ws)
            let p = try maker.make(item: exhibit.uppercased(), actor: actor ?? AccountName.current())
            if output.json {
                console.json([
                    "item": .string(p.item), "created": .bool(p.created), "seq": .int(p.seq), "path": .string(p.path),
                    "record": .string(p.recordPath), "sha256": .string(p.sha256), "size": .int(p.size),
                    "source_sha256": .string(p.sourceSHA256),
                    "width": p.created ? .int(Int64(p.width)) : .null,
                    "height": p.created ? .int(Int64(p.height)) : .null,
                ])
                return
            }
            console.out("\(p.item)  \(p.path)  sha256 \(p.sha256)")
            if p.created {
                console.note("\(p.width) × \(p.height) greyscale; recorded as custody entry \(p.seq)")
            } else {
                console.note("\(p.item) already has a preview (custody entry \(p.seq)); nothing was written")
            }
        }
    }
}
