import Foundation
import SanadArchive
import SanadExtract
import SanadModel

/// An output's format follows its file's name unless an option says otherwise, and an option
/// that contradicts the name is refused: `seal --out case.tar` writes a tar (VERIFY.txt tells
/// the recipient to `tar -xf` it), `timeline -o t.html` writes HTML.
enum OutputNaming {
    /// `--format` of `seal`: given, it must be zip or tar and agree with a `.zip` or `.tar` name;
    /// not given, the name decides, and any other name gives a zip.
    static func archiveFormat(_ option: String?, out: String) throws(SanadError) -> ArchiveWriter.Format {
        let ext = (out as NSString).pathExtension.lowercased()
        let named = ArchiveWriter.Format(rawValue: ext)
        guard let option else { return named ?? .zip }
        guard let chosen = ArchiveWriter.Format(rawValue: option.lowercased()) else {
            throw SanadError(.usage, "--format must be zip or tar")
        }
        if let named, named != chosen {
            throw SanadError(
                .usage, "--format \(chosen.rawValue) does not match --out \(out), a .\(ext) name",
                hint: "Drop --format to write a \(named.rawValue), or name the file .\(chosen.rawValue).")
        }
        return chosen
    }

    /// `--format` of `timeline`: given, it must be known and agree with `-o`'s name when that
    /// names a format; not given, the name decides, then `--json`, then a table.
    static func timelineFormat(_ option: String?, out: String?, json: Bool) throws(SanadError) -> TimelineFormat {
        let named = out.flatMap { TimelineFormat(fileName: $0) }
        guard let option else {
            if let named { return named }
            return json ? .json : .table
        }
        guard var chosen = TimelineFormat(rawValue: option.lowercased()) else {
            throw SanadError(.usage, "unknown format '\(option)'", hint: "Use table, csv, json, jsonl or html.")
        }
        if json, chosen == .table { chosen = .json }
        if let named, let out, named != chosen {
            throw SanadError(
                .usage, "--format \(chosen.rawValue) does not match -o \(out)",
                hint: "Drop --format to write \(named.rawValue), or give the file a name that fits.")
        }
        return chosen
    }
}
