import ArgumentParser
import Foundation
import SanadExtract
import SanadModel
import SanadWorkspace

/// `--reveal-sensitive` and who reveals (docs/TIMELINE.md §8.6): the content of items marked
/// sensitive is shown only on request, and each request that shows some is recorded as a
/// `viewed` custody entry, signed as the workspace's other entries are.
struct RevealOptions: ParsableArguments {
    @Flag(
        name: .customLong("reveal-sensitive"),
        help: "Show the content of items marked sensitive, and record who viewed which in the custody log.")
    var revealSensitive = false

    @Option(name: .long, help: "Who views, with --reveal-sensitive (default: this computer's user account).")
    var actor: String?

    @OptionGroup(title: "Signing the 'viewed' entry") var signing: EntryKeyOptions

    /// Records the view in the workspace's log before anything is shown; for an archive, which
    /// has no log to write to, says so. Nothing is recorded when no sensitive item was read.
    func record(
        _ view: ViewRecorder.View, workspace: Workspace?, console: Console
    ) throws {
        guard revealSensitive, !view.read.isEmpty else { return }
        guard let workspace else {
            console.note(
                "sensitive item(s) \(view.shown.joined(separator: ", ")) shown; a sealed archive has no custody log "
                    + "to record this in: nothing was logged")
            return
        }
        var recorder = ViewRecorder(workspace: workspace)
        recorder.signer = try signing.signer(workspace)
        let entry = try recorder.record(view, actor: actor ?? AccountName.current())
        console.note(
            "sensitive item(s) \(view.shown.isEmpty ? "(none matched)" : view.shown.joined(separator: ", ")) shown; "
                + "recorded as custody entry \(entry.seq) ('viewed') by \(entry.actor)")
    }

    /// `report.html` for `-o dir/report.html`: the log keeps file names, not folders.
    static func outputName(_ out: String?) -> String {
        out.map { ($0 as NSString).lastPathComponent } ?? "stdout"
    }
}
