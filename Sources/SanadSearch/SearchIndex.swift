import Foundation
import SanadModel
import SanadSQLite
import SanadTimeline

/// The full-text index of a case's timeline (docs/TIMELINE.md, Search): an SQLite FTS5 file
/// that `sanad search` reads, rebuilt from the workspace whenever it is missing or stale.
///
/// The index is never evidence and never the source of truth. It holds a copy of each event's
/// canonical JSON so that a hit can be printed whole, and can always be deleted.
///
/// One instance holds one read-only SQLite connection and is used from one thread at a time.
public final class SearchIndex {
    /// Version of the file's layout and of its tokenizer's folding; an index of another
    /// version is stale.
    public static let schemaVersion = 2
    static let format = "sanad-search-index"

    /// bm25 weights of the searchable columns: text, sender, conversation title, attachment
    /// names. A word in what was said counts most; the title is on every event of its
    /// conversation and says least about any one of them.
    static let weights = "4.0, 2.0, 1.0, 2.0"

    static let schema = """
        CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE VIRTUAL TABLE events USING fts5(
            text, sender, conversation, attachments,
            platform UNINDEXED, kind UNINDEXED, time UNINDEXED, exhibit UNINDEXED, event UNINDEXED,
            tokenize = "\(FoldingTokenizer.declaration)");
        """

    public let path: String
    public let info: SearchIndexInfo
    private let database: SQLiteDatabase

    /// Opens an index for searching. Call `status` first: an index that is not current should
    /// be rebuilt, not read.
    ///
    /// With `cipher`, the file at `path` is an encrypted image, decrypted into memory only.
    public init(path: String, cipher: SearchIndexCipher? = nil) throws(SanadError) {
        guard cipher?.inMemoryOnly == true || access(path, F_OK) == 0 else {
            throw SanadError(.pathNotFound, "no search index at \(path)", hint: "Build it with SearchIndex.rebuild.")
        }
        let db: SQLiteDatabase
        if let cipher {
            let (size, fill) = try cipher.read(path)
            db = try SQLiteDatabase.fromImage(size: size, label: "the search index", fill: fill)
        } else {
            db = try SQLiteDatabase(path: path, mode: .readOnly)
        }
        try FTS5Availability.check(compileOptions: db.strings("PRAGMA compile_options"))
        let info = try Self.readInfo(db)
        if info.schemaVersion > Self.schemaVersion {
            throw SanadError.unsupportedVersion(
                found: info.schemaVersion, highestSupported: Self.schemaVersion,
                what: "the search index \(path)")
        }
        guard info.schemaVersion == Self.schemaVersion else {
            throw SanadError(
                .ioError, "the search index \(path) has schema version \(info.schemaVersion)",
                hint: "Rebuild it; Sanad rebuilds the index from the workspace.")
        }
        try FoldingTokenizer.register(on: db)
        // A sort that outgrows SQLite's cache would otherwise spill rows (snippets of messages)
        // into a temporary file: keep it in memory, as the builder does.
        try db.execute("PRAGMA temp_store = MEMORY;")
        self.path = path
        self.info = info
        self.database = db
    }

    /// Whether the index at `path` was built by this Sanad, with this schema, from `builtFrom`.
    /// Never throws: a damaged or foreign file is just stale.
    public static func status(at path: String, builtFrom: String) -> SearchIndexStatus {
        guard access(path, F_OK) == 0 else { return .missing }
        let info: SearchIndexInfo
        do {
            info = try readInfo(SQLiteDatabase(path: path, mode: .readOnly))
        } catch {
            return .stale(.unreadable(error.message))
        }
        return status(of: info, builtFrom: builtFrom)
    }

    /// Whether an index with `info` is current for `builtFrom` (an index already opened).
    public static func status(of info: SearchIndexInfo, builtFrom: String) -> SearchIndexStatus {
        if info.schemaVersion != schemaVersion { return .stale(.schemaVersion(found: info.schemaVersion)) }
        if info.toolVersion != Tool.version { return .stale(.toolVersion(found: info.toolVersion)) }
        if info.builtFrom != builtFrom { return .stale(.builtFrom(found: info.builtFrom)) }
        return .current(info)
    }

    /// Builds the index at `path` from `events`, replacing any index there in one rename.
    @discardableResult
    public static func rebuild(
        at path: String, builtFrom: String, events: some Sequence<TimelineEvent>
    )
        throws(SanadError) -> SearchIndexInfo
    {
        let builder = try SearchIndexBuilder(path: path, builtFrom: builtFrom)
        for event in events { try builder.add(event) }
        return try builder.finish()
    }

    /// Builds the index at `path` from what `feed` adds, for events that arrive from a
    /// parser's callback: `try SearchIndex.rebuild(at: p, builtFrom: head) { b in try parser.parse(input, b.add) }`.
    /// If `feed` throws, the old index stays as it was.
    @discardableResult
    public static func rebuild(
        at path: String, builtFrom: String, cipher: SearchIndexCipher? = nil,
        _ feed: (SearchIndexBuilder) throws(SanadError) -> Void
    ) throws(SanadError) -> SearchIndexInfo {
        let builder = try SearchIndexBuilder(path: path, builtFrom: builtFrom, cipher: cipher)
        try feed(builder)
        return try builder.finish()
    }

