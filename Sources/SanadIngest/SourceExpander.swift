import Foundation
import SanadModel
import SanadWorkspace

/// Turns the paths given to `add` into a sorted list of regular files, checking every one
/// before anything is written: a missing or unreadable path stops the command with nothing added.
struct SourceExpander {
    struct Source {
        let path: String
        let fields: IntakeFields
        /// The manifest entry it came from, e.g. `item 3`; nil for a command-line path.
        var manifestPlace: String?
    }

    let workspaceRoot: String
    private(set) var warnings: [String] = []

    init(workspaceRoot: String) { self.workspaceRoot = workspaceRoot }

    mutating func expand(_ request: IngestRequest) throws(SanadError) -> [Source] {
        // Command-line fields are checked here; a manifest's fields were checked when it was read.
        try request.fields.validate()
        var out: [Source] = []
        for p in request.paths { out += try files(at: p, fields: request.fields) }
        if let m = request.manifest {
            let base = m.defaults.merged(over: request.fields)
            for (i, e) in m.entries.enumerated() {
                let path = e.path.hasPrefix("/") ? e.path : "\(m.directory.isEmpty ? "." : m.directory)/\(e.path)"
                out += try files(at: path, fields: e.fields.merged(over: base)).map {
                    var s = $0
                    s.manifestPlace = "item \(i + 1)"
                    return s
                }
            }
        }
        for s in out {
            guard s.fields.collectedBy != nil else {
                throw SanadError(
                    s.manifestPlace == nil ? .usage : .manifestInvalid,
                    "no collector given for \(s.manifestPlace.map { "\($0) (\(s.path))" } ?? s.path)",
                    hint: "Pass --collected-by NAME, or set collected_by in the manifest.")
            }
        }
        return out
    }

    private mutating func files(at given: String, fields: IntakeFields) throws(SanadError) -> [Source] {
        let abs = absolute(given)
        var st = stat()
        guard stat(abs, &st) == 0 else {
            let err = errno
            throw SanadError(
                err == ENOENT ? .pathNotFound : .pathUnreadable,
                "\(given): \(String(cString: strerror(err)))", hint: "Check the path; nothing was added.")
        }
        if abs == workspaceRoot || abs.hasPrefix(workspaceRoot + "/") || workspaceRoot.hasPrefix(abs + "/") {
            throw SanadError(
                .usage, "\(given) is inside the workspace, or holds it",
                hint: "Add evidence from outside the case workspace.")
        }
        if st.st_mode & S_IFMT == S_IFDIR {
            guard access(abs, R_OK | X_OK) == 0 else {
                throw SanadError(
                    .pathUnreadable, "\(given): folder cannot be read",
                    hint: "Check its permissions; nothing was added.")
            }
            return try walk(abs, fields: fields)
        }
        guard st.st_mode & S_IFMT == S_IFREG else {
            throw SanadError(
                .pathUnreadable, "\(given) is not a regular file",
                hint: "Give files or folders only; nothing was added.")
        }
        guard access(abs, R_OK) == 0 else {
            throw SanadError(
                .pathUnreadable, "\(given): permission denied", hint: "Check its permissions; nothing was added.")
        }
        return [Source(path: abs, fields: fields)]
    }

    private mutating func walk(_ dir: String, fields: IntakeFields) throws(SanadError) -> [Source] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: dir) } catch {
            throw SanadError(
                .pathUnreadable, "\(dir): folder cannot be read", hint: "Check its permissions; nothing was added.")
        }
        var out: [Source] = []
        // Byte order, so that exhibit numbers do not depend on the locale.
        for name in names.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            let path = "\(dir)/\(name)"
            var st = stat()
            guard lstat(path, &st) == 0 else { continue }
            // What an operating system leaves in a folder it showed (Finder, Explorer, a Mac's
            // zip): not evidence, and noted rather than numbered. Named on the command line, it is added.
            if Self.systemFiles.contains(name) || name.hasPrefix("._") && st.st_size <= 4096 || name == "__MACOSX" {
                warnings.append(
                    "\(path): left out, a file the operating system keeps for itself (add it by name to keep it)")
                continue
            }
            switch st.st_mode & S_IFMT {
            case S_IFLNK: warnings.append("\(path): symbolic link not followed")
            case S_IFDIR: out += try walk(path, fields: fields)
            case S_IFREG:
                guard access(path, R_OK) == 0 else {
                    throw SanadError(
                        .pathUnreadable, "\(path): permission denied", hint: "Check its permissions; nothing was added."
                    )
                }
                out.append(Source(path: path, fields: fields))
            default: warnings.append("\(path): not a regular file, skipped")
            }
        }
        return out
    }

    private func absolute(_ p: String) -> String { Workspace.canonicalPath(p) }

    /// Finder's and Explorer's own files, left out of a folder that is added.
    static let systemFiles: Set<String> = [".DS_Store", "Thumbs.db", "desktop.ini", "Desktop.ini", ".localized"]
}
