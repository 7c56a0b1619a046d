import Foundation
import SanadModel
import SanadSQLite
import SanadTimeline

/// Builds a search index from scratch, so that a reader sees the old index or the new one and
/// never half of one.
///
/// The index is written to a temporary file beside its final name, with no journal and no
/// syncing while it grows (a crash loses only the temporary file, which the next build
/// removes), in one transaction with prepared statements. `finish` then syncs the file and
/// renames it into place. Dropping the builder without `finish` removes the temporary file.
public final class SearchIndexBuilder {
    public let path: String
    public let builtFrom: String
    let temporaryPath: String
    private let cipher: SearchIndexCipher?
    private var database: SQLiteDatabase?
    private var insert: SQLiteStatement?
    public private(set) var eventCount: Int64 = 0
    /// Stored with the index, and shown with every search (`SearchIndexInfo.warnings`).
    public var warnings: [String] = []

    /// Starts a build of the index at `path`. `builtFrom` identifies what the events will be
    /// read from, for `SearchIndex.status` to compare later: the custody log's head digest,
    /// plus anything else that changes the events (a `--timezone` given to the timeline).
    ///
    /// With `cipher`, the index is built in memory and only its encrypted image is written.
    public init(path: String, builtFrom: String, cipher: SearchIndexCipher? = nil) throws(SanadError) {
        self.path = path
        self.builtFrom = builtFrom
        self.cipher = cipher
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        // The index holds every message of the case: only its owner may read it.
        if mkdir(directory, 0o700) != 0, errno != EEXIST { throw SystemError.make(errno, "create \(directory)") }
        Self.removeLeftovers(of: url.lastPathComponent, in: directory)
        temporaryPath =
            directory + "/." + url.lastPathComponent + ".\(getpid())."
            + String(UInt64.random(in: 0...UInt64.max), radix: 16) + ".tmp"
        let db: SQLiteDatabase
        if cipher != nil {
            db = try SQLiteDatabase.inMemory()
        } else {
            let fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw SystemError.make(errno, "create \(temporaryPath)") }
            close(fd)
            db = try SQLiteDatabase(path: temporaryPath, mode: .readWriteCreate)
        }
        database = db
        try FTS5Availability.check(compileOptions: db.strings("PRAGMA compile_options"))
        try FoldingTokenizer.register(on: db)
        try db.execute(
            """
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE;
            PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;
            BEGIN;
            \(SearchIndex.schema)
            """)
        insert = try db.prepare(
            """
            INSERT INTO events(text, sender, conversation, attachments, platform, kind, time, exhibit, event)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            """)
    }

    deinit {
        insert = nil
        if database != nil {
            database = nil
            if cipher == nil { unlink(temporaryPath) }
        }
    }

    /// Adds one event. Its text, sender (name, phone, id), conversation title and attachment
    /// names are searchable; the whole event is stored as its canonical JSON line.
    public func add(_ event: TimelineEvent) throws(SanadError) {
        try add(event, jsonLine: event.jsonLine)
    }

    /// Adds one event whose canonical line the caller already has (it wrote the timeline):
    /// encoding it again is most of the cost of a build. `jsonLine` MUST be `event.jsonLine`,
    /// with the event's number (`source.event`) when the timeline gave it one.
    public func add(_ event: TimelineEvent, jsonLine line: [UInt8]) throws(SanadError) {
        guard let insert else { throw SanadError(.internalError, "search index: add after finish") }
        defer { insert.reset() }
        let sender = event.sender.map { s in [s.name, s.phone, s.id].compactMap { $0 }.joined(separator: "\n") }
        let attachments = event.attachments.compactMap(\.name)
        try insert.bind(1, Self.displayable(event.text))
        try insert.bind(2, Self.displayable(sender))
        try insert.bind(3, Self.displayable(event.conversation.title))
        try insert.bind(4, attachments.isEmpty ? nil : Self.displayable(attachments.joined(separator: "\n")))
        try insert.bind(5, event.platform.rawValue)
        try insert.bind(6, event.kind.rawValue)
        try insert.bind(7, event.time)
        try insert.bind(8, event.source.exhibit)
        try insert.bind(9, utf8: line, count: line.last == 0x0A ? line.count - 1 : line.count)
        _ = try insert.step()
        eventCount += 1
    }

    /// Records what the index was built from, commits, syncs, and renames it into place.
    @discardableResult
    public func finish() throws(SanadError) -> SearchIndexInfo {
        guard let db = database else { throw SanadError(.internalError, "search index: finish called twice") }
        let info = SearchIndexInfo(
            schemaVersion: SearchIndex.schemaVersion, toolVersion: Tool.version,
            builtFrom: builtFrom, eventCount: eventCount, warnings: warnings)
        let meta = try db.prepare("INSERT INTO meta(key, value) VALUES (?1, ?2)")
        for (key, value) in SearchIndex.metaRows(info) {
            try meta.bind(1, key)
            try meta.bind(2, value)
            _ = try meta.step()
            meta.reset()
        }
        // One b-tree per term instead of the segments a long build leaves: faster searches.
        try db.execute("INSERT INTO events(events) VALUES ('optimize'); COMMIT;")
        insert = nil
        if let cipher {
            try db.withImage { (image) throws(SanadError) in try cipher.write(image, path) }
            database = nil
            return info
        }
        database = nil
        try Self.sync(temporaryPath)
        guard rename(temporaryPath, path) == 0 else {
            let e = SystemError.make(errno, "rename into \(path)")
            unlink(temporaryPath)
            throw e
        }
        Self.syncDirectory(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        return info
    }

    /// U+0002 and U+0003 become U+FFFD in the stored copy used for snippets, where they would
    /// be read as match markers (`SearchSnippet`); both are word separators to the tokenizer
    /// either way, and the event JSON keeps them.
    static func displayable(_ text: String?) -> String? {
        guard let text, text.utf8.contains(where: { $0 == 0x02 || $0 == 0x03 }) else { return text }
        return String(
            String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\u{02}" || $0 == "\u{03}" ? "\u{FFFD}" : $0 }))
    }

    private static func sync(_ file: String) throws(SanadError) {
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError.make(errno, "open \(file)") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw SystemError.make(errno, "fsync \(file)") }
    }

    private static func syncDirectory(_ dir: String) {
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// Temporary files of builds that were killed: `.<name>.<pid>.<hex>.tmp` whose process is
    /// gone. A build still running (its pid alive) is left alone.
    private static func removeLeftovers(of name: String, in directory: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for entry in entries where entry.hasPrefix("." + name + ".") && entry.hasSuffix(".tmp") {
            let parts = entry.dropFirst(name.count + 2).split(separator: ".")
            guard parts.count == 3, let pid = pid_t(parts[0]) else { continue }
            if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH { unlink(directory + "/" + entry) }
        }
    }
}
