import CSanadSQLite
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
