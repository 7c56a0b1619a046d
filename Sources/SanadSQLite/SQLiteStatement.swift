import CSanadSQLite
import SanadModel

/// One prepared statement, owned: finalized in `deinit`. Prepared once and reset per row, which
/// is what lets a rebuild insert a million events in seconds.
package final class SQLiteStatement {
    private let handle: OpaquePointer
    private let database: SQLiteDatabase

    /// SQLite copies the bytes before `bind` returns: the value may be freed at once.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    package init(_ handle: OpaquePointer, database: SQLiteDatabase) {
        self.handle = handle
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds text by its UTF-8 length, so a U+0000 inside an event's text does not cut it short.
    package func bind(_ index: Int32, _ value: String?) throws(SanadError) {
        guard var value else { return try check(sqlite3_bind_null(handle, index)) }
        let rc = value.withUTF8 { utf8 -> Int32 in
            guard let base = utf8.baseAddress else { return sqlite3_bind_text(handle, index, "", 0, Self.transient) }
            return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                sqlite3_bind_text(handle, index, $0, Int32(utf8.count), Self.transient)
            }
        }
        try check(rc)
    }

    /// Binds the first `count` bytes of `utf8` as text.
    package func bind(_ index: Int32, utf8: [UInt8], count: Int) throws(SanadError) {
        let rc = utf8.withUnsafeBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress, count > 0 else {
                return sqlite3_bind_text(handle, index, "", 0, Self.transient)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: count) {
                sqlite3_bind_text(handle, index, $0, Int32(min(count, buffer.count)), Self.transient)
            }
        }
        try check(rc)
    }

    package func bind(_ index: Int32, _ value: Int64) throws(SanadError) {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    /// True while there is a row to read; false when the statement is done.
    package func step() throws(SanadError) -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.failure(rc, "step")
        }
    }

    /// Makes the statement ready for the next row, keeping its compiled program.
    package func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    package func text(_ column: Int32) -> String? {
        guard sqlite3_column_type(handle, column) != SQLITE_NULL, let p = sqlite3_column_text(handle, column) else {
            return nil
        }
        let n = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    package func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    package func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

    private func check(_ rc: Int32) throws(SanadError) {
        guard rc == SQLITE_OK else { throw database.failure(rc, "bind") }
    }
}
