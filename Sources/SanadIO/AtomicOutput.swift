import CSanadSystem
import Foundation
import SanadModel

/// A file that appears under its final name whole or not at all: written under a temporary name
/// in the same folder (mode 0600, so nobody else reads a half-written archive or timeline),
/// synced, given its final mode and renamed into place, then the folder synced. Until `commit`
/// the temporary file is removed when the value is dropped, when a step fails, and when the
/// process is stopped by SIGINT, SIGTERM or SIGHUP. Seal, receive and the timeline's `-o` all
/// write through it, so they agree on every step.
public final class AtomicOutput {
    /// The absolute path the file gets on `commit`.
    public let path: String
    /// Where it is written until then: `.<name>.partial-<pid>-<random>`, beside it unless a
    /// temporary folder (on the same filesystem) was given.
    public let temporaryPath: String
    /// The temporary file, open for writing until `commit` or `discard`.
    public let fd: Int32
    private var open = true
    private var finished = false
    private let cleanupSlot: Int32

    /// Removes the temporary files that runs killed outright (SIGKILL, a power cut) left beside
    /// `path`: `.NAME.partial-PID-N` whose process no longer exists. A file of a running process
    /// is never touched. Returns the names removed, for the caller to report.
    @discardableResult
    public static func removeLeftovers(of path: String) -> [String] {
        let absolute = absolute(path)
        let dir = (absolute as NSString).deletingLastPathComponent
        let prefix = ".\((absolute as NSString).lastPathComponent).partial-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir) else {
            return []
        }
        var removed: [String] = []
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = pid_t(rest[..<dash]), pid > 0,
                pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            // A process id names a process on this machine only: a writer elsewhere (a shared
            // drive) still holds the lock every AtomicOutput takes on its temporary file.
            let path = "\(dir)/\(name)"
            let fd = Foundation.open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }
            if unlink(path) == 0 { removed.append(name) }
        }
        return removed
    }

    /// Creates the temporary file for `path`. With `replacing: false` (the default), an existing
    /// file at `path` is an error here, before anything is written, and again at `commit`.
    public init(path: String, replacing: Bool = false, temporaryFolder: String? = nil) throws(SanadError) {
        let absolute = Self.absolute(path)
        if !replacing, FileManager.default.fileExists(atPath: absolute) {
            throw SanadError(
                .usage, "\(path) already exists", hint: "Choose another output name; Sanad never overwrites an output.")
        }
        let dir = temporaryFolder.map { $0.isEmpty ? "." : $0 } ?? (absolute as NSString).deletingLastPathComponent
        let name = (absolute as NSString).lastPathComponent
        let tmp = "\(dir)/.\(name).partial-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = Foundation.open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let err = errno
            var isDir: ObjCBool = false
            let folder = (path as NSString).deletingLastPathComponent
            if err == ENOENT || err == ENOTDIR,
                !FileManager.default.fileExists(atPath: dir, isDirectory: &isDir)
                    || !isDir.boolValue
            {
                throw SanadError(
                    .pathNotFound, "cannot write \(path): the folder \(folder.isEmpty ? "." : folder) does not exist",
                    hint: "Create it first (mkdir -p \(folder.isEmpty ? "." : folder)), or give another path.")
            }
            throw SystemError.make(err, "write \(path) (through its temporary file \(tmp))")
        }
        // Held until the file is renamed or removed: `removeLeftovers` of another run skips it.
        _ = flock(fd, LOCK_EX | LOCK_NB)
        self.path = absolute
        temporaryPath = tmp
        self.fd = fd
        cleanupSlot = csanad_cleanup_add(tmp)
    }

    deinit { discard() }

    /// Flushes the file to disk (fsync) and closes it; the bytes can still be read at
    /// `temporaryPath` (receive verifies its copy there) until `commit`.
    public func sync() throws(SanadError) {
        guard open else { return }
        open = false
        let synced = fsync(fd) == 0
        let why = errno
        close(fd)
        guard synced else {
            discard()
            throw SystemError.make(why, "fsync \(temporaryPath)")
        }
    }

    /// Syncs if not yet synced, sets `mode` and renames the file into place, then syncs the folder.
    /// Refuses to replace a file that appeared at `path` meanwhile unless `replacing`.
    public func commit(mode: mode_t = 0o644, replacing: Bool = false) throws(SanadError) {
        try sync()
        guard !finished else { throw SanadError(.internalError, "\(path) was already committed or discarded") }
        if !replacing, FileManager.default.fileExists(atPath: path) {
            discard()
            throw SanadError(
                .usage, "\(path) already exists", hint: "Choose another output name; Sanad never overwrites an output.")
        }
        guard chmod(temporaryPath, mode) == 0 else {
            let error = SystemError.make(errno, "chmod \(temporaryPath)")
            discard()
            throw error
        }
        // Without `replacing`, a file that appeared at `path` since the check above is not
        // replaced either: the rename itself refuses it.
        let renamed =
            replacing ? rename(temporaryPath, path) == 0 : csanad_rename_noreplace(temporaryPath, path) == 0
        guard renamed else {
            let why = errno
            discard()
            if why == EEXIST, !replacing {
                throw SanadError(
                    .usage, "\(path) already exists",
                    hint: "Choose another output name; Sanad never overwrites an output.")
            }
            throw SystemError.make(why, "rename into \(path)")
        }
        finished = true
        csanad_cleanup_remove(cleanupSlot)
        AtomicFile.syncDirectory((path as NSString).deletingLastPathComponent)
    }

    /// Closes and removes the temporary file; nothing appears at `path`. Safe to call twice.
    public func discard() {
        if open {
            open = false
            close(fd)
        }
        guard !finished else { return }
        finished = true
        unlink(temporaryPath)
        csanad_cleanup_remove(cleanupSlot)
    }

    /// `path` made absolute and standardised (no `.` or `..`), symbolic links kept: the name the
    /// user gave is the name the file gets.
    public static func absolute(_ path: String) -> String {
        let joined = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (joined as NSString).standardizingPath
    }
}