    /// Hits for `query` (Sanad's query syntax, `SearchQuery`), best first: by bm25, then in
    /// the order the events were added. Throws `usage` for a query with no words.
    public func search(
        _ query: String, filter: SearchFilter = SearchFilter(), limit: Int = 20, offset: Int = 0
    )
        throws(SanadError) -> [SearchHit]
    {
        try search(SearchQuery(query), filter: filter, limit: limit, offset: offset)
    }

    public func search(
        _ query: SearchQuery, filter: SearchFilter = SearchFilter(), limit: Int = 20, offset: Int = 0
    )
        throws(SanadError) -> [SearchHit]
    {
        guard limit > 0, offset >= 0 else {
            throw SanadError(.usage, "limit must be positive and offset not negative", hint: "Give --limit 1 or more.")
        }
        let match = try matchExpression(query)
        let (clause, values) = filter.sql
        let ranked = try database.prepare(
            """
            SELECT rowid, bm25(events, \(Self.weights)) AS score FROM events WHERE events MATCH ?\(clause)
            ORDER BY score, rowid LIMIT ? OFFSET ?
            """)
        try ranked.bind(1, match)
        for (k, v) in values.enumerated() { try ranked.bind(Int32(k + 2), v) }
        try ranked.bind(Int32(values.count + 2), Int64(limit))
        try ranked.bind(Int32(values.count + 3), Int64(offset))
        var top: [(rowid: Int64, score: Double)] = []
        while try ranked.step() { top.append((ranked.int64(0), ranked.double(1))) }

        // Snippets only for the hits shown: computing them inside the ranking query would
        // compute one for every match before sorting.
        let detail = try database.prepare(
            """
            SELECT snippet(events, -1, char(2), char(3), '…', 24), event FROM events \
            WHERE events MATCH ?1 AND rowid = ?2
            """)
        var hits: [SearchHit] = []
        for (k, row) in top.enumerated() {
            try detail.bind(1, match)
            try detail.bind(2, row.rowid)
            guard try detail.step(), let event = detail.text(1) else {
                throw SanadError(.ioError, "search index: event \(row.rowid) vanished", hint: "Rebuild the index.")
            }
            hits.append(
                SearchHit(
                    rank: offset + k + 1, score: -row.score,
                    snippet: SearchSnippet(marked: detail.text(0) ?? ""), eventJSON: event))
            detail.reset()
        }
        return hits
    }

    /// How many events match, for "20 of 153".
    public func count(_ query: SearchQuery, filter: SearchFilter = SearchFilter()) throws(SanadError) -> Int {
        let (clause, values) = filter.sql
        let stmt = try database.prepare("SELECT count(*) FROM events WHERE events MATCH ?\(clause)")
        try stmt.bind(1, try matchExpression(query))
        for (k, v) in values.enumerated() { try stmt.bind(Int32(k + 2), v) }
        guard try stmt.step() else { return 0 }
        return Int(stmt.int64(0))
    }

    /// The folded words of `text` as the index stores them: what a query term has to equal.
    public func tokens(of text: String) throws(SanadError) -> [String] {
        try FoldingTokenizer.tokens(of: text, on: database)
    }

    /// The query as FTS5 MATCH text, without the terms that hold no word (`!!!`, a lone
    /// fatha): FTS5 would drop them silently; an all-punctuation query is a usage error.
    private func matchExpression(_ query: SearchQuery) throws(SanadError) -> String {
        var kept: [SearchQuery.Term] = []
        for term in query.terms where try !tokens(of: term.text).isEmpty { kept.append(term) }
        guard !kept.isEmpty else {
            throw SearchQuery.empty(query.terms.map { $0.isPhrase ? "\"\($0.text)\"" : $0.text }.joined(separator: " "))
        }
        return try SearchQuery(terms: kept).matchExpression
    }

    static func metaRows(_ info: SearchIndexInfo) -> [(String, String)] {
        [
            ("format", format), ("schema_version", String(info.schemaVersion)), ("tool_version", info.toolVersion),
            ("built_from", info.builtFrom), ("event_count", String(info.eventCount)),
            ("tokenizer", FoldingTokenizer.declaration),
        ] + info.warnings.enumerated().map { ("warning.\($0.offset + 1)", $0.element) }
    }

    private static func readInfo(_ db: SQLiteDatabase) throws(SanadError) -> SearchIndexInfo {
        let stmt = try db.prepare("SELECT key, value FROM meta")
        var meta: [String: String] = [:]
        while try stmt.step() { meta[stmt.text(0) ?? ""] = stmt.text(1) }
        guard meta["format"] == format, let schema = meta["schema_version"].flatMap({ Int($0) }),
            let tool = meta["tool_version"], let from = meta["built_from"],
            let count = meta["event_count"].flatMap({ Int64($0) })
        else {
            throw SanadError(
                .ioError, "\(db.path) is not a complete Sanad search index",
                hint: "Delete it; Sanad rebuilds the index from the workspace.")
        }
        let warnings = meta.keys.filter { $0.hasPrefix("warning.") }
            .sorted { Int($0.dropFirst(8)) ?? 0 < Int($1.dropFirst(8)) ?? 0 }.compactMap { meta[$0] }
        return SearchIndexInfo(
            schemaVersion: schema, toolVersion: tool, builtFrom: from, eventCount: count, warnings: warnings)
    }
}
