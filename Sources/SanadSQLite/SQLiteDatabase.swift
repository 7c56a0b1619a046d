import CSanadSQLite
import Foundation
import SanadModel

/// One SQLite connection, owned: closed in `deinit`. Every failure becomes a `SanadError`
/// carrying SQLite's own message, so nothing above this file sees a result code.
package final class SQLiteDatabase {
    let handle: OpaquePointer
    package let path: String

    package enum Mode {
        case readOnly
        /// Creates the file if it is missing.
        case readWriteCreate
    }

    package init(path: String, mode: Mode) throws(SanadError) {
        var db: OpaquePointer?
        let flags =
            (mode == .readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
            | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteDatabase.error(rc, "open \(path): \(message)")
        }
        self.handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
    }

    private init(handle: OpaquePointer, path: String) {
        self.handle = handle
        self.path = path
        sqlite3_extended_result_codes(handle, 1)
    }

    /// A database that lives in memory only (SQLite's memdb VFS, one contiguous image), for an
    /// index that must never be plaintext on disk; `image` gives its bytes to be encrypted.
    package static func inMemory() throws(SanadError) -> SQLiteDatabase {
        var db: OpaquePointer?
        let name = "file:/sanad-\(UInt64.random(in: 0...UInt64.max))?vfs=memdb"
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(name, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            if let db { sqlite3_close_v2(db) }
            throw SQLiteDatabase.error(rc, "open an in-memory database")
        }
        return SQLiteDatabase(handle: db, path: ":memory:")
    }

    /// Calls `body` with the database's bytes: without a copy where SQLite holds them in one
    /// piece (memdb), else in a copy that is wiped and freed afterwards.
    package func withImage(_ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void) throws(SanadError) {
        var size: sqlite3_int64 = 0
        if let p = sqlite3_serialize(handle, "main", &size, UInt32(SQLITE_SERIALIZE_NOCOPY)) {
            return try body(UnsafeRawBufferPointer(start: p, count: Int(size)))
        }
        guard let p = sqlite3_serialize(handle, "main", &size, 0) else {
            throw SanadError(.internalError, "search index: the in-memory database cannot be serialised")
        }
        defer {
            memset(p, 0, Int(size))
            sqlite3_free(p)
        }
        try body(UnsafeRawBufferPointer(start: p, count: Int(size)))
    }

    /// A read-only database over `size` bytes that `fill` writes into a buffer SQLite owns (a
    /// decrypted index: it never touches the disk).
    package static func fromImage(
        size: Int, label: String, fill: (UnsafeMutableRawBufferPointer) throws(SanadError) -> Void
    ) throws(SanadError) -> SQLiteDatabase {
        guard let buffer = sqlite3_malloc64(sqlite3_uint64(max(size, 1))) else {
            throw SanadError(.internalError, "search index: no memory for \(size) bytes")
        }
        do { try fill(UnsafeMutableRawBufferPointer(start: buffer, count: size)) } catch {
            sqlite3_free(buffer)
            throw error
        }
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            sqlite3_free(buffer)
            if let db { sqlite3_close_v2(db) }
            throw SQLiteDatabase.error(rc, "open \(label)")
        }
        let flags = UInt32(SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY)
        let drc = sqlite3_deserialize(
            db, "main", buffer.assumingMemoryBound(to: UInt8.self), sqlite3_int64(size), sqlite3_int64(size), flags)
        guard drc == SQLITE_OK else {
            sqlite3_close_v2(db)
            throw SQLiteDatabase.error(drc, "read \(label)")
        }
        return SQLiteDatabase(handle: db, path: label)
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs SQL that returns no rows we need (schema, pragmas, transactions).
    package func execute(_ sql: String) throws(SanadError) {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw failure(rc, "\(sql.prefix(60))") }
    }

    package func prepare(_ sql: String) throws(SanadError) -> SQLiteStatement {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw failure(rc, "prepare \(sql.prefix(60))") }
        return SQLiteStatement(stmt, database: self)
    }

    /// Every row's first column as text (`PRAGMA compile_options`, `SELECT key, …`).
    package func strings(_ sql: String) throws(SanadError) -> [String] {
        let stmt = try prepare(sql)
        var out: [String] = []
        while try stmt.step() { out.append(stmt.text(0) ?? "") }
        return out
    }

    /// The error SQLite reports for `rc` on this connection, with what was being done.
    package func failure(_ rc: Int32, _ what: String) -> SanadError {
        SQLiteDatabase.error(rc, "\(what): \(String(cString: sqlite3_errmsg(handle)))")
    }

    /// Disk full is the user's to fix and says so; a damaged or foreign file is an I/O error
    /// whose fix is to rebuild, since the index is never the source of truth.
    package static func error(_ rc: Int32, _ message: String) -> SanadError {
        switch rc & 0xFF {
        case SQLITE_FULL:
            return SanadError(
                .diskFull, "search index: \(message)",
                hint: "Free some space on the workspace's disk and rebuild the index.")
        case SQLITE_CORRUPT, SQLITE_NOTADB:
            return SanadError(
                .ioError, "search index: \(message)",
                hint: "Delete the index file; Sanad rebuilds it from the workspace.")
        case SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_READONLY:
            return SanadError(
                .ioError, "search index: \(message)", hint: "Check the permissions of the workspace folder.")
        case SQLITE_NOMEM:
            return SanadError(.internalError, "search index: \(message)")
        default:
            return SanadError(.ioError, "search index: \(message)")
        }
    }
}
